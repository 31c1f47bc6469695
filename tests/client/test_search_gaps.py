"""``faq.search_gaps``: the agents' report of unanswered searches, through the typed client."""

from __future__ import annotations

import pytest
from helpers import AGENT, unmatched_word

from api_client import errors, models

from .conftest import MakeClient


def test_search_gaps_is_typed_and_agent_only(make_client: MakeClient) -> None:
    word = unmatched_word()
    assert make_client().faq.search(f"{word} qxv").data == []
    page = make_client(AGENT).faq.search_gaps(days=7, limit=100)
    assert all(isinstance(gap, models.SearchGap) for gap in page.data)
    mine = [gap for gap in page.data if word in gap.query]
    assert len(mine) == 1 and mine[0].no_results == 1 and mine[0].searches == 1
    assert len(mine[0].last_seen) == 10 and page.next_cursor is None
    with pytest.raises(errors.PermissionDeniedError):
        make_client("alice@example.com").faq.search_gaps()
    with pytest.raises(errors.AuthenticationError):
        make_client().faq.search_gaps()


def test_search_page_carries_the_search_id_and_the_respelling(make_client: MakeClient) -> None:
    page = make_client().faq.search("paswrod")
    assert isinstance(page, models.SearchPage)
    assert page.did_you_mean == "password" and page.data
    assert page.search_id


def test_a_ticket_after_a_search_reaches_the_gaps_report(make_client: MakeClient) -> None:
    word = unmatched_word()
    alice = make_client("alice@example.com")
    page = alice.faq.search(f"tent pole {word}")
    assert page.search_id
    alice.faq.escalate(page.search_id)
    voted = alice.faq.vote(page.data[0].id, helpful=False, search_id=page.search_id)
    assert voted.helpful is False
    gaps = make_client(AGENT).faq.search_gaps(days=7, limit=100).data
    mine = [gap for gap in gaps if word in gap.query]
    assert len(mine) == 1 and mine[0].tickets == 1, mine
    with pytest.raises(errors.NotFoundError):
        alice.faq.escalate("sq_nope")
