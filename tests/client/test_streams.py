"""Event streams against the real server: typed events, status checked before iterating,
resume after a cut stream and after a server restart (no loss, no duplicate, order kept),
and the outbox delivering messages typed while disconnected exactly once."""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import AGENT, ALICE, BOB, DEMO_PASSWORD, LiveServer

from api_client import AsyncClient, Client, ConnectionState, errors
from api_client.chat_models import (
    ChatDetail,
    Event,
    MessageEvent,
    TicketMessageEvent,
    TicketStatusEvent,
    UnknownEvent,
)
from helpdesk_cli.chat import ChatSession
from helpdesk_cli.outbox import Outbox

from .stream_faults import AsyncCutTransport, CutTransport

KEEPALIVE = 1.0
WAIT = 15.0  # seconds any one expectation may take before the test fails


class ChatServer(LiveServer):
    """A live server with a 1 s keep-alive and a 100 ms retry, so reconnects are quick."""

    def _command(self) -> list[str]:
        return [*super()._command(), "--sse-keepalive", str(KEEPALIVE), "--sse-retry-ms", "100"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    srv = ChatServer(tmp_path_factory.mktemp("streams") / "hd.db")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def login(server: ChatServer) -> Iterator[Any]:
    made: list[Client] = []

    def make(email: str, **kwargs: Any) -> Client:
        client = Client(server.url, **kwargs)
        client.auth.login(email, DEMO_PASSWORD)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def queued_chat(customer: Client, agent: Client) -> ChatDetail:
    """A chat handed to a person and claimed by the agent: messages flow both ways."""
    chat = customer.chats.create()
    customer.chats.handoff(chat.id)
    agent.agent.claim(chat.id)
    return chat


class Collector:
    """Iterates a blocking stream in a thread; the test waits for what it expects."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.events: list[Event] = []
        self._new: queue.Queue[object] = queue.Queue()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for event in self.stream:
                self.events.append(event)
                self._new.put(event)
        except BaseException as exc:
            self.error = exc
            self._new.put(exc)

    def wait_for(self, predicate: Any, what: str) -> None:
        deadline = time.monotonic() + WAIT
        while not predicate(self.events):
            if self.error is not None:
                raise self.error
            try:
                self._new.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"timed out waiting for {what}: {self.events}") from None

    def close(self) -> None:
        self.stream.close()
        self.thread.join(timeout=5)


def bodies(events: list[Event]) -> list[str]:
    return [e.message.body for e in events if isinstance(e, MessageEvent)]


def ids(events: list[Event]) -> list[int]:
    return [int(e.id) for e in events]


def assert_no_gap_no_duplicate(got: list[Event], reference: list[Event]) -> None:
    """The stream equals a fresh replay of the same range: nothing lost, repeated or moved."""
    assert ids(got) == sorted(set(ids(got))), "duplicated or out of order"
    upto = max(ids(got))
    assert ids(got) == [i for i in ids(reference) if i <= upto]


def replay(client: Client, chat_id: str, upto: int) -> list[Event]:
    """Every stored (non-typing) event of the chat up to `upto`, from a fault-free stream."""
    out: list[Event] = []
    with client.chats.events(chat_id, keepalive=KEEPALIVE) as stream:
        for event in stream:
            out.append(event)
            if int(event.id) >= upto:
                break
    return out


# --- opening: the status is checked before iterating ---------------------------------------


def test_open_raises_typed_errors_before_iterating(login: Any) -> None:
    alice, bob = login(ALICE), login(BOB)
    chat = alice.chats.create()
    with pytest.raises(errors.NotFoundError):
        alice.chats.events("ch_999999")
    with pytest.raises(errors.NotFoundError):  # another customer's chat
        bob.chats.events(chat.id)
    with pytest.raises(errors.PermissionDeniedError):
        alice.agent.events()
    with pytest.raises(errors.BadRequestError):
        alice.chats.events(chat.id, "not-a-number")


def test_expired_token_is_refreshed_once_to_open_a_stream(server: ChatServer,
                                                          login: Any) -> None:
    alice = login(ALICE)
    chat = alice.chats.create()
    stale = Client(server.url, token="expired-or-revoked", refresh_token=alice.refresh_token)
    with stale, stale.chats.events(chat.id, keepalive=KEEPALIVE) as stream:
        first = next(iter(stream))
        assert stream.state is ConnectionState.CONNECTED
    assert stale.token != "expired-or-revoked"
    assert first.chat_id == chat.id


# --- resume after a cut stream -------------------------------------------------------------


def test_cut_stream_resumes_with_last_event_id_without_loss_or_duplicate(login: Any) -> None:
    transport = CutTransport()
    customer, agent = login(ALICE, transport=transport), login(AGENT)
    chat = queued_chat(customer, agent)
    agent.agent.reply(chat.id, "first from the agent")
    states: list[ConnectionState] = []
    stream = customer.chats.events(chat.id, keepalive=KEEPALIVE, on_state=states.append)
    seen = Collector(stream)
    try:
        seen.wait_for(lambda ev: "first from the agent" in bodies(ev), "the first reply")
        transport.cut_after(1, go_offline=True)
        agent.agent.reply(chat.id, "cuts the stream")
        assert transport.plan.cut_done.wait(WAIT)
        cut_at = stream.last_event_id
        for n in range(3):  # written while the customer is away
            agent.agent.reply(chat.id, f"while away {n}")
        time.sleep(0.3)
        transport.set_offline(False)
        seen.wait_for(lambda ev: "while away 2" in bodies(ev), "the replies sent meanwhile")
    finally:
        seen.close()
    assert bodies(seen.events)[-4:] == ["cuts the stream", "while away 0", "while away 1",
                                        "while away 2"]
    resumed = [s for s in transport.log if s.path.endswith("/events") and s.last_event_id]
    assert resumed and resumed[0].last_event_id == cut_at
    assert ConnectionState.RECONNECTING in states
    assert states[-1] is ConnectionState.CLOSED
    assert states[-2] is ConnectionState.CONNECTED
    assert_no_gap_no_duplicate(
        [e for e in seen.events if e.type != "typing"],
        replay(login(ALICE), chat.id, max(ids(seen.events))))


# --- the outbox: typed while disconnected, delivered exactly once ----------------------------


async def _collect(session: ChatSession, events: list[Event]) -> None:
    async for event in session.events():
        events.append(event)


async def _until(predicate: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def test_messages_typed_while_disconnected_arrive_once_in_order(
        server: ChatServer, login: Any, tmp_path: Path) -> None:
    customer, agent = login(ALICE), login(AGENT)
    chat = queued_chat(customer, agent)
    outbox = Outbox(tmp_path / "outbox.json")

    async def scenario() -> list[Event]:
        transport = AsyncCutTransport()
        client = AsyncClient(server.url, token=customer.token, transport=transport)
        states: list[str] = []
        session = ChatSession(client, chat.id, outbox, keepalive=KEEPALIVE,
                              on_state=lambda s: states.append(str(s)))
        events: list[Event] = []
        await session.open()
        reader = asyncio.create_task(_collect(session, events))
        await _until(lambda: session.connected, "the stream")
        transport.cut_after(1, go_offline=True)
        await asyncio.to_thread(agent.agent.reply, chat.id, "cuts the stream")
        await _until(lambda: not session.connected, "the cut")
        typed = [await session.send(f"typed offline {n}") for n in range(3)]
        assert [p.state for p in session.pending()] == ["pending"] * 3
        assert (tmp_path / "outbox.json").stat().st_mode & 0o777 == 0o600
        await asyncio.to_thread(agent.agent.reply, chat.id, "agent meanwhile")
        transport.set_offline(False)
        await _until(lambda: not session.pending(), "the echoes")
        await _until(lambda: "agent meanwhile" in bodies(events), "the agent's reply")
        await session.close()
        reader.cancel()
        await client.aclose()
        mine = [e.message.client_message_id for e in events if isinstance(e, MessageEvent)
                and e.message.client_message_id in typed]
        assert mine == typed  # each once, in the order typed
        assert "reconnecting" in states or "offline" in states
        return events

    events = asyncio.run(scenario())
    transcript = customer.chats.get(chat.id).messages
    assert [m.body for m in transcript if m.body.startswith("typed offline")] == [
        "typed offline 0", "typed offline 1", "typed offline 2"]
    assert ids(events) == sorted(set(ids(events)))
    assert Outbox(tmp_path / "outbox.json").pending() == []


def test_a_refused_message_is_failed_and_can_be_retried(server: ChatServer, login: Any) -> None:
    customer = login(ALICE)
    chat = customer.chats.create()
    customer.chats.close(chat.id)
    outbox = Outbox()
    client_id = outbox.add(chat.id, "too late")
    result = outbox.flush(customer)
    assert result.failed == [client_id]
    (entry,) = outbox.pending(chat.id)
    assert entry.state == "failed" and entry.error
    outbox.retry(client_id)
    assert outbox.pending(chat.id)[0].state == "pending"


# --- resume across a server restart --------------------------------------------------------


def test_server_restart_mid_chat_loses_and_repeats_nothing(server: ChatServer, login: Any,
                                                           tmp_path: Path) -> None:
    customer, agent = login(ALICE), login(AGENT)
    chat = queued_chat(customer, agent)
    agent.agent.reply(chat.id, "before the restart")

    async def scenario() -> list[Event]:
        client = AsyncClient(server.url, token=customer.token)
        session = ChatSession(client, chat.id, Outbox(tmp_path / "o.json"),
                              keepalive=KEEPALIVE)
        events: list[Event] = []
        reader = asyncio.create_task(_collect(session, events))
        await _until(lambda: "before the restart" in bodies(events), "the first reply")
        await asyncio.to_thread(server.stop)
        await _until(lambda: not session.connected, "the drop")
        typed = await session.send("typed while the server was down")
        await asyncio.to_thread(server.start)
        await asyncio.to_thread(agent.agent.reply, chat.id, "after the restart")
        await _until(lambda: "after the restart" in bodies(events), "the reply after")
        await _until(lambda: not session.pending(), "the echo of the typed message")
        await session.close()
        reader.cancel()
        await client.aclose()
        assert [e.message.client_message_id for e in events
                if isinstance(e, MessageEvent)].count(typed) == 1
        return events

    events = asyncio.run(scenario())
    real = [e for e in events if e.type != "typing"]
    assert ids(real) == sorted(set(ids(real)))
    assert_no_gap_no_duplicate(real, replay(customer, chat.id, max(ids(real))))


# --- the ticket stream -----------------------------------------------------------------------


def test_ticket_stream_sees_agent_reply_and_status_change(login: Any) -> None:
    alice, agent = login(ALICE), login(AGENT)
    ticket = alice.tickets.create("Stream me", "Please answer live.")
    seen = Collector(alice.events.stream(keepalive=KEEPALIVE))
    try:
        agent.agent.reply_ticket(ticket.id, "Answered live", status="pending")
        agent.agent.set_status(ticket.id, "solved")
        seen.wait_for(lambda ev: any(isinstance(e, TicketStatusEvent) and e.status == "solved"
                                     for e in ev), "the status change")
    finally:
        seen.close()
    mine = [e for e in seen.events if e.ticket_id == ticket.id]
    assert any(isinstance(e, TicketMessageEvent) and e.message.body == "Answered live"
               for e in mine)
    assert [e.status for e in mine if isinstance(e, TicketStatusEvent)] == ["pending", "solved"]
    assert not any(isinstance(e, UnknownEvent) for e in mine)
