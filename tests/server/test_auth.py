"""Login, expiry, refresh rotation, logout and personal tokens, over real HTTP."""

from __future__ import annotations

import hashlib
import time

import httpx

from tests.helpers import (
    ALICE,
    BOB,
    DEMO_PASSWORD,
    LiveServer,
    ServerFactory,
    auth_headers,
    login,
    sql,
)
from tests.server.conftest import assert_problem


def test_login_returns_a_token_pair_for_the_user(api: httpx.Client) -> None:
    response = api.post("/v1/auth/token", json={"email": ALICE, "password": DEMO_PASSWORD})
    assert response.status_code == 200
    pair = response.json()
    assert pair["access_token"].startswith("hda_")
    assert pair["refresh_token"].startswith("hdr_")
    assert pair["token_type"] == "bearer"
    assert pair["expires_in"] == 3600
    assert pair["user"]["email"] == ALICE
    assert pair["user"]["role"] == "customer"
    me = api.get("/v1/me", headers=auth_headers(pair["access_token"]))
    assert me.json()["id"] == pair["user"]["id"]


def test_email_is_case_insensitive(api: httpx.Client) -> None:
    response = api.post("/v1/auth/token", json={"email": "Alice@Example.COM",
                                                "password": DEMO_PASSWORD})
    assert response.status_code == 200


def test_wrong_password_and_unknown_email_are_the_same_401(api: httpx.Client) -> None:
    wrong = api.post("/v1/auth/token", json={"email": ALICE, "password": "nope-nope"})
    unknown = api.post("/v1/auth/token", json={"email": "zed@example.com", "password": "x"})
    for response in (wrong, unknown):
        body = assert_problem(response, 401, "unauthenticated")
        assert body["detail"] == "Wrong email or password."
        assert "www-authenticate" in response.headers


def test_protected_routes_need_a_valid_token(api: httpx.Client) -> None:
    assert_problem(api.get("/v1/me"), 401, "unauthenticated")
    assert_problem(api.get("/v1/me", headers=auth_headers("hda_forged")), 401, "unauthenticated")
    assert_problem(api.get("/v1/tickets", headers={"Authorization": "Basic eDp5"}), 401,
                   "unauthenticated")


def test_refresh_token_is_not_an_access_token(api: httpx.Client, live_server: LiveServer) -> None:
    pair = login(live_server.url, ALICE)
    response = api.get("/v1/me", headers=auth_headers(str(pair["refresh_token"])))
    assert_problem(response, 401, "unauthenticated")


def test_access_token_expires(server_factory: ServerFactory) -> None:
    server = server_factory(access_token_ttl=3)  # 1 s: a stall on a loaded CI machine
    token = str(login(server.url, ALICE)["access_token"])  # expired it before the first use
    assert httpx.get(f"{server.url}/v1/me", headers=auth_headers(token)).status_code == 200
    deadline = time.monotonic() + 10
    status = 200
    while status == 200 and time.monotonic() < deadline:
        time.sleep(0.3)
        status = httpx.get(f"{server.url}/v1/me", headers=auth_headers(token)).status_code
    assert status == 401


def test_logout_revokes_access_and_refresh(api: httpx.Client, live_server: LiveServer) -> None:
    pair = login(live_server.url, ALICE)
    headers = auth_headers(str(pair["access_token"]))
    assert api.post("/v1/auth/logout", headers=headers).status_code == 204
    assert_problem(api.get("/v1/me", headers=headers), 401, "unauthenticated")
    refreshed = api.post("/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert_problem(refreshed, 401, "unauthenticated")


def test_refresh_rotates_and_refuses_reuse_after_the_grace_window(
    server_factory: ServerFactory,
) -> None:
    server = server_factory(refresh_reuse_grace=1)
    first = login(server.url, ALICE)
    with httpx.Client(base_url=server.url) as api:
        response = api.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert response.status_code == 200
        second = response.json()
        assert second["refresh_token"] != first["refresh_token"]
        assert second["user"]["email"] == ALICE
        # the old access token died with the rotation, the new one works
        assert_problem(api.get("/v1/me", headers=auth_headers(str(first["access_token"]))), 401,
                       "unauthenticated")
        assert api.get("/v1/me", headers=auth_headers(second["access_token"])).status_code == 200
        time.sleep(1.5)  # past the grace window
        # reusing the old refresh token is refused and (theft assumed) ends the new session too
        reuse = api.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert_problem(reuse, 401, "unauthenticated")
        assert_problem(api.get("/v1/me", headers=auth_headers(second["access_token"])), 401,
                       "unauthenticated")
        again = api.post("/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
        assert_problem(again, 401, "unauthenticated")


def test_garbage_refresh_token_is_401(api: httpx.Client) -> None:
    assert_problem(api.post("/v1/auth/refresh", json={"refresh_token": "hdr_nope"}), 401,
                   "unauthenticated")


def test_personal_token_works_until_deleted(api: httpx.Client, alice: dict[str, str]) -> None:
    created = api.post("/v1/tokens", json={"name": "backup script"}, headers=alice)
    assert created.status_code == 201, created.text
    token = created.json()
    assert token["token"].startswith("hdp_")
    assert token["id"].startswith("pat_")
    assert token["token"].startswith(token["prefix"])
    pat = auth_headers(token["token"])
    assert api.get("/v1/me", headers=pat).json()["email"] == ALICE
    listed = api.get("/v1/tokens", headers=alice, params={"limit": 100}).json()["data"]
    mine = [t for t in listed if t["id"] == token["id"]]
    assert mine and "token" not in mine[0]
    assert mine[0]["last_used_at"] is not None
    assert api.delete(f"/v1/tokens/{token['id']}", headers=alice).status_code == 204
    assert_problem(api.get("/v1/me", headers=pat), 401, "unauthenticated")
    assert_problem(api.delete(f"/v1/tokens/{token['id']}", headers=alice), 404, "not-found")


def test_logout_with_a_personal_token_deletes_it(api: httpx.Client,
                                                 alice: dict[str, str]) -> None:
    token = api.post("/v1/tokens", json={"name": "one-off"}, headers=alice).json()
    pat = auth_headers(token["token"])
    assert api.post("/v1/auth/logout", headers=pat).status_code == 204
    assert_problem(api.get("/v1/me", headers=pat), 401, "unauthenticated")


def test_personal_token_expiry_is_reported(api: httpx.Client, alice: dict[str, str]) -> None:
    token = api.post("/v1/tokens", json={"name": "ci", "expires_in_days": 30},
                     headers=alice).json()
    assert token["expires_at"] > token["created_at"]
    assert token["expires_at"].endswith("Z")


def test_nobody_sees_or_deletes_another_users_token(api: httpx.Client, alice: dict[str, str],
                                                    bob: dict[str, str]) -> None:
    token = api.post("/v1/tokens", json={"name": "alice only"}, headers=alice).json()
    bobs = api.get("/v1/tokens", headers=bob, params={"limit": 100}).json()["data"]
    assert token["id"] not in {t["id"] for t in bobs}
    assert_problem(api.delete(f"/v1/tokens/{token['id']}", headers=bob), 404, "not-found")
    assert api.get("/v1/me", headers=auth_headers(token["token"])).status_code == 200


def test_password_change_revokes_other_sessions(server_factory: ServerFactory) -> None:
    server = server_factory()
    url = server.url
    other = auth_headers(str(login(url, BOB)["access_token"]))
    mine = auth_headers(str(login(url, BOB)["access_token"]))
    wrong = httpx.post(f"{url}/v1/me/password", headers=mine,
                       json={"current_password": "not-it", "new_password": "n3w-passw0rd"})
    body = assert_problem(wrong, 422, "validation")
    assert body["errors"][0]["field"] == "current_password"
    short = httpx.post(f"{url}/v1/me/password", headers=mine,
                       json={"current_password": DEMO_PASSWORD, "new_password": "short"})
    assert_problem(short, 422, "validation")
    ok = httpx.post(f"{url}/v1/me/password", headers=mine,
                    json={"current_password": DEMO_PASSWORD, "new_password": "n3w-passw0rd"})
    assert ok.status_code == 204
    assert httpx.get(f"{url}/v1/me", headers=mine).status_code == 200
    assert httpx.get(f"{url}/v1/me", headers=other).status_code == 401
    old = httpx.post(f"{url}/v1/auth/token", json={"email": BOB, "password": DEMO_PASSWORD})
    assert old.status_code == 401
    assert login(url, BOB, "n3w-passw0rd")["access_token"]


def test_expired_personal_token_is_refused(api: httpx.Client, alice: dict[str, str],
                                           live_server: LiveServer) -> None:
    token = api.post("/v1/tokens", json={"name": "short-lived", "expires_in_days": 1},
                     headers=alice).json()
    pat = auth_headers(token["token"])
    assert api.get("/v1/me", headers=pat).status_code == 200
    sql(live_server.db_path, "UPDATE personal_tokens SET expires_epoch = ? WHERE public_id = ?",
        time.time() - 1, token["id"])  # a day has passed
    assert_problem(api.get("/v1/me", headers=pat), 401, "unauthenticated")


def test_expired_refresh_token_is_refused(api: httpx.Client, live_server: LiveServer) -> None:
    pair = login(live_server.url, ALICE)
    digest = hashlib.sha256(str(pair["refresh_token"]).encode()).hexdigest()
    sql(live_server.db_path, "UPDATE sessions SET refresh_expires = ? WHERE refresh_hash = ?",
        time.time() - 1, digest)
    refused = api.post("/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert_problem(refused, 401, "unauthenticated")


def test_personal_tokens_survive_a_password_change(server_factory: ServerFactory) -> None:
    server = server_factory()
    mine = auth_headers(str(login(server.url, BOB)["access_token"]))
    pat = httpx.post(f"{server.url}/v1/tokens", json={"name": "cron"}, headers=mine).json()
    same = httpx.post(f"{server.url}/v1/me/password", headers=mine,
                      json={"current_password": DEMO_PASSWORD, "new_password": DEMO_PASSWORD})
    assert same.json()["errors"][0]["field"] == "new_password"
    changed = httpx.post(f"{server.url}/v1/me/password", headers=mine,
                         json={"current_password": DEMO_PASSWORD, "new_password": "an0ther-one"})
    assert changed.status_code == 204
    me = httpx.get(f"{server.url}/v1/me", headers=auth_headers(pat["token"]))
    assert me.status_code == 200 and me.json()["email"] == BOB


def test_a_personal_token_cannot_create_personal_tokens(api: httpx.Client,
                                                        alice: dict[str, str]) -> None:
    """A leaked script token must not be able to mint a (longer-lived) successor."""
    pat = api.post("/v1/tokens", json={"name": "nightly", "expires_in_days": 30},
                   headers=alice).json()
    as_pat = auth_headers(pat["token"])
    for payload in ({"name": "child"}, {"name": "child", "expires_in_days": 1}):
        body = assert_problem(api.post("/v1/tokens", json=payload, headers=as_pat),
                              403, "forbidden")
        assert "password" in body["hint"]
    mine = api.get("/v1/tokens", headers=alice, params={"limit": 100}).json()["data"]
    assert not [t for t in mine if t["name"] == "child"]
    # the token still reads, lists and deletes; a login session still creates
    assert api.get("/v1/tokens", headers=as_pat).status_code == 200
    assert api.post("/v1/tokens", json={"name": "child"}, headers=alice).status_code == 201
