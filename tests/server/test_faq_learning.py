"""Learning from customers over HTTP: the anonymous search log, votes and tickets that nudge
ranking, the agents' search-gaps report, and the editable synonym table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpdesk_server.faq import synonyms
from tests.helpers import (
    AGENT,
    ALICE,
    BOB,
    CAROL,
    LiveServer,
    ServerFactory,
    auth_headers,
    login_token,
    sql,
)


def _search(url: str, q: str) -> dict[str, Any]:
    response = httpx.get(f"{url}/v1/articles/search", params={"q": q, "limit": 10})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_helpful_votes_from_a_search_lift_that_article(server_factory: ServerFactory) -> None:
    server = server_factory()
    query = "gift card balance"
    before = [h["slug"] for h in _search(server.url, query)["data"]]
    other_before = _search(server.url, "gift card payment")["data"]
    lifted = before[3]  # shown, close to its neighbours, far below the clear best answer
    for email in (ALICE, BOB, CAROL):
        search_id = _search(server.url, query)["search_id"]
        response = httpx.post(
            f"{server.url}/v1/articles/{lifted}/votes",
            json={"helpful": True, "search_id": search_id},
            headers=auth_headers(login_token(server.url, email)),
        )
        assert response.status_code == 200, response.text
    after = [h["slug"] for h in _search(server.url, query)["data"]]
    assert after.index(lifted) < before.index(lifted)
    assert after[0] == before[0]  # a bounded nudge: it cannot bury the clearly better match
    # Only that query (in any wording with the same words) learned it.
    def slugs(q: str) -> list[str]:
        return [h["slug"] for h in _search(server.url, q)["data"]]

    assert slugs("Balance of gift cards?")[:4] == after[:4]
    assert slugs("gift card payment") == [h["slug"] for h in other_before]


def test_tickets_after_a_search_feed_the_gaps_report(server_factory: ServerFactory) -> None:
    server = server_factory()
    customer = auth_headers(login_token(server.url, ALICE))
    agent = auth_headers(login_token(server.url, AGENT))
    for _ in range(2):
        body = _search(server.url, "kayak paddle rental near me")
        response = httpx.post(f"{server.url}/v1/searches/{body['search_id']}/escalation",
                              headers=customer)
        assert response.status_code == 204, response.text
    _search(server.url, "qwxzv zzyzx")  # finds nothing
    _search(server.url, "password")  # answered: not a gap
    report = httpx.get(f"{server.url}/v1/agent/search-gaps", headers=agent)
    assert report.status_code == 200, report.text
    gaps = {g["query"]: g for g in report.json()["data"]}
    assert gaps["qwxzv zzyzx"]["no_results"] == 1
    paddle = gaps["kayak paddle rental near me"]
    assert paddle["tickets"] == 2 and paddle["not_helped"] == 2 and paddle["searches"] == 2
    assert "password" not in gaps
    forbidden = httpx.get(f"{server.url}/v1/agent/search-gaps", headers=customer)
    assert forbidden.status_code == 403
    assert forbidden.headers["content-type"].startswith("application/problem+json")
    assert httpx.get(f"{server.url}/v1/agent/search-gaps").status_code == 401
    unknown = httpx.post(f"{server.url}/v1/searches/sq_nope/escalation", headers=customer)
    assert unknown.status_code == 404
    assert httpx.post(f"{server.url}/v1/searches/sq_nope/escalation").status_code == 401


def test_search_log_holds_no_personal_data(live_server: LiveServer) -> None:
    _search(live_server.url, "refund for order 100234 to bob@example.com see https://x.io/a")
    columns = {r["name"] for r in sql(live_server.db_path, "PRAGMA table_info(search_log)")}
    assert columns == {"id", "public_id", "day", "query", "query_key", "results", "shown",
                       "helpful", "not_helpful", "ticket"}
    rows = sql(live_server.db_path, "SELECT query, day FROM search_log WHERE query LIKE ?",
               "refund for order%")
    assert rows and rows[-1]["query"] == "refund for order [number] to [email] see [link]"
    assert len(rows[-1]["day"]) == 10  # a date, no time of day


def test_later_pages_keep_the_search_id(api: httpx.Client) -> None:
    first = api.get("/v1/articles/search", params={"q": "order", "limit": 2}).json()
    second = api.get("/v1/articles/search",
                     params={"q": "order", "limit": 2, "cursor": first["next_cursor"]}).json()
    assert second["search_id"] == first["search_id"] is not None
    assert not {h["id"] for h in first["data"]} & {h["id"] for h in second["data"]}


def test_synonym_table_validation(tmp_path: Path) -> None:
    table = synonyms.parse({"expansions": {"Money  Back": ["refund"]},
                            "equivalents": [["sign in", "log in"]]})
    assert table.expand(("money", "back")) == (("refund",),)
    assert table.expand(("log", "in")) == (("sign", "in"),)
    for bad in ([], {"expansions": {"x": "refund"}}, {"equivalents": [["only one"]]},
                {"expansions": {"": ["x"]}}):
        with pytest.raises(synonyms.SynonymFileError):
            synonyms.parse(bad)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(synonyms.SynonymFileError, match="not valid JSON"):
        synonyms.load(broken)
    assert synonyms.load().source == str(synonyms.DEFAULT_PATH)


def test_server_reads_the_synonym_file_it_is_pointed_at(
    tmp_path: Path, live_server: LiveServer
) -> None:
    table = tmp_path / "syn.json"
    table.write_text(json.dumps({"expansions": {"snowboard": ["klarna"]}}))
    # The shipped table knows nothing of snowboards: no hit on the default server.
    assert _search(live_server.url, "snowboard")["data"] == []
    server = LiveServer(tmp_path / "syn.db")
    env = {**os.environ, synonyms.ENV_VAR: str(table)}
    proc = subprocess.Popen(server._command(), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        body: dict[str, Any] = {}
        for _ in range(400):
            try:
                body = _search(server.url, "snowboard")
                break
            except httpx.TransportError:
                subprocess.run([sys.executable, "-c", "import time; time.sleep(0.05)"],
                               check=True)
        assert body["data"] and body["data"][0]["slug"] == "pay-in-4"
    finally:
        proc.terminate()
        proc.wait(timeout=15)
