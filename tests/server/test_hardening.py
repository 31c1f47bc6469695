"""Review fixes: rate-limit keys, a busy database, PAT secrets and idempotency, over HTTP."""

from __future__ import annotations

import secrets
import sqlite3
import uuid

import httpx

from helpdesk_server.middleware import RateLimitMiddleware
from tests.helpers import (
    ALICE,
    DEMO_PASSWORD,
    LiveServer,
    ServerFactory,
    auth_headers,
    login_token,
    sql,
)
from tests.server.conftest import assert_problem


def test_random_bearer_tokens_do_not_escape_the_ip_limit(server_factory: ServerFactory) -> None:
    server = server_factory(rate_limit_per_minute=5)
    with httpx.Client(base_url=server.url) as api:
        token = login_token(server.url, ALICE)  # 1 of the IP's 5
        statuses = [
            api.post("/v1/auth/token",
                     headers={"Authorization": f"Bearer {secrets.token_hex(8)}"},
                     json={"email": ALICE, "password": "guess"}).status_code
            for _ in range(6)
        ]
        assert statuses == [401] * 4 + [429] * 2
        assert api.get("/v1/categories").status_code == 429  # anonymous: same IP bucket
        # a verified token bills its user, so it still works while the IP is spent
        me = api.get("/v1/me", headers=auth_headers(token))
        assert me.status_code == 200
        assert me.headers["ratelimit-remaining"] == "4"


def test_tokens_of_one_user_share_one_budget(server_factory: ServerFactory) -> None:
    server = server_factory(rate_limit_per_minute=6)
    headers = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url) as api:
        created = api.post("/v1/tokens", json={"name": "extra"}, headers=headers)
        assert created.status_code == 201
        pat = auth_headers(created.json()["token"])
        used = [api.get("/v1/me", headers=h).status_code for h in (pat, headers) * 3]
        assert used == [200, 200, 200, 200, 200, 429]


def test_rate_limit_table_stays_bounded() -> None:
    async def app(scope: object, receive: object, send: object) -> None:
        raise AssertionError("never called")

    limiter = RateLimitMiddleware(app, limit_per_minute=10, max_windows=100)  # type: ignore[arg-type]
    for n in range(1000):
        limiter._hit(f"ip:10.0.{n // 256}.{n % 256}", 1000.0 + n / 1000)
    assert sum(1 for _ in limiter.shared.rate.entries()) <= 100
    limiter._hit("ip:late", 2000.0)  # a minute later every old window has expired
    assert limiter.shared.rate.live(2000.0, 60.0) == 1


def test_busy_database_gives_503_and_logins_do_not_need_the_lock(
    server_factory: ServerFactory,
) -> None:
    server = server_factory()
    headers = auth_headers(login_token(server.url, ALICE))
    holder = sqlite3.connect(server.db_path, isolation_level=None, timeout=10)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer holds SQLite's write lock
        with httpx.Client(base_url=server.url, timeout=60) as api:
            wrong = api.post("/v1/auth/token", json={"email": ALICE, "password": "nope-nope"})
            assert_problem(wrong, 401, "unauthenticated")  # argon2 ran without the lock
            bad = api.post("/v1/me/password", headers=headers,
                           json={"current_password": "wrong-one", "new_password": "x" * 12})
            assert_problem(bad, 422, "validation")
            busy = api.post("/v1/tickets", headers=headers,
                            json={"subject": "Busy", "body": "Still there?"})
            body = assert_problem(busy, 503, "unavailable")
            assert busy.headers["retry-after"] == "1"
            assert body["hint"]
        holder.execute("ROLLBACK")
        with httpx.Client(base_url=server.url, timeout=60) as api:
            retry = api.post("/v1/tickets", headers=headers,
                             json={"subject": "Busy", "body": "Still there?"})
            assert retry.status_code == 201
            assert api.post("/v1/auth/token", json={"email": ALICE, "password": DEMO_PASSWORD}
                            ).status_code == 200
    finally:
        holder.close()
    assert "Traceback" not in server.log()


def test_token_secret_is_never_stored_or_replayed(api: httpx.Client,
                                                  live_server: LiveServer,
                                                  alice: dict[str, str]) -> None:
    key = {"Idempotency-Key": f"pat-{uuid.uuid4()}"}
    created = api.post("/v1/tokens", json={"name": "ci"}, headers={**alice, **key})
    assert created.status_code == 201, created.text
    secret = created.json()["token"]
    rows = sql(live_server.db_path, "SELECT body FROM idempotency_keys WHERE key = ?",
               key["Idempotency-Key"])
    assert len(rows) == 1 and secret not in bytes(rows[0]["body"]).decode()
    replay = api.post("/v1/tokens", json={"name": "ci"}, headers={**alice, **key})
    body = assert_problem(replay, 409, "conflict")
    assert created.json()["id"] in body["detail"] and "once" in body["detail"]
    assert secret not in replay.text
    other = api.post("/v1/tokens", json={"name": "other"}, headers={**alice, **key})
    assert_problem(other, 409, "idempotency-key-reused")
    listed = api.get("/v1/tokens", headers=alice, params={"limit": 100}).json()["data"]
    assert sum(t["name"] == "ci" and t["id"] == created.json()["id"] for t in listed) == 1
