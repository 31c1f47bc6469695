"""FAQ routes over real HTTP against the seeded live server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpdesk_server.db import connect, init_db
from helpdesk_server.faq.seed import seed_articles, seed_synthetic_articles
from tests.helpers import DEMO_PASSWORD, ServerFactory

# Exercised here over HTTP as well as on the function level (quoting, URL decoding, limits).
HOSTILE = [
    '"', "(", "password)", "NOT", "OR AND NEAR", "NEAR(a b, 1)", "*", "pass*", "^x",
    "title:password", "{title}: x", "\x00", "a\x00b", "\x1b[2J", "🙂", "🔥 refund",
    "ｐａｓｓ", "%", "%25", "'; DROP TABLE articles; --", "<mark>x</mark>", "a" * 10_000,
    "refund " * 1_428,
]


@pytest.fixture(scope="module")
def api(live_server: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield client


def _token(api: httpx.Client, email: str) -> str:
    response = api.post("/v1/auth/token", json={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _all_pages(api: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(200):
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        response = api.get(path, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["data"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination did not end")


def test_categories_with_counts(api: httpx.Client) -> None:
    body = api.get("/v1/categories").json()
    assert body["next_cursor"] is None
    categories = body["data"]
    assert len(categories) >= 6
    assert all(re.fullmatch(r"c_\d+", c["id"]) for c in categories)
    for category in categories[:3]:
        listed = _all_pages(api, "/v1/articles", category=category["slug"], limit=100)
        assert len(listed) == category["article_count"] > 0


def test_listing_by_category_visits_each_article_once(api: httpx.Client) -> None:
    category = api.get("/v1/categories").json()["data"][1]["slug"]
    pages = _all_pages(api, "/v1/articles", category=category, limit=3)
    ids = [a["id"] for a in pages]
    assert len(ids) == len(set(ids)) > 3
    assert {a["category"]["slug"] for a in pages} == {category}
    assert [a["title"] for a in pages] == sorted(a["title"] for a in pages)
    everything = _all_pages(api, "/v1/articles", limit=7)
    assert len({a["id"] for a in everything}) == len(everything) >= 60
    assert set(ids) <= {a["id"] for a in everything}
    assert all(a["excerpt"] and "**" not in a["excerpt"] for a in everything)


def test_get_article_by_id_and_slug(api: httpx.Client) -> None:
    by_id = api.get("/v1/articles/KB101")
    assert by_id.status_code == 200
    article = by_id.json()
    assert article["slug"] == "reset-your-password"
    assert article["body"].lstrip().startswith("Forgot your password")
    assert "## Steps" in article["body"]
    assert article["tags"] and article["related"]
    assert api.get("/v1/articles/reset-your-password").json() == article
    assert api.get("/v1/articles/kb101").json()["id"] == "KB101"
    related = article["related"][0]
    assert api.get(f"/v1/articles/{related['id']}").json()["slug"] == related["slug"]


@pytest.mark.parametrize("ref", ["KB999999", "no-such-article", "KB0", "KB" + "9" * 30, "x" * 200])
def test_unknown_article_is_404_problem(api: httpx.Client, ref: str) -> None:
    response = api.get(f"/v1/articles/{ref}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "not-found"


def test_search_ranks_and_highlights(api: httpx.Client) -> None:
    response = api.get("/v1/articles/search", params={"q": "pasword"})
    assert response.status_code == 200
    hits = response.json()["data"]
    assert hits and "password" in hits[0]["title"].lower()
    assert "<mark>" in hits[0]["snippet"]
    assert set(hits[0]) == {"id", "slug", "title", "category", "snippet", "score", "updated_at"}
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_category_filter_and_unknown_category(api: httpx.Client) -> None:
    hits = api.get(
        "/v1/articles/search", params={"q": "refund", "category": "payments-billing"}
    ).json()["data"]
    assert hits and {h["category"]["slug"] for h in hits} == {"payments-billing"}
    response = api.get("/v1/articles/search", params={"q": "refund", "category": "nope"})
    assert response.status_code == 404 and response.json()["code"] == "not-found"


def test_search_pagination_and_cursors(api: httpx.Client) -> None:
    full = api.get("/v1/articles/search", params={"q": "order", "limit": 100}).json()["data"]
    paged = _all_pages(api, "/v1/articles/search", q="order", limit=5)
    assert [h["id"] for h in paged] == [h["id"] for h in full]
    first = api.get("/v1/articles/search", params={"q": "order", "limit": 5}).json()
    other_query = api.get(
        "/v1/articles/search", params={"q": "refund", "cursor": first["next_cursor"]}
    )
    assert other_query.status_code == 400 and other_query.json()["code"] == "bad-request"
    for bad in ["!!!", "eyJ4IjoxfQ", "e30"]:
        response = api.get("/v1/articles/search", params={"q": "order", "cursor": bad})
        assert response.status_code == 400, bad
        response = api.get("/v1/articles", params={"cursor": bad})
        assert response.status_code == 400, bad


def test_single_letters_are_ignored_but_digits_kept(api: httpx.Client) -> None:
    def ids(q: str) -> list[str]:
        return [h["id"] for h in api.get("/v1/articles/search", params={"q": q}).json()["data"]]

    assert ids("a") == [] and ids("x y z") == []
    assert ids("a password b") == ids("password") != []
    assert ids("2fa")


def test_search_cursor_is_bound_to_its_category(api: httpx.Client) -> None:
    params = {"q": "refund", "limit": 2}
    page = api.get("/v1/articles/search", params=params).json()
    assert page["next_cursor"]
    moved = api.get("/v1/articles/search", params={
        **params, "cursor": page["next_cursor"], "category": "returns-refunds"})
    assert moved.status_code == 400 and moved.json()["code"] == "bad-request"


def test_search_paging_stops_at_200_hits(server_factory: ServerFactory, tmp_path: Path) -> None:
    db = tmp_path / "hd0.db"  # the path server_factory gives its first server
    init_db(db)
    conn = connect(db)
    try:
        seed_articles(conn)  # the real categories first
        seed_synthetic_articles(conn, 400)
    finally:
        conn.close()
    server = server_factory()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        hits = _all_pages(client, "/v1/articles/search", q="order", limit=30)
        assert len(hits) == len({h["id"] for h in hits}) == 200
        first = client.get("/v1/articles/search", params={"q": "order", "limit": 100}).json()
        last = client.get("/v1/articles/search", params={
            "q": "order", "limit": 100, "cursor": first["next_cursor"]}).json()
        assert len(last["data"]) == 100 and last["next_cursor"] is None


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_search_queries_never_fail(api: httpx.Client, query: str) -> None:
    response = api.get("/v1/articles/search", params={"q": query})
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body["data"], list)


@pytest.mark.parametrize(
    ("params", "status"),
    [({"q": ""}, 422), ({"q": "x" * 10_001}, 422), ({}, 422), ({"q": "a", "limit": 0}, 422),
     ({"q": "a", "limit": 101}, 422)],
)
def test_search_parameter_validation(
    api: httpx.Client, params: dict[str, Any], status: int
) -> None:
    response = api.get("/v1/articles/search", params=params)
    assert response.status_code == status
    assert response.json()["code"] == "validation"


def test_votes(api: httpx.Client) -> None:
    path = "/v1/articles/KB706/votes"
    assert api.post(path, json={"helpful": True}).status_code == 401
    alice = {"Authorization": f"Bearer {_token(api, 'alice@example.com')}"}
    carol = {"Authorization": f"Bearer {_token(api, 'carol@example.com')}"}
    start = api.get("/v1/articles/KB706").json()
    h0, n0 = start["helpful_count"], start["not_helpful_count"]

    first = api.post(path, json={"helpful": True}, headers=alice)
    assert first.status_code == 200, first.text
    assert first.json() == {"article_id": "KB706", "helpful": True,
                            "helpful_count": h0 + 1, "not_helpful_count": n0}
    again = api.post(path, json={"helpful": True}, headers=alice).json()
    assert (again["helpful_count"], again["not_helpful_count"]) == (h0 + 1, n0)  # one per user
    changed = api.post(path, json={"helpful": False}, headers=alice).json()
    assert (changed["helpful_count"], changed["not_helpful_count"]) == (h0, n0 + 1)
    other = api.post("/v1/articles/tent-care/votes", json={"helpful": False}, headers=carol)
    assert other.json()["not_helpful_count"] == n0 + 2  # by slug, another user
    article = api.get("/v1/articles/KB706").json()
    assert (article["helpful_count"], article["not_helpful_count"]) == (h0, n0 + 2)


@pytest.mark.parametrize(
    "body", [{"helpful": "yes"}, {"helpful": 1}, {}, {"helpful": True, "extra": 1}, None]
)
def test_vote_validation(api: httpx.Client, body: Any) -> None:
    headers = {"Authorization": f"Bearer {_token(api, 'bob@example.com')}"}
    response = api.post("/v1/articles/KB101/votes", json=body, headers=headers)
    assert response.status_code in (400, 422)
    assert response.headers["content-type"].startswith("application/problem+json")


def test_vote_on_unknown_article_is_404(api: httpx.Client) -> None:
    headers = {"Authorization": f"Bearer {_token(api, 'bob@example.com')}"}
    response = api.post("/v1/articles/KB999999/votes", json={"helpful": True}, headers=headers)
    assert response.status_code == 404
