"""What the contract now states and the server enforces: `Allow` on 405, 415 for bodies that
are not JSON, strict JSON types, non-blank text, status enums, a name that cannot be null."""

from __future__ import annotations

import httpx
import pytest

from tests.server.conftest import assert_problem


@pytest.mark.parametrize(("method", "path", "allow"), [
    ("OPTIONS", "/v1/me", "GET, PATCH"),
    ("OPTIONS", "/v1/tickets", "GET, POST"),
    ("PUT", "/v1/tokens", "GET, POST"),
    ("DELETE", "/v1/meta", "GET"),
])
def test_405_allow_lists_every_method_of_the_path(api: httpx.Client, alice: dict[str, str],
                                                  method: str, path: str, allow: str) -> None:
    response = api.request(method, path, headers=alice)
    assert_problem(response, 405, "method-not-allowed")
    assert response.headers["allow"] == allow


def test_a_body_that_is_not_json_is_415(api: httpx.Client, alice: dict[str, str]) -> None:
    response = api.patch("/v1/me", content=b'{"name": "Alice"}',
                         headers={**alice, "Content-Type": "text/plain"})
    assert_problem(response, 415, "unsupported-media-type")
    logout = api.post("/v1/auth/logout", content=b"x", headers={"Content-Type": "text/plain"})
    assert_problem(logout, 415, "unsupported-media-type")


def test_json_types_are_strict(api: httpx.Client, alice: dict[str, str]) -> None:
    for body in ({"name": "x", "expires_in_days": "30"}, {"name": "x", "expires_in_days": True}):
        response = api.post("/v1/tokens", json=body, headers=alice)
        assert_problem(response, 422, "validation")
    vote = api.post("/v1/articles/KB101/votes", json={"helpful": 1}, headers=alice)
    assert_problem(vote, 422, "validation")


def test_blank_text_is_refused_by_the_contracts_pattern(api: httpx.Client,
                                                        alice: dict[str, str]) -> None:
    response = api.post("/v1/tickets", json={"subject": " \u3000\ufeff", "body": "text"},
                        headers=alice)
    body = assert_problem(response, 422, "validation")
    assert body["errors"] == [{"field": "subject", "message": "Must not be blank."}]
    # A character Python counts as whitespace but ECMA-262 (JSON Schema) does not is text.
    kept = api.post("/v1/tickets", json={"subject": " \x1f ", "body": "text"}, headers=alice)
    assert kept.status_code == 201 and kept.json()["subject"] == "\x1f"


def test_name_cannot_be_null_and_status_filters_are_exact(api: httpx.Client,
                                                          alice: dict[str, str]) -> None:
    assert_problem(api.patch("/v1/me", json={"name": None}, headers=alice), 422, "validation")
    for value in ("", " open", "Open", "open,"):
        response = api.get("/v1/tickets", params={"status": value}, headers=alice)
        assert_problem(response, 422, "validation")
    assert api.get("/v1/tickets", params={"status": "open, pending"},
                   headers=alice).status_code == 200
