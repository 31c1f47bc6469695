"""Authorisation of every chat, event and agent route: anonymous 401, a customer on an agent
route 403, another customer's chat 404 (never 403)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.helpers import LiveServer
from tests.server.chat_helpers import start_chat
from tests.server.conftest import assert_problem

BODIES: dict[str, dict[str, Any]] = {
    "messages": {"body": "hello", "client_message_id": "authz-1"},
    "rating": {"score": 3},
    "ticket": {},
    "notes": {"body": "note"},
    "status": {"status": "open"},
}

CUSTOMER_ROUTES = [
    ("POST", "/v1/chats"), ("GET", "/v1/chats"), ("GET", "/v1/chats/{chat}"),
    ("GET", "/v1/chats/{chat}/events"), ("POST", "/v1/chats/{chat}/messages"),
    ("POST", "/v1/chats/{chat}/typing"), ("POST", "/v1/chats/{chat}/handoff"),
    ("POST", "/v1/chats/{chat}/close"), ("POST", "/v1/chats/{chat}/rating"),
    ("POST", "/v1/chats/{chat}/ticket"), ("GET", "/v1/events"),
]
AGENT_ROUTES = [
    ("GET", "/v1/agent/chats"), ("GET", "/v1/agent/chats/{chat}"),
    ("POST", "/v1/agent/chats/{chat}/claim"), ("POST", "/v1/agent/chats/{chat}/messages"),
    ("POST", "/v1/agent/chats/{chat}/typing"), ("POST", "/v1/agent/chats/{chat}/transfer"),
    ("POST", "/v1/agent/chats/{chat}/close"), ("POST", "/v1/agent/chats/{chat}/ticket"),
    ("GET", "/v1/agent/tickets"), ("GET", "/v1/agent/tickets/{ticket}"),
    ("POST", "/v1/agent/tickets/{ticket}/messages"), ("POST", "/v1/agent/tickets/{ticket}/notes"),
    ("POST", "/v1/agent/tickets/{ticket}/status"), ("GET", "/v1/agent/events"),
]


def _call(api: httpx.Client, method: str, template: str, headers: dict[str, str],
          chat: str = "ch_999999", ticket: str = "T999999") -> httpx.Response:
    """The route with a valid body, so only authorisation can refuse it."""
    path = template.format(chat=chat, ticket=ticket)
    body: dict[str, Any] | None = None
    if method == "POST":
        body = dict(BODIES.get(path.rsplit("/", 1)[-1], {}))
        if "/tickets/" in path:
            body.pop("client_message_id", None)
    return api.request(method, path, json=body, headers=headers,
                       timeout=httpx.Timeout(10, read=5))


def test_every_live_route_is_listed_here(live_server: LiveServer) -> None:
    served = httpx.get(f"{live_server.url}/openapi.json").json()["paths"]
    listed = {(m, t.replace("{chat}", "{chat_id}").replace("{ticket}", "{ticket_id}"))
              for m, t in CUSTOMER_ROUTES + AGENT_ROUTES}
    live = {(m.upper(), p) for p, item in served.items() for m in item
            if p.startswith(("/v1/chats", "/v1/events", "/v1/agent/"))
            and p != "/v1/agent/search-gaps"}
    assert live == listed


@pytest.mark.parametrize(("method", "template"), CUSTOMER_ROUTES + AGENT_ROUTES)
def test_anonymous_callers_get_401(api: httpx.Client, method: str, template: str) -> None:
    assert_problem(_call(api, method, template, {}), 401, "unauthenticated")


@pytest.mark.parametrize(("method", "template"), AGENT_ROUTES)
def test_customers_get_403_on_every_agent_route(
        api: httpx.Client, alice: dict[str, str], method: str, template: str) -> None:
    chat = start_chat(api, alice)["id"]
    assert_problem(_call(api, method, template, alice, chat=chat, ticket="T1001"),
                   403, "forbidden")


@pytest.mark.parametrize(("method", "template"),
                         [r for r in CUSTOMER_ROUTES if "{chat}" in r[1]])
def test_another_customers_chat_is_404(
        api: httpx.Client, alice: dict[str, str], bob: dict[str, str], method: str,
        template: str) -> None:
    chat = start_chat(api, alice)["id"]
    assert_problem(_call(api, method, template, bob, chat=chat), 404, "not-found")


@pytest.mark.parametrize(("method", "template"),
                         [r for r in AGENT_ROUTES if "{" in r[1]])
def test_agents_get_404_for_unknown_ids(
        api: httpx.Client, agent: dict[str, str], method: str, template: str) -> None:
    assert_problem(_call(api, method, template, agent), 404, "not-found")


def test_agents_do_not_open_customer_chats_and_context_must_be_the_callers(
        api: httpx.Client, agent: dict[str, str], bob: dict[str, str]) -> None:
    assert_problem(api.post("/v1/chats", json={}, headers=agent), 403, "forbidden")
    for order_ref in ("SO10001", "NW-48102"):  # Alice's order, by id and by receipt number
        foreign = api.post("/v1/chats", json={"order_id": order_ref}, headers=bob)
        body = assert_problem(foreign, 422, "validation")
        assert body["errors"][0]["field"] == "order_id"
