"""Refresh reuse grace (parallel CLI processes) and logout by refresh token, over real HTTP."""

from __future__ import annotations

import httpx

from tests.helpers import ALICE, LiveServer, auth_headers, login
from tests.server.conftest import assert_problem


def _refresh(api: httpx.Client, token: object) -> httpx.Response:
    return api.post("/v1/auth/refresh", json={"refresh_token": token})


def test_parallel_refreshes_with_one_token_both_succeed(api: httpx.Client,
                                                         live_server: LiveServer) -> None:
    pair = login(live_server.url, ALICE)
    first = _refresh(api, pair["refresh_token"])
    second = _refresh(api, pair["refresh_token"])  # a second process, same stored token
    assert first.status_code == 200, first.text
    assert second.status_code == 200, second.text
    a, b = first.json(), second.json()
    assert a["access_token"] != b["access_token"] and a["refresh_token"] != b["refresh_token"]
    for new in (a, b):
        assert api.get("/v1/me", headers=auth_headers(new["access_token"])).status_code == 200
        # each successor refreshes normally in turn
        assert _refresh(api, new["refresh_token"]).status_code == 200


def test_grace_does_not_revive_a_logged_out_session(api: httpx.Client,
                                                     live_server: LiveServer) -> None:
    pair = login(live_server.url, ALICE)
    rotated = _refresh(api, pair["refresh_token"]).json()
    out = api.post("/v1/auth/logout", headers=auth_headers(rotated["access_token"]))
    assert out.status_code == 204
    assert_problem(_refresh(api, pair["refresh_token"]), 401, "unauthenticated")
    assert_problem(_refresh(api, rotated["refresh_token"]), 401, "unauthenticated")


def test_logout_ends_sibling_sessions_of_the_family(api: httpx.Client,
                                                     live_server: LiveServer) -> None:
    pair = login(live_server.url, ALICE)
    a = _refresh(api, pair["refresh_token"]).json()
    b = _refresh(api, pair["refresh_token"]).json()
    assert api.post("/v1/auth/logout", headers=auth_headers(a["access_token"])).status_code == 204
    assert_problem(api.get("/v1/me", headers=auth_headers(b["access_token"])), 401,
                   "unauthenticated")
    assert_problem(_refresh(api, b["refresh_token"]), 401, "unauthenticated")


def test_logout_with_refresh_token_and_dead_access_token(api: httpx.Client,
                                                         live_server: LiveServer) -> None:
    pair = login(live_server.url, ALICE)
    response = api.post("/v1/auth/logout", headers=auth_headers("hda_expired-or-forged"),
                        json={"refresh_token": pair["refresh_token"]})
    assert response.status_code == 204, response.text
    assert_problem(_refresh(api, pair["refresh_token"]), 401, "unauthenticated")
    assert_problem(api.get("/v1/me", headers=auth_headers(str(pair["access_token"]))), 401,
                   "unauthenticated")


def test_logout_with_only_a_refresh_token(api: httpx.Client, live_server: LiveServer) -> None:
    pair = login(live_server.url, ALICE)
    rotated = _refresh(api, pair["refresh_token"]).json()
    response = api.post("/v1/auth/logout", json={"refresh_token": rotated["refresh_token"]})
    assert response.status_code == 204, response.text
    assert_problem(_refresh(api, rotated["refresh_token"]), 401, "unauthenticated")
    assert_problem(api.get("/v1/me", headers=auth_headers(rotated["access_token"])), 401,
                   "unauthenticated")


def test_logout_without_any_valid_token_is_401(api: httpx.Client) -> None:
    assert_problem(api.post("/v1/auth/logout"), 401, "unauthenticated")
    assert_problem(api.post("/v1/auth/logout", json={}), 401, "unauthenticated")
    assert_problem(api.post("/v1/auth/logout", json={"refresh_token": "hdr_unknown"}), 401,
                   "unauthenticated")
    assert_problem(api.post("/v1/auth/logout", json={"refresh_token": 5}), 422, "validation")
