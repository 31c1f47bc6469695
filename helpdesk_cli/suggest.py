"""FAQ suggestions before a ticket is sent: the cheapest help is the article that exists.

Suggestions are a courtesy: any failure yields no suggestions, never a lost ticket.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from helpdesk_cli.sanitize import clean

if TYPE_CHECKING:
    from api_client import Client
    from api_client.models import SearchHit, SearchPage

QUERY_BODY_CHARS = 200  # the subject says most; the start of the body adds the details


def suggestion_query(subject: str, body: str = "") -> str:
    """The search text for a ticket being written."""
    return f"{subject} {body[:QUERY_BODY_CHARS]}".strip()


def suggest(hd: Client, subject: str, body: str = "", limit: int = 3) -> list[SearchHit]:
    """Up to `limit` articles that may answer the ticket; [] when the search fails."""
    page = suggestions(hd, subject, body, limit)
    return list(page.data) if page is not None else []


def suggestions(hd: Client, subject: str, body: str = "", limit: int = 3,
                refines: str | None = None) -> SearchPage | None:
    """The suggestion search itself (its `search_id` lets the front end report a ticket
    opened anyway); None when there is nothing to search or the search failed.

    Suggestions follow the typing, so pass the `search_id` of the previous suggestion search
    of this form as `refines`: the search log then keeps the subject the customer settled
    on, not every prefix of it (search's learning and the agents' search-gaps report read
    that log)."""
    from api_client import errors as api_errors

    query = suggestion_query(subject, body)
    if not query:
        return None
    try:
        return hd.faq.search(query, limit=limit, refines=refines)
    except api_errors.ApiError:
        return None


def report_ticket_opened(hd: Client, search_id: str | None) -> None:
    """Tell search a ticket was opened after `search_id` did not help; a courtesy, so any
    failure is ignored (the ticket exists either way)."""
    from api_client import errors as api_errors

    if search_id:
        with contextlib.suppress(api_errors.ApiError):
            hd.faq.escalate(search_id)


def mark_spans(snippet: str) -> list[tuple[str, bool]]:
    """Split the server's `<mark>…</mark>` snippet into (text, highlighted) runs, after
    cleaning; stray tags are dropped, so no tag text reaches the screen."""
    spans: list[tuple[str, bool]] = []
    rest = clean(snippet)
    while rest:
        start = rest.find("<mark>")
        end = rest.find("</mark>", start + 6) if start >= 0 else -1
        if start < 0 or end < 0:
            spans.append((rest.replace("<mark>", "").replace("</mark>", ""), False))
            break
        spans.append((rest[:start].replace("</mark>", ""), False))
        spans.append((rest[start + 6 : end], True))
        rest = rest[end + 7 :]
    return [(text, marked) for text, marked in spans if text]
