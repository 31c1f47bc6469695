"""Cross-cutting conventions: request ids, problems, bad input, idempotency, paging, limits."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import ALICE, ServerFactory, auth_headers, login_token
from tests.server.conftest import assert_problem, new_ticket, sql


def test_request_id_is_echoed_when_sane(api: httpx.Client) -> None:
    assert api.get("/v1/meta", headers={"X-Request-ID": "abc.DEF-1_2"}).headers[
        "x-request-id"] == "abc.DEF-1_2"
    for bad in ("has space", "x" * 65, "<script>"):
        rid = api.get("/v1/meta", headers={"X-Request-ID": bad}).headers["x-request-id"]
        assert rid != bad and len(rid) <= 64
    assert api.get("/v1/nowhere").headers["x-request-id"]


def test_meta(api: httpx.Client) -> None:
    meta = api.get("/v1/meta").json()
    assert meta["api_version"] == "1"
    assert "tickets" in meta["features"]


def test_unknown_route_and_method_are_problems(api: httpx.Client) -> None:
    assert_problem(api.get("/v1/nowhere"), 404, "not-found")
    response = api.delete("/v1/meta")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(("payload", "field"), [
    ({"subject": "", "body": "b"}, "subject"),
    ({"subject": "   ", "body": "b"}, "subject"),
    ({"subject": "s" * 201, "body": "b"}, "subject"),
    ({"subject": "s", "body": ""}, "body"),
    ({"subject": "s", "body": "b" * 20_001}, "body"),
    ({"subject": 5, "body": "b"}, "subject"),
    ({"subject": "s", "body": "b", "priority": "asap"}, "priority"),
    ({"subject": "s", "body": "b", "attachment_ids": "att_x"}, "attachment_ids"),
    ({"subject": "s", "body": "b", "colour": "red"}, "colour"),
    ({"subject": "s", "body": "b", "category": ""}, "category"),
    ({"subject": "s", "body": "b", "category": "c" * 51}, "category"),
    ({"body": "b"}, "subject"),
])
def test_bad_ticket_input_is_422_with_field(api: httpx.Client, alice: dict[str, str],
                                            payload: dict[str, Any], field: str) -> None:
    body = assert_problem(api.post("/v1/tickets", json=payload, headers=alice), 422,
                          "validation")
    assert field in {e["field"] for e in body["errors"]}


def test_malformed_json_is_400(api: httpx.Client, alice: dict[str, str]) -> None:
    response = api.post("/v1/tickets", content=b'{"subject": "x",',
                        headers={**alice, "Content-Type": "application/json"})
    assert_problem(response, 400, "bad-request")
    not_object = api.post("/v1/tickets", json=["subject"], headers=alice)
    assert_problem(not_object, 422, "validation")


@pytest.mark.parametrize("path", ["/v1/me", "/v1/tokens"])
def test_unknown_fields_are_refused_everywhere(api: httpx.Client, alice: dict[str, str],
                                               path: str) -> None:
    method = "PATCH" if path == "/v1/me" else "POST"
    response = api.request(method, path, json={"name": "x", "admin": True}, headers=alice)
    assert assert_problem(response, 422, "validation")["errors"][0]["field"] == "admin"


def test_account_update(api: httpx.Client, bob: dict[str, str]) -> None:
    me = api.patch("/v1/me", json={"phone": "+1 312 555 0100"}, headers=bob).json()
    assert me["phone"] == "+1 312 555 0100" and me["name"] == "Bob Okafor"
    assert api.patch("/v1/me", json={"phone": None}, headers=bob).json()["phone"] is None
    assert_problem(api.patch("/v1/me", json={"name": None}, headers=bob), 422, "validation")
    assert_problem(api.patch("/v1/me", json={"name": "n" * 101}, headers=bob), 422, "validation")


@pytest.mark.parametrize("cursor", ["!!!", "bm90IGpzb24", "WzFd", "eyJrIjoiYSJ9", "eyJrIjotMX0",
                                    "eyJrIjp0cnVlfQ", "e30"])
def test_bad_cursors_are_400(api: httpx.Client, alice: dict[str, str], cursor: str) -> None:
    for path in ("/v1/tickets", "/v1/orders", "/v1/tokens"):
        assert_problem(api.get(path, params={"cursor": cursor}, headers=alice), 400,
                       "bad-request")


@pytest.mark.parametrize("limit", ["0", "101", "ten", "-1"])
def test_bad_limits_are_422(api: httpx.Client, alice: dict[str, str], limit: str) -> None:
    assert_problem(api.get("/v1/tickets", params={"limit": limit}, headers=alice), 422,
                   "validation")


def test_idempotent_create_replays_and_refuses_changes(api: httpx.Client,
                                                       alice: dict[str, str]) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    payload = {"subject": "Charged twice", "body": "I see two charges for NW-48877."}
    first = api.post("/v1/tickets", json=payload, headers={**alice, **key})
    again = api.post("/v1/tickets", json=payload, headers={**alice, **key})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in first.headers
    listed = api.get("/v1/tickets", headers=alice, params={"limit": 100}).json()["data"]
    assert sum(t["id"] == first.json()["id"] for t in listed) == 1
    changed = api.post("/v1/tickets", json={**payload, "body": "different"},
                       headers={**alice, **key})
    assert_problem(changed, 409, "idempotency-key-reused")


def test_concurrent_retries_make_one_ticket(api: httpx.Client, alice: dict[str, str],
                                            live_server: Any) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    payload = {"subject": "Concurrent retry", "body": key["Idempotency-Key"]}
    results: list[httpx.Response] = []

    def create() -> None:
        with httpx.Client(base_url=live_server.url, timeout=30) as client:
            results.append(client.post("/v1/tickets", json=payload, headers={**alice, **key}))

    threads = [threading.Thread(target=create) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {r.status_code for r in results} == {201}
    assert len({r.json()["id"] for r in results}) == 1
    rows = sql(live_server.db_path, "SELECT COUNT(*) FROM messages WHERE body = ?",
               key["Idempotency-Key"])
    assert rows[0][0] == 1


def test_idempotency_keys_are_per_user(api: httpx.Client, alice: dict[str, str],
                                       bob: dict[str, str]) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    payload = {"subject": "same key", "body": "b"}
    a = api.post("/v1/tickets", json=payload, headers={**alice, **key})
    b = api.post("/v1/tickets", json=payload, headers={**bob, **key})
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


def test_pagination_visits_every_row_once_while_rows_are_added(
        server_factory: ServerFactory) -> None:
    server = server_factory()
    headers = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url, timeout=30) as api:
        for i in range(23):
            new_ticket(api, headers, subject=f"existing {i}")
        before = {t["id"] for t in api.get("/v1/tickets", headers=headers,
                                            params={"limit": 100}).json()["data"]}
        seen: list[str] = []
        cursor: str | None = None
        added = 0
        while True:
            params: dict[str, Any] = {"limit": 4}
            if cursor:
                params["cursor"] = cursor
            page = api.get("/v1/tickets", headers=headers, params=params).json()
            seen += [t["id"] for t in page["data"]]
            new_ticket(api, headers, subject=f"added while paging {added}")  # lands on page 1
            added += 1
            cursor = page["next_cursor"]
            if cursor is None:
                break
    assert len(seen) == len(set(seen))
    assert set(seen) == before


def test_rate_limit(server_factory: ServerFactory) -> None:
    server = server_factory(rate_limit_per_minute=5)
    headers = auth_headers(login_token(server.url, ALICE))  # counted per IP, not per token
    with httpx.Client(base_url=server.url) as api:
        responses = [api.get("/v1/me", headers=headers) for _ in range(6)]
        assert [r.status_code for r in responses] == [200] * 5 + [429]
        assert [r.headers["ratelimit-remaining"] for r in responses[:5]] == ["4", "3", "2",
                                                                             "1", "0"]
        limited = responses[-1]
        body = assert_problem(limited, 429, "rate-limited")
        assert body["detail"]
        assert limited.headers["ratelimit-limit"] == "5"
        assert limited.headers["ratelimit-remaining"] == "0"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert 1 <= int(limited.headers["ratelimit-reset"]) <= 60
        # per token: another token has its own window; meta is never limited
        other = auth_headers(login_token(server.url, "bob@example.com"))
        assert api.get("/v1/me", headers=other).status_code == 200
        # anonymous callers are counted per IP; meta is never limited and carries no headers
        anonymous = [api.get("/v1/categories").status_code for _ in range(5)]
        assert anonymous[-1] == 429
        for _ in range(3):
            meta = api.get("/v1/meta")
            assert meta.status_code == 200 and "ratelimit-limit" not in meta.headers


def test_data_survives_a_restart(server_factory: ServerFactory, tmp_path: Any) -> None:
    server = server_factory()
    headers = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url) as api:
        ticket = new_ticket(api, headers, subject="Survives restarts")
        upload = api.post("/v1/attachments", headers=headers,
                          files={"file": ("a.txt", b"kept", "text/plain")}).json()
        token = api.post("/v1/tokens", json={"name": "kept"}, headers=headers).json()["token"]
    server.stop()
    server.start()
    with httpx.Client(base_url=server.url) as api:
        assert api.get(f"/v1/tickets/{ticket['id']}", headers=headers).json() == ticket
        assert api.get(f"/v1/attachments/{upload['id']}", headers=headers).content == b"kept"
        assert api.get("/v1/me", headers=auth_headers(token)).status_code == 200
        orders = api.get("/v1/orders", headers=headers, params={"limit": 100}).json()["data"]
        assert len(orders) == 6  # re-seeding on restart added nothing


def _backdate_key(server: Any, key: str, seconds: float) -> None:
    """Make an idempotency key look ``seconds`` old (the passing of time, without sleeping)."""
    sql(server.db_path, "UPDATE idempotency_keys SET created_epoch = ? WHERE key = ?",
        time.time() - seconds, key)


def test_idempotency_keys_are_kept_24_hours(api: httpx.Client, alice: dict[str, str],
                                            live_server: Any) -> None:
    key = uuid.uuid4().hex
    headers = {**alice, "Idempotency-Key": key}
    payload = {"subject": "Kept for a day", "body": key}
    first = api.post("/v1/tickets", json=payload, headers=headers)
    assert first.status_code == 201
    _backdate_key(live_server, key, 24 * 3600 - 120)  # just inside the window
    replay = api.post("/v1/tickets", json=payload, headers=headers)
    assert replay.headers.get("idempotent-replayed") == "true"
    assert replay.json()["id"] == first.json()["id"]
    assert_problem(api.post("/v1/tickets", json={**payload, "body": "changed"},
                            headers=headers), 409, "idempotency-key-reused")
    _backdate_key(live_server, key, 24 * 3600 + 120)  # expired: the key is free again
    fresh = api.post("/v1/tickets", json={**payload, "body": "changed"}, headers=headers)
    assert fresh.status_code == 201 and "idempotent-replayed" not in fresh.headers
    assert fresh.json()["id"] != first.json()["id"]
    # ...and is remembered anew for the new request
    again = api.post("/v1/tickets", json={**payload, "body": "changed"}, headers=headers)
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json()["id"] == fresh.json()["id"]
    rows = sql(live_server.db_path, "SELECT COUNT(*) FROM idempotency_keys WHERE key = ?", key)
    assert rows[0][0] == 1


PUBLIC_OPERATIONS = {
    ("get", "/v1/meta"), ("get", "/v1/categories"), ("get", "/v1/articles"),
    ("get", "/v1/articles/search"), ("get", "/v1/articles/{ref}"),
    ("post", "/v1/auth/token"), ("post", "/v1/auth/refresh"),
}


def _operations() -> list[tuple[str, str]]:
    doc = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
    return sorted((method, path) for path, item in doc["paths"].items() for method in item
                  if path.startswith("/v1/"))


@pytest.mark.parametrize(("method", "path"), _operations())
def test_every_private_route_needs_a_token(api: httpx.Client, method: str, path: str) -> None:
    concrete = re.sub(r"\{[^}]+\}", "x1", path)
    response = api.request(method.upper(), concrete, json={})
    if (method, path) in PUBLIC_OPERATIONS:
        assert response.status_code != 401, response.text
    else:
        assert_problem(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_public_operations_exist() -> None:
    assert set(_operations()) >= PUBLIC_OPERATIONS  # the list above is not stale


def test_timestamps_are_rfc3339_utc(api: httpx.Client, alice: dict[str, str]) -> None:
    ticket = new_ticket(api, alice)
    stamps = [ticket["created_at"], ticket["updated_at"], ticket["messages"][0]["created_at"]]
    orders = api.get("/v1/orders", headers=alice).json()["data"]
    detail = api.get(f"/v1/orders/{orders[0]['id']}", headers=alice).json()
    stamps += [detail["created_at"]] + [p["created_at"] for p in detail["payments"]]
    stamps += [e["at"] for s in detail["shipments"] for e in s["events"]]
    stamps.append(api.get("/v1/articles/KB101").json()["updated_at"])
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp), stamp
        assert datetime.fromisoformat(stamp).utcoffset() == timedelta(0)


def test_openapi_rate_limit_declarations_follow_the_middleware(api: httpx.Client) -> None:
    """The contract declares 429/503 exactly where the middleware limits, from one set."""
    from helpdesk_server.middleware import RATE_LIMIT_EXEMPT

    paths = api.get("/openapi.json").json()["paths"]
    assert set(paths) >= RATE_LIMIT_EXEMPT
    for path, item in paths.items():
        limited = path.startswith("/v1/") and path not in RATE_LIMIT_EXEMPT
        for method, operation in item.items():
            declared = {"429", "503"} & set(operation["responses"])
            assert declared == ({"429", "503"} if limited else set()), (method, path)
