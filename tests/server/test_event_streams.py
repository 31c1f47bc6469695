"""Event streams: wire format, resume by Last-Event-ID (also across a restart), ticket
events, and the ticket offer when no agent comes."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from tests.helpers import AGENT, ALICE, LiveServer, auth_headers, login_token
from tests.server.chat_helpers import FAST, message_of, say, start_chat, stream
from tests.server.conftest import assert_problem, new_ticket


def _transcript_ids(api: httpx.Client, path: str, headers: dict[str, str]) -> list[str]:
    return [m["id"] for m in api.get(path, headers=headers).json()["messages"]]


def test_wire_format_headers_retry_and_keep_alive(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server(*FAST)
    alice = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url, timeout=10) as api:
        chat = start_chat(api, alice)
        with api.stream("GET", f"/v1/chats/{chat['id']}/events", headers=alice) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["cache-control"] == "no-cache"
            assert response.headers["x-accel-buffering"] == "no"
            assert response.headers["x-request-id"]
            raw = ""
            started = time.monotonic()
            for chunk in response.iter_text():
                raw += chunk
                if ": keep-alive" in raw:
                    break
            assert time.monotonic() - started < 5
        assert raw.startswith(": connected\nretry: 500\n\n")
        assert "event: state\ndata: {" in raw and "\nid: " in raw
        with stream(server.url, f"/v1/chats/{chat['id']}/events", alice) as events:
            assert events.next()["type"] == "state"
            assert events.retry == 500
        bad = api.get(f"/v1/chats/{chat['id']}/events", headers={**alice,
                                                                  "Last-Event-ID": "abc"})
        assert_problem(bad, 400, "bad-request")


def test_resume_after_a_cut_and_after_a_restart_loses_and_repeats_nothing(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server(*FAST)
    alice = auth_headers(login_token(server.url, ALICE))
    agent = auth_headers(login_token(server.url, AGENT))
    received: list[dict[str, Any]] = []
    with httpx.Client(base_url=server.url, timeout=10) as api:
        chat = start_chat(api, alice)
        path = f"/v1/chats/{chat['id']}"
        api.post(f"{path}/handoff", headers=alice)
        api.post(f"/v1/agent/chats/{chat['id']}/claim", headers=agent)
        with stream(server.url, f"{path}/events", alice) as events:
            events.until("agent_joined")
            say(api, f"{path}/messages", alice, "one", "r-1")
            events.until("message", lambda e: message_of(e)["body"] == "one")
            received += events.seen
        # Cut: messages from both sides while the customer is away.
        say(api, f"{path}/messages", alice, "two (typed offline)", "r-2")
        say(api, f"/v1/agent/chats/{chat['id']}/messages", agent, "three", "a-3")
        with stream(server.url, f"{path}/events", alice,
                    last_event_id=received[-1]["id"]) as events:
            events.until("message", lambda e: message_of(e)["body"] == "three")
            received += events.seen
        say(api, f"{path}/messages", alice, "four", "r-4")
        server.stop()
        server.start()  # same port and database
        agent = auth_headers(login_token(server.url, AGENT))
        say(api, f"/v1/agent/chats/{chat['id']}/messages", agent, "five", "a-5")
        with stream(server.url, f"{path}/events?last_event_id={received[-1]['id']}",
                    alice) as events:
            events.until("message", lambda e: message_of(e)["body"] == "five")
            received += events.seen
        ids = [int(e["id"]) for e in received]
        assert ids == sorted(set(ids)), "a gap in order or a duplicate"
        bodies = [message_of(e)["body"] for e in received if e["type"] == "message"]
        assert bodies[-5:] == ["one", "two (typed offline)", "three", "four", "five"]
        seen_ids = [message_of(e)["id"] for e in received if e["type"] == "message"]
        assert seen_ids == _transcript_ids(api, path, alice)
        with stream(server.url, f"{path}/events", alice) as events:  # no id: the whole chat
            events.until("message", lambda e: message_of(e)["body"] == "five")
            assert [e["id"] for e in events.seen] == [e["id"] for e in received]


def test_ticket_stream_sees_agent_reply_and_status_but_never_a_note(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server(*FAST)
    alice = auth_headers(login_token(server.url, ALICE))
    agent = auth_headers(login_token(server.url, AGENT))
    with httpx.Client(base_url=server.url, timeout=10) as api:
        ticket = new_ticket(api, alice)
        path = f"/v1/agent/tickets/{ticket['id']}"
        with stream(server.url, "/v1/events", alice) as mine, \
                stream(server.url, "/v1/agent/events", agent) as desk:
            note = api.post(f"{path}/notes", json={"body": "VIP, be quick"}, headers=agent)
            assert note.status_code == 201
            reply = api.post(f"{path}/messages", json={"body": "Fixed it.", "status": "pending"},
                             headers=agent)
            assert reply.status_code == 201, reply.text
            event = mine.until("ticket_message")
            assert event["ticket_id"] == ticket["id"] and event["message"]["body"] == "Fixed it."
            status = mine.until("ticket_status")
            assert (status["previous_status"], status["status"]) == ("new", "pending")
            solved = api.post(f"{path}/status", json={"status": "solved"}, headers=agent)
            assert solved.json()["status"] == "solved"
            assert mine.until("ticket_status")["status"] == "solved"
            assert all(e["type"] != "ticket_note" and "VIP" not in str(e) for e in mine.seen)
            assert desk.until("ticket_note")["note"]["body"] == "VIP, be quick"
        thread = api.get(f"/v1/tickets/{ticket['id']}", headers=alice).json()
        assert "VIP" not in str(thread)
        detail = api.get(path, headers=agent).json()
        assert [n["body"] for n in detail["notes"]] == ["VIP, be quick"]
        assert detail["requester"]["email"] == ALICE


def test_no_agent_signed_in_offers_a_ticket_with_the_transcript(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server(*FAST, "--agent-presence", "1")
    alice = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url, timeout=10) as api:
        chat = start_chat(api, alice, order_id="SO10001")
        path = f"/v1/chats/{chat['id']}"
        say(api, f"{path}/messages", alice, "where is my parcel", "n-1")
        with stream(server.url, f"{path}/events", alice) as events:
            api.post(f"{path}/handoff", headers=alice)
            offer = events.until("ticket_offer")
            assert offer["reason"] == "no_agent_signed_in" and offer["hint"]
        created = api.post(f"{path}/ticket", json={}, headers=alice)
        assert created.status_code == 201, created.text
        ticket = created.json()
        assert ticket["order_id"] == "SO10001" and ticket["category"] == "chat"
        body = ticket["messages"][0]["body"]
        assert "where is my parcel" in body and "(assistant)" in body and "Articles: KB" in body
        again = api.post(f"{path}/ticket", json={}, headers=alice)
        assert again.status_code == 200 and again.json()["id"] == ticket["id"]
        closed = api.get(path, headers=alice).json()
        assert closed["state"] == "closed" and closed["converted_ticket_id"] == ticket["id"]


def test_a_long_wait_offers_a_ticket_even_with_an_agent_signed_in(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server(*FAST, "--chat-wait", "1")
    alice = auth_headers(login_token(server.url, ALICE))
    agent = auth_headers(login_token(server.url, AGENT))
    with httpx.Client(base_url=server.url, timeout=10) as api:
        assert api.get("/v1/agent/chats", headers=agent).status_code == 200  # signed in
        chat = start_chat(api, alice)
        with stream(server.url, f"/v1/chats/{chat['id']}/events", alice) as events:
            api.post(f"/v1/chats/{chat['id']}/handoff", headers=alice)
            offer = events.until("ticket_offer")
            assert offer["reason"] == "wait_exceeded" and offer["waited_seconds"] >= 1
