"""``faq.search(refines=...)`` and the ticket form's suggestion helper: search as you type,
through the typed client and the real server, is one search in the agents' gaps report."""

from __future__ import annotations

from helpers import AGENT, unmatched_word

from api_client import Client
from helpdesk_cli.suggest import suggestions

from .conftest import MakeClient


def _gaps_of(make_client: MakeClient, text: str) -> list[tuple[str, int]]:
    """The gaps report's entries for `text` or any prefix of it (3+ characters)."""
    typed = {text[:end] for end in range(3, len(text) + 1)}
    gaps = make_client(AGENT).faq.search_gaps(days=7, limit=100).data
    return [(gap.query, gap.searches) for gap in gaps if gap.query in typed]


def test_typing_through_the_client_is_one_search(make_client: MakeClient) -> None:
    hd = make_client()
    word = unmatched_word()
    search_id = None
    for end in range(3, len(word) + 1):  # each prefix finds nothing: each would be a gap
        page = hd.faq.search(word[:end], refines=search_id)
        assert page.data == [] and page.search_id
        assert search_id in (None, page.search_id)
        search_id = page.search_id
    assert _gaps_of(make_client, word) == [(word, 1)]
    # Without refines (a client that does not chain), every keystroke was a search of its own.
    other = unmatched_word()
    for end in range(3, 6):
        hd.faq.search(other[:end])
    assert sorted(_gaps_of(make_client, other)) == [(other[:end], 1) for end in range(3, 6)]


def test_suggestions_while_the_subject_is_typed_are_one_search(make_client: MakeClient) -> None:
    hd: Client = make_client()
    word = unmatched_word()
    subject = f"tent pole {word}"
    search_id = None
    for end in range(len("tent pole ") + 3, len(subject) + 1):
        page = suggestions(hd, subject[:end], refines=search_id)
        assert page is not None and page.data and page.search_id
        assert search_id in (None, page.search_id)
        search_id = page.search_id
    alice = make_client("alice@example.com")
    alice.faq.escalate(search_id)  # the ticket was opened anyway: now a gap, under its subject
    assert _gaps_of(make_client, subject) == [(subject, 1)]
