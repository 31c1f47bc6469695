"""Live chat end to end through the real server: assistant, queue, agent, close, rating."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.helpers import AGENT, ALICE, LiveServer, auth_headers, login_token
from tests.server.chat_helpers import FAST, message_of, say, start_chat, stream
from tests.server.conftest import assert_problem


def _users(server: LiveServer) -> tuple[dict[str, str], dict[str, str]]:
    return (auth_headers(login_token(server.url, ALICE)),
            auth_headers(login_token(server.url, AGENT)))


def test_customer_and_agent_from_question_to_rating(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server(*FAST)
    alice, agent = _users(server)
    with httpx.Client(base_url=server.url, timeout=10) as api, \
            stream(server.url, "/v1/agent/events", agent) as desk:  # the agent is signed in
        chat = start_chat(api, alice, order_id="SO10001")
        assert chat["state"] == "assistant" and chat["order_id"] == "SO10001"
        assert chat["messages"][0]["author"]["role"] == "assistant"
        path = f"/v1/chats/{chat['id']}"
        with stream(server.url, f"{path}/events", alice) as events:
            assert events.until("state")["state"] == "assistant"
            mine = say(api, f"{path}/messages", alice, "where is my parcel", "c-1")
            echo = events.until("message", lambda e: message_of(e)["author"]["role"] == "customer")
            assert message_of(echo) == mine and mine["client_message_id"] == "c-1"
            answer = message_of(events.until("message"))
            assert answer["author"]["role"] == "assistant"
            assert answer["articles"] and answer["articles"][0]["id"].startswith("KB")
            assert all(a["title"] and a["answer"] for a in answer["articles"])
            assert "Did that solve it?" in answer["body"]

            say(api, f"{path}/messages", alice, "I'd like to talk to a person", "c-2")
            assert events.until("queue_position")["position"] == 1
            state = events.until("state")
            assert state["state"] == "queued" and state["queue_position"] == 1
            queued = desk.until("queue_changed", lambda e: e["chat_id"] == chat["id"])
            assert queued["change"] == "queued" and queued["chat"]["customer"]["name"]
            queue = api.get("/v1/agent/chats", params={"state": "queued"}, headers=agent).json()
            mine_in_queue = [c for c in queue["data"] if c["id"] == chat["id"]]
            assert mine_in_queue[0]["waiting_seconds"] is not None

            packet = api.post(f"/v1/agent/chats/{chat['id']}/claim", headers=agent).json()
            assert packet["state"] == "assigned" and packet["agent"]["name"] == "Sam Rivera"
            roles = [m["author"]["role"] for m in packet["messages"]]
            assert roles.count("assistant") >= 2 and roles.count("customer") == 2
            assert any(m["articles"] for m in packet["messages"])
            assert packet["customer_account"]["email"] == ALICE
            assert packet["recent_orders"] and packet["open_tickets"]
            assert packet["context_order"]["id"] == "SO10001" and packet["context_ticket"] is None
            joined = events.until("agent_joined")
            assert joined["agent"]["name"] == "Sam Rivera"
            assert events.until("state")["agent"]["name"] == "Sam Rivera"

            agent_path = f"/v1/agent/chats/{chat['id']}"
            assert api.post(f"{agent_path}/typing", headers=agent).status_code == 204
            assert events.until("typing")["role"] == "agent"
            sent = say(api, f"{agent_path}/messages", agent, "Hi Alice, let me look.", "a-1")
            assert message_of(events.until("message")) == sent
            assert message_of(desk.until("message", lambda e: e["chat_id"] == chat["id"])) == sent
            reply = say(api, f"{path}/messages", alice, "Thanks, it is NW-48102.", "c-3")
            seen = desk.until("message", lambda e: message_of(e)["id"] == reply["id"])
            assert message_of(seen)["client_message_id"] == "c-3"

            closed = api.post(f"{path}/close", headers=alice).json()
            assert closed["state"] == "closed"
            assert events.until("closed")["closed_by"] == "customer"
            events.until("rating_requested")
        rating = api.post(f"{path}/rating", json={"score": 5, "comment": "Quick!"}, headers=alice)
        assert rating.status_code == 200 and rating.json()["score"] == 5
        transcript = api.get(path, headers=alice).json()
        bodies = [m["body"] for m in transcript["messages"]]
        assert "Hi Alice, let me look." in bodies and "Thanks, it is NW-48102." in bodies
        assert transcript["rating"]["comment"] == "Quick!"
        listed = api.get("/v1/chats", headers=alice).json()["data"]
        assert listed[0]["id"] == chat["id"] and listed[0]["state"] == "closed"


def test_assistant_hands_off_after_two_unhelpful_answers_and_when_nothing_matches(
        api: httpx.Client, alice: dict[str, str]) -> None:
    chat = start_chat(api, alice)
    path = f"/v1/chats/{chat['id']}"
    say(api, f"{path}/messages", alice, "how do I reset my password", "u-1")
    say(api, f"{path}/messages", alice, "no", "u-2")
    assert api.get(path, headers=alice).json()["state"] == "assistant"
    say(api, f"{path}/messages", alice, "no, still not", "u-3")
    assert api.get(path, headers=alice).json()["state"] == "queued"

    other = start_chat(api, alice)
    say(api, f"/v1/chats/{other['id']}/messages", alice, "blue elephants dancing", "x-1")
    detail = api.get(f"/v1/chats/{other['id']}", headers=alice).json()
    assert detail["state"] == "queued"
    assert "couldn't find" in detail["messages"][-1]["body"]


def test_a_resend_with_the_same_client_message_id_is_stored_once(
        api: httpx.Client, alice: dict[str, str]) -> None:
    chat = start_chat(api, alice)
    path = f"/v1/chats/{chat['id']}/messages"
    payload = {"body": "Can I return boots?", "client_message_id": "resend-1"}
    first = api.post(path, json=payload, headers=alice)
    again = api.post(path, json=payload, headers=alice)
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
    changed = api.post(path, json={**payload, "body": "Something else"}, headers=alice)
    assert_problem(changed, 409, "idempotency-key-reused")
    messages = api.get(f"/v1/chats/{chat['id']}", headers=alice).json()["messages"]
    assert [m["client_message_id"] for m in messages].count("resend-1") == 1


def test_claim_limit_transfer_and_closed_chats(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server(*FAST, "--agent-max-chats", "1")
    alice, agent = _users(server)
    with httpx.Client(base_url=server.url, timeout=10) as api:
        first, second = start_chat(api, alice), start_chat(api, alice)
        for chat in (first, second):
            assert api.post(f"/v1/chats/{chat['id']}/handoff", headers=alice).status_code == 200
        claim = api.post(f"/v1/agent/chats/{first['id']}/claim", headers=agent)
        assert claim.status_code == 200
        assert api.post(f"/v1/agent/chats/{first['id']}/claim", headers=agent).status_code == 200
        assert_problem(api.post(f"/v1/agent/chats/{second['id']}/claim", headers=agent),
                       409, "chat-limit")
        with stream(server.url, f"/v1/chats/{first['id']}/events", alice,
                    last_event_id=api.get(f"/v1/chats/{first['id']}", headers=alice)
                    .json()["last_event_id"]) as events:
            moved = api.post(f"/v1/agent/chats/{first['id']}/transfer", headers=agent).json()
            assert moved["state"] == "queued" and moved["queue_position"] == 1
            assert events.until("transferred")["agent"]["name"] == "Sam Rivera"
            assert events.until("queue_position")["position"] == 1
        assert_problem(api.post(f"/v1/agent/chats/{first['id']}/messages", json={
            "body": "hello", "client_message_id": "x"}, headers=agent), 409, "conflict")
        api.post(f"/v1/chats/{second['id']}/close", headers=alice)
        assert_problem(api.post(f"/v1/chats/{second['id']}/messages", json={
            "body": "hello?", "client_message_id": "late"}, headers=alice), 409, "chat-closed")
        assert_problem(api.post(f"/v1/chats/{first['id']}/rating", json={"score": 4},
                                headers=alice), 409, "conflict")


def test_the_demo_agent_takes_a_handed_off_chat_and_answers(
        flagged_server: Callable[..., LiveServer]) -> None:
    """`helpdesk demo`'s simulated agent: it claims a queued chat, greets the customer with
    the question they asked the assistant (so nobody repeats it), and answers what follows."""
    server = flagged_server(*FAST, "--simulated-agent", "--simulated-agent-delay", "0.2")
    alice, _agent = _users(server)
    with httpx.Client(base_url=server.url, timeout=10) as api:
        chat = start_chat(api, alice, order_id="NW-49644")  # a receipt number names it too
        assert chat["order_id"] == "SO10004"
        path = f"/v1/chats/{chat['id']}"
        with stream(server.url, f"{path}/events", alice) as events:
            say(api, f"{path}/messages", alice, "my tent pole   snapped\non the first night", "c-1")
            events.until("message", lambda e: message_of(e)["author"]["role"] == "assistant"
                         and "Did that solve it?" in message_of(e)["body"])
            say(api, f"{path}/messages", alice, "no, I want to talk to a person", "c-2")
            joined = events.until("agent_joined", within=15)
            greeting = message_of(events.until(
                "message", lambda e: message_of(e)["author"]["role"] == "agent"))
            assert greeting["author"]["name"] == joined["agent"]["name"]
            assert "\u201cmy tent pole snapped on the first night\u201d" in greeting["body"]
            say(api, f"{path}/messages", alice, "it is the green one", "c-3")
            answer = message_of(events.until(
                "message", lambda e: message_of(e)["author"]["role"] == "agent", within=15))
            assert answer["id"] != greeting["id"] and answer["body"]
