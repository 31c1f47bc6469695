"""Search as you type, logged as one search: `refines` carries the previous `search_id`, and
the server updates that log row instead of adding one per keystroke. Otherwise the agents'
search-gaps report and the learning fill with prefixes no customer meant to search."""

from __future__ import annotations

from typing import Any

import httpx

from helpdesk_server.faq import repo
from tests.helpers import (
    AGENT,
    ALICE,
    LiveServer,
    ServerFactory,
    auth_headers,
    login_token,
    sql,
    unmatched_word,
)


def _search(url: str, q: str, refines: str | None = None, **params: Any) -> dict[str, Any]:
    if refines is not None:
        params["refines"] = refines
    response = httpx.get(f"{url}/v1/articles/search", params={"q": q, "limit": 10, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _type(url: str, text: str, refines: str | None = None) -> list[dict[str, Any]]:
    """Search every prefix of `text` as a search-as-you-type client does, each search
    refining the one before; the responses, in order."""
    pages = []
    for end in range(1, len(text) + 1):
        if text[:end].strip() == text[:end]:  # the TUI strips what is typed
            pages.append(_search(url, text[:end], refines))
            refines = pages[-1]["search_id"]
    return pages


def _log(server: LiveServer, where: str = "1", *params: Any) -> list[dict[str, Any]]:
    rows = sql(server.db_path, f"SELECT * FROM search_log WHERE {where} ORDER BY id", *params)
    return [dict(row) for row in rows]



def test_typing_is_one_search_in_the_log_and_the_gaps_report(
    server_factory: ServerFactory,
) -> None:
    server = server_factory()  # an empty log: the report holds this test's searches only
    pages = _type(server.url, "qwxz zzyx")
    assert len(pages) == 8
    ids = {page["search_id"] for page in pages}
    assert len(ids) == 1 and None not in ids  # each refinement returned the same id
    log = _log(server)
    assert [(row["public_id"], row["query"], row["results"]) for row in log] == [
        (pages[0]["search_id"], "qwxz zzyx", 0)
    ]
    report = httpx.get(f"{server.url}/v1/agent/search-gaps",
                       headers=auth_headers(login_token(server.url, AGENT)))
    assert report.status_code == 200, report.text
    assert [(g["query"], g["searches"], g["no_results"]) for g in report.json()["data"]] == [
        ("qwxz zzyx", 1, 1)
    ]


def test_a_refined_row_holds_what_the_final_search_alone_would(live_server: LiveServer) -> None:
    """Every column a search writes follows the last refinement: query, its normal form,
    the result count and the first results (what a later ticket holds responsible)."""
    url = live_server.url
    first = _search(url, "gift")  # a prefix of a real query, with other first results
    assert [h["id"] for h in first["data"][:3]] != [h["id"] for h in
                                                    _search(url, "gift card balance")["data"][:3]]
    # Typed on past midnight (UTC): the search counts on the day it was finished.
    sql(live_server.db_path, "UPDATE search_log SET day = date(day, '-1 day') WHERE public_id = ?",
        first["search_id"])
    final = _search(url, "gift card balance", refines=first["search_id"])
    assert final["search_id"] == first["search_id"]
    alone = _search(url, "gift card balance")
    assert alone["search_id"] != final["search_id"]
    refined_row, alone_row = (
        _log(live_server, "public_id = ?", search_id)[0]
        for search_id in (final["search_id"], alone["search_id"])
    )
    columns = ("day", "query", "query_key", "results", "shown")
    assert {c: refined_row[c] for c in columns} == {c: alone_row[c] for c in columns}
    shown = [repo.article_public_id(int(i)) for i in str(refined_row["shown"]).split(",")]
    assert shown == [hit["id"] for hit in final["data"][:3]]


def test_the_refined_search_id_still_teaches_votes_and_tickets(
    server_factory: ServerFactory,
) -> None:
    server = server_factory()
    customer = auth_headers(login_token(server.url, ALICE))
    pages = _type(server.url, "kayak paddle rental")
    search_id = pages[-1]["search_id"]
    assert search_id == pages[0]["search_id"]
    final = pages[-1]["data"]
    assert final, "the final query should find articles"
    escalated = httpx.post(f"{server.url}/v1/searches/{search_id}/escalation",
                           headers=customer)
    assert escalated.status_code == 204, escalated.text
    voted = httpx.post(f"{server.url}/v1/articles/{final[0]['id']}/votes",
                       json={"helpful": False, "search_id": search_id}, headers=customer)
    assert voted.status_code == 200, voted.text
    [row] = _log(server)
    assert row["query"] == "kayak paddle rental" and row["ticket"] == 1
    assert repo.article_public_id(row["not_helpful"]) == final[0]["id"]
    # What was learned went to the final query, none of it to a prefix.
    feedback = sql(server.db_path,
                   "SELECT query_key, article_id, not_helpful, tickets FROM search_feedback")
    assert {r["query_key"] for r in feedback} == {row["query_key"]}
    assert {repo.article_public_id(r["article_id"]) for r in feedback if r["tickets"]} == {
        hit["id"] for hit in final[:3]
    }
    report = httpx.get(f"{server.url}/v1/agent/search-gaps",
                       headers=auth_headers(login_token(server.url, AGENT))).json()["data"]
    assert [(g["query"], g["searches"], g["tickets"]) for g in report] == [
        ("kayak paddle rental", 1, 1)
    ]
    alone = _search(server.url, "kayak paddle rental")["search_id"]
    assert _log(server, "public_id = ?", alone)[0]["query_key"] == row["query_key"]


def test_a_search_with_a_vote_or_a_ticket_is_finished(live_server: LiveServer) -> None:
    url = live_server.url
    customer = auth_headers(login_token(url, ALICE))
    finished = []
    for query, helpful in (("password reset", True), ("gift card balance", False)):
        page = _search(url, query)
        response = httpx.post(f"{url}/v1/articles/{page['data'][0]['id']}/votes",
                              json={"helpful": helpful, "search_id": page["search_id"]},
                              headers=customer)
        assert response.status_code == 200, response.text
        finished.append((page, query))
    page = _search(url, "refund not received")
    response = httpx.post(f"{url}/v1/searches/{page['search_id']}/escalation",
                          headers=customer)
    assert response.status_code == 204, response.text
    finished.append((page, "refund not received"))
    for done, query in finished:
        word = unmatched_word()
        after = _search(url, f"{query} {word}", refines=done["search_id"])
        assert after["search_id"] not in (None, done["search_id"])
        assert [r["query"] for r in _log(live_server, "public_id = ?", done["search_id"])] == [
            query  # the finished search kept its query
        ]
        assert [r["query"] for r in _log(live_server, "public_id = ?", after["search_id"])] == [
            f"{query} {word}"
        ]
        # The new search is a chain of its own: refining it updates it.
        again = _search(url, f"{query} {word}s", refines=after["search_id"])
        assert again["search_id"] == after["search_id"]
        assert [r["query"] for r in _log(live_server, "query LIKE ?", f"%{word}%")] == [
            f"{query} {word}s"
        ]


def test_an_unknown_or_malformed_refines_logs_a_new_search(live_server: LiveServer) -> None:
    url = live_server.url
    word = unmatched_word()
    bogus = ["sq_nope", "", "sq_" + "0" * 20, "sq_" + "x" * 5_000, "' OR 1=1 --", "\u00e9\x7f"]
    before = len(_log(live_server))
    returned = []
    for refines in bogus:
        page = _search(url, f"tent pole {word}", refines=refines)
        assert page["data"] and page["search_id"] not in (None, refines)
        returned.append(page["search_id"])
    assert len(set(returned)) == len(bogus)
    assert len(_log(live_server)) == before + len(bogus)
    assert len(_log(live_server, "query = ?", f"tent pole {word}")) == len(bogus)


def test_later_pages_ignore_refines(live_server: LiveServer) -> None:
    url = live_server.url
    other = _search(url, unmatched_word())
    first = _search(url, "order", limit=2)
    before = _log(live_server)
    second = _search(url, "order", refines=other["search_id"], limit=2,
                     cursor=first["next_cursor"])
    assert second["search_id"] == first["search_id"]
    assert _log(live_server) == before  # later pages are not logged, refines or not
