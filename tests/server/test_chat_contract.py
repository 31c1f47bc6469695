"""The live-chat contract says exactly what the server sends and takes: every event of a
whole chat's life, on each of the three streams, has an `event:` name in that stream's enum
and `data:` valid against its schema in the served document, and each enum lists only
types the stream really sends; resume points and ratings are refused or taken as the
contract's schemas say."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import jsonschema_rs
import pytest
from httpx_sse import EventSource

from tests.helpers import AGENT, ALICE, LiveServer, auth_headers, login_token
from tests.server.chat_helpers import FAST, say, start_chat
from tests.server.conftest import assert_problem, new_ticket

STREAMS = ("/v1/chats/{chat_id}/events", "/v1/events", "/v1/agent/events")


@pytest.fixture
def server(flagged_server: Callable[..., LiveServer]) -> LiveServer:
    """Streams end after 1 s, so a test reads each one whole."""
    return flagged_server(*FAST, "--sse-max-seconds", "1")


def _ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    data: dict[str, Any] = response.json() if response.content else {}
    return data


def _read(api: httpx.Client, path: str, headers: dict[str, str]) -> list[Any]:
    with api.stream("GET", path, headers=headers) as response:
        assert response.status_code == 200, response.read()
        return [sse for sse in EventSource(response).iter_sse() if sse.data]


def _stream_contract(contract: dict[str, Any], path: str) -> tuple[list[str], Any, Any]:
    """The stream's `event:` enum, and validators of its `id:` and `data:` JSON."""
    media = contract["paths"][path]["get"]["responses"]["200"]["content"]["text/event-stream"]
    properties = media["itemSchema"]["properties"]
    data_schema = {**properties["data"]["contentSchema"], "components": contract["components"]}
    return (properties["event"]["enum"], jsonschema_rs.Draft202012Validator(properties["id"]),
            jsonschema_rs.Draft202012Validator(data_schema))


def _a_whole_chat(api: httpx.Client, alice: dict[str, str], agent: dict[str, str]) -> str:
    """Every kind of event: queue, offer, claim, transfer, typing both ways, close, rating,
    ticket replies, status and notes. Typing last, as it is replayed for 5 s only."""
    ticket = new_ticket(api, alice)
    chat = start_chat(api, alice)
    path, agent_path = f"/v1/chats/{chat['id']}", f"/v1/agent/chats/{chat['id']}"
    say(api, f"{path}/messages", alice, "How do I return my jacket?", "c1")
    _ok(api.post(f"{path}/handoff", headers=alice))  # no agent signed in: a ticket offer
    _ok(api.post(f"{agent_path}/claim", headers=agent))
    say(api, f"{agent_path}/messages", agent, "Hello, I can help.", "a1")
    _ok(api.post(f"{agent_path}/transfer", headers=agent))
    _ok(api.post(f"{agent_path}/claim", headers=agent))
    _ok(api.post(f"{path}/typing", headers=alice), 204)
    _ok(api.post(f"{agent_path}/typing", headers=agent), 204)
    _ok(api.post(f"{agent_path}/close", headers=agent))
    rating = _ok(api.post(f"{path}/rating", json={"score": 5.0}, headers=alice))
    assert rating["score"] == 5  # 5.0 is the JSON Schema integer 5
    left = start_chat(api, alice)  # leaves the queue by closing: queue_changed `left`
    _ok(api.post(f"/v1/chats/{left['id']}/handoff", headers=alice))
    _ok(api.post(f"/v1/chats/{left['id']}/close", headers=alice))
    ticket_path = f"/v1/agent/tickets/{ticket['id']}"
    _ok(api.post(f"{ticket_path}/messages", json={"body": "On its way."}, headers=agent), 201)
    _ok(api.post(f"{ticket_path}/notes", json={"body": "Refund ok."}, headers=agent), 201)
    return str(chat["id"])


def test_every_event_of_a_chat_is_in_its_streams_contract(server: LiveServer) -> None:
    alice = auth_headers(login_token(server.url, ALICE))
    agent = auth_headers(login_token(server.url, AGENT))
    with httpx.Client(base_url=server.url, timeout=10) as api:
        contract = api.get("/openapi.json").json()
        chat_id = _a_whole_chat(api, alice, agent)
        read = {
            STREAMS[0]: _read(api, f"/v1/chats/{chat_id}/events", alice),
            STREAMS[2]: _read(api, "/v1/agent/events", {**agent, "Last-Event-ID": "0"}),
            STREAMS[1]: _read(api, "/v1/events", {**alice, "Last-Event-ID": "0"}),
        }
    for path in STREAMS:
        names, id_schema, data_schema = _stream_contract(contract, path)
        seen = set()
        for sse in read[path]:
            assert sse.event in names, (path, sse.event)
            id_schema.validate(sse.id)
            event = json.loads(sse.data)
            data_schema.validate(event)
            assert (event["type"], event["id"]) == (sse.event, sse.id)
            seen.add(sse.event)
        assert seen == set(names), path  # the enum lists what the stream sends, no more


def test_rating_scores_are_json_schema_integers(server: LiveServer) -> None:
    alice = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url, timeout=10) as api:
        chat = start_chat(api, alice)
        path = f"/v1/chats/{chat['id']}/rating"
        assert_problem(api.post(path, json={"score": 1.0}, headers=alice), 409, "conflict")
        _ok(api.post(f"/v1/chats/{chat['id']}/close", headers=alice))
        assert _ok(api.post(path, json={"score": 1.0}, headers=alice))["score"] == 1
        for bad in ("1", True, 1.5, 0, 6):
            assert_problem(api.post(path, json={"score": bad}, headers=alice), 422, "validation")


RESUME_POINTS = [  # (Last-Event-ID, last_event_id, status)
    ("", None, 200),  # empty: no resume point
    ("0", None, 200),
    ("99999999999999999999", None, 200),  # above any id: nothing until newer ones
    ("12a", None, 400),
    ("1" * 21, None, 400),
    (None, "\u0661\u0662", 400),  # digits, but not ASCII ones
    ("", "x", 400),  # the header wins, but a malformed query is still refused
    (None, "7", 200),
    (None, "-7", 400),
]


def test_resume_points_are_what_the_contract_says(server: LiveServer) -> None:
    alice = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url, timeout=10) as api:
        served = api.get("/openapi.json").json()["paths"]["/v1/events"]["get"]["parameters"]
        patterns = {p["schema"]["pattern"] for p in served}
        assert len(patterns) == 1
        valid = jsonschema_rs.Draft202012Validator({"pattern": patterns.pop()}).is_valid
        for header, query, status in RESUME_POINTS:
            given = [v for v in (header, query) if v is not None]
            assert all(valid(v) for v in given) == (status == 200), (header, query)
            headers = alice if header is None else {**alice, "Last-Event-ID": header}
            params = {} if query is None else {"last_event_id": query}
            with api.stream("GET", "/v1/events", headers=headers, params=params) as response:
                response.read()
            if status == 200:
                assert response.status_code == 200, (header, query, response.text)
            else:
                assert_problem(response, 400, "bad-request")
