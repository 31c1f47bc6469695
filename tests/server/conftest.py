"""Fixtures for the server tests: an httpx client on the live server and demo users' tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import AGENT, ALICE, BOB, CAROL, LiveServer, auth_headers, login_token
from tests.helpers import sql as sql  # re-exported: server tests import it from here


@pytest.fixture
def api(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def headers(live_server: LiveServer) -> dict[str, dict[str, str]]:
    """Authorization headers per demo user; tests that revoke tokens must log in themselves."""
    return {email: auth_headers(login_token(live_server.url, email))
            for email in (ALICE, BOB, CAROL, AGENT)}


@pytest.fixture
def alice(headers: dict[str, dict[str, str]]) -> dict[str, str]:
    return headers[ALICE]


@pytest.fixture
def bob(headers: dict[str, dict[str, str]]) -> dict[str, str]:
    return headers[BOB]


@pytest.fixture
def agent(headers: dict[str, dict[str, str]]) -> dict[str, str]:
    return headers[AGENT]


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The response is a problem+json of this status and code; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"urn:helpdesk:problem:{code}"
    assert body["title"] and body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    assert ("errors" in body) == (status == 422)
    return body


def new_ticket(api: httpx.Client, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    payload = {"subject": "Zip on my jacket is stuck", "body": "It will not move at all."}
    payload.update(fields)
    response = api.post("/v1/tickets", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


class FlaggedServer(LiveServer):
    """A LiveServer started with extra command-line flags the shared helper does not map."""

    def __init__(self, db_path: Path, flags: list[str], **options: int) -> None:
        super().__init__(db_path, **options)
        self._flags = flags

    def _command(self) -> list[str]:
        return [*super()._command(), *self._flags]


@pytest.fixture
def flagged_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """`flagged_server(*flags, **options)`: an isolated seeded server, stopped at test end."""
    servers: list[LiveServer] = []

    def make(*flags: str, **options: int) -> LiveServer:
        server = FlaggedServer(tmp_path / f"flagged{len(servers)}.db", list(flags), **options)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.stop()
