"""`--sse-max-seconds` (`HELPDESK_SSE_MAX_SECONDS`): a stream open that long ends cleanly,
with a last data-less block whose `id:` is where it got to, and a client resumes from there
with Last-Event-ID: nothing lost, nothing repeated, even when the cap ended the stream
before its first event and an event was written before the client came back."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from api_client import Client, ConnectionState
from helpdesk_server.__main__ import build_parser
from helpdesk_server.config import SSE_MAX_SECONDS_ENV, ServerSettings, sse_max_seconds_from
from tests.helpers import AGENT, ALICE, DEMO_PASSWORD, LiveServer, auth_headers, login_token, sql
from tests.server.chat_helpers import start_chat
from tests.server.conftest import new_ticket

CAP = 0.5
FLAGS = ("--sse-max-seconds", str(CAP), "--sse-retry-ms", "200", "--sse-keepalive", "0.2")


def _read_to_end(api: httpx.Client, path: str, headers: dict[str, str]) -> tuple[str, float]:
    """The whole body of a stream, and how long it stayed open."""
    started = time.monotonic()
    with api.stream("GET", path, headers=headers) as response:
        assert response.status_code == 200, response.read()
        body = "".join(response.iter_text())
    return body, time.monotonic() - started


def _newest_event(server: LiveServer) -> int:
    return int(sql(server.db_path, "SELECT COALESCE(MAX(id), 0) FROM events")[0][0])


def test_a_capped_stream_ends_cleanly_saying_where_it_got_to(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server(*FLAGS)
    alice = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url, timeout=10) as api:
        # A live stream with no event for it: keep-alives, then the end at the cap, with
        # the newest id at its start as the place to resume from.
        newest = _newest_event(server)
        body, seconds = _read_to_end(api, "/v1/events", alice)
        assert CAP <= seconds < CAP + 3
        assert body.startswith(": connected\nretry: 200\n\n")
        assert ": keep-alive\n\n" in body
        assert body.endswith(f": reconnect\nid: {newest}\n\n")

        # A chat stream replays the chat, then ends after the last event it sent.
        chat = start_chat(api, alice)
        body, _ = _read_to_end(api, f"/v1/chats/{chat['id']}/events", alice)
        sent = [line[4:] for line in body.splitlines() if line.startswith("id: ")]
        assert len(sent) >= 3 and sent[-1] == sent[-2] == chat["last_event_id"]
        assert body.endswith(f": reconnect\nid: {chat['last_event_id']}\n\n")


def test_without_the_setting_streams_have_no_time_limit(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.delenv(SSE_MAX_SECONDS_ENV, raising=False)
    assert ServerSettings(db_path=tmp_path / "a.db").sse_max_seconds == 0
    monkeypatch.setenv(SSE_MAX_SECONDS_ENV, "300")
    assert ServerSettings(db_path=tmp_path / "a.db").sse_max_seconds == 300
    assert build_parser().parse_args(["--sse-max-seconds", "0.25"]).sse_max_seconds == 0.25
    assert sse_max_seconds_from(" ") == 0
    for bad in ("-1", "soon", "nan", "inf"):
        with pytest.raises(ValueError, match=SSE_MAX_SECONDS_ENV):
            sse_max_seconds_from(bad)
        with pytest.raises(SystemExit):
            build_parser().parse_args(["--sse-max-seconds", bad])


class _Reader:
    """Iterates a client stream in a thread, keeping every event and state change."""

    def __init__(self, open_stream: Callable[[Callable[[ConnectionState], None]], Any],
                 on_state: Callable[[ConnectionState], None]) -> None:
        self.ids: list[int] = []
        self.states: list[ConnectionState] = []
        self._on_state = on_state
        self._new: queue.Queue[object] = queue.Queue()
        self.stream = open_stream(self._state)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _state(self, state: ConnectionState) -> None:
        self.states.append(state)
        self._on_state(state)

    def _run(self) -> None:
        try:
            for event in self.stream:
                self.ids.append(int(event.id))
                self._new.put(event)
        except BaseException as exc:  # surfaced by wait_for
            self._new.put(exc)

    def wait_for(self, count: int, within: float = 20.0) -> None:
        deadline = time.monotonic() + within
        while len(self.ids) < count:
            try:
                item = self._new.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"{len(self.ids)} of {count} events: {self.ids}") from None
            if isinstance(item, BaseException):
                raise item

    def close(self) -> None:
        self.stream.close()
        self.thread.join(timeout=5)


def test_the_client_resumes_a_capped_stream_with_no_gap_and_no_duplicate(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server(*FLAGS)
    alice_headers = auth_headers(login_token(server.url, ALICE))
    agent_headers = auth_headers(login_token(server.url, AGENT))
    api = httpx.Client(base_url=server.url, timeout=10)
    ticket = new_ticket(api, alice_headers)
    path = f"/v1/agent/tickets/{ticket['id']}/messages"
    replies = 0

    def reply() -> None:
        nonlocal replies
        replies += 1
        response = api.post(path, json={"body": f"Reply {replies}"}, headers=agent_headers)
        assert response.status_code == 201, response.text

    def on_state(state: ConnectionState) -> None:
        # The first end at the cap, before any event: write one before the client is back.
        if state is ConnectionState.RECONNECTING and replies == 0:
            reply()

    client = Client(server.url)
    client.auth.login(ALICE, DEMO_PASSWORD)
    start = _newest_event(server)
    reader = _Reader(lambda cb: client.events.stream(keepalive=1.0, on_state=cb), on_state)
    try:
        reader.wait_for(2)  # the gap's reply and the ticket's `new` -> `open`
        for _ in range(5):  # more replies, across more ends at the cap
            time.sleep(CAP * 0.6)
            reply()
        expected = [int(row[0]) for row in sql(
            server.db_path, "SELECT id FROM events WHERE customer_id = ? AND chat_id IS NULL"
            " AND id > ? ORDER BY id", _user_id(server, ALICE), start)]
        assert len(expected) == 7
        reader.wait_for(len(expected))
        time.sleep(CAP * 2)  # another end or two: nothing may come twice
        assert reader.ids == expected
        assert reader.states.count(ConnectionState.RECONNECTING) >= 3
    finally:
        reader.close()
        client.close()
        api.close()


def _user_id(server: LiveServer, email: str) -> int:
    return int(sql(server.db_path, "SELECT id FROM users WHERE email = ?", email)[0][0])
