"""The stream's decisions without a server: backoff and state, dedupe, unknown events, the
read timeout, and that chat models stay out of ``import api_client``."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest
from httpx_sse import ServerSentEvent

from api_client import Client, ConnectionState, errors
from api_client._core import Core
from api_client._streams import BACKOFF_CAP, OFFLINE_AFTER, StreamCore, StreamSpec
from api_client.chat_models import MessageEvent, UnknownEvent, parse_event


def core(**spec: object) -> tuple[StreamCore[object], list[ConnectionState]]:
    states: list[ConnectionState] = []
    base = Core("http://127.0.0.1:9", token=None, refresh_token=None, on_tokens=None,
                max_retries=3, retry_after_cap=60, allow_insecure_http=False, user_agent=None,
                event_hook=None, random=lambda: 1.0)
    kwargs: dict[str, object] = {"on_state": states.append, **spec}
    stream = StreamCore(base, StreamSpec("/v1/events", parse_event, **kwargs))  # type: ignore[arg-type]
    stream.connected_once = True
    return stream, states


def test_reconnect_waits_the_servers_retry_plus_full_jitter_backoff() -> None:
    stream, states = core()
    stream.accept(ServerSentEvent(retry=250))
    lost = errors.TransportError("gone")
    waits = [stream.failed(lost) for _ in range(8)]
    assert waits[0] == pytest.approx(0.25 + 0.5)  # random() = 1: the top of the jitter
    assert waits[1] == pytest.approx(0.25 + 1.0)
    assert waits[-1] == pytest.approx(0.25 + BACKOFF_CAP)
    assert states[:2] == [ConnectionState.RECONNECTING, ConnectionState.OFFLINE]
    assert stream.failures >= OFFLINE_AFTER
    assert stream.failed(lost, retry_after=3) == 3  # the server's Retry-After wins


def test_give_up_after_raises_the_last_error() -> None:
    stream, _ = core(give_up_after=0.05)
    stream.failed(errors.TransportError("first"))
    time.sleep(0.06)
    with pytest.raises(errors.TransportError, match="second"):
        stream.failed(errors.TransportError("second"))


def test_events_at_or_below_the_last_id_are_dropped() -> None:
    stream, _ = core(last_event_id="5")
    data = '{"id": "%s", "type": "rating_requested", "created_at": "2026-01-01T00:00:00Z",' \
           ' "chat_id": "ch_1", "ticket_id": null}'
    got = [stream.accept(ServerSentEvent("rating_requested", data % n, str(n)))
           for n in (4, 5, 6, 6, 7)]
    assert [g.id if g else None for g in got] == [None, None, "6", None, "7"]  # type: ignore[attr-defined]
    assert stream.last_event_id == "7"
    assert stream.accept(ServerSentEvent(retry=100)) is None  # the `: connected` block


def test_unknown_or_malformed_events_never_crash() -> None:
    new = parse_event("sparkles", '{"id": "9", "type": "sparkles", "x": 1}', "9")
    assert isinstance(new, UnknownEvent) and new.problem is None and new.data["x"] == 1
    bad = parse_event("message", '{"id": "10", "type": "message"}', "10")
    assert isinstance(bad, UnknownEvent) and bad.problem and bad.id == "10"
    assert isinstance(parse_event("message", "not json", "11"), UnknownEvent)
    good = parse_event("message", '{"id": "12", "type": "message", "created_at": '
                       '"2026-01-01T00:00:00Z", "chat_id": "ch_1", "ticket_id": null, '
                       '"message": {"id": "cm_1", "chat_id": "ch_1", "author": {"id": null, '
                       '"name": "Assistant", "role": "assistant"}, "body": "hi", '
                       '"client_message_id": null, "articles": [], '
                       '"created_at": "2026-01-01T00:00:00Z"}}', "12")
    assert isinstance(good, MessageEvent) and good.message.body == "hi"


def test_read_timeout_follows_the_keepalive_and_status_is_checked_first() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(404, json={"title": "Not found", "status": 404,
                                         "code": "not-found"})

    with Client("http://127.0.0.1:9", transport=httpx.MockTransport(answer)) as hd, \
            pytest.raises(errors.NotFoundError):
        hd.chats.events("ch_1", "41", keepalive=2.0)
    (request,) = seen
    assert request.extensions["timeout"]["read"] == 6.0
    assert request.headers["Last-Event-ID"] == "41"
    assert request.headers["Accept"] == "text/event-stream"


def test_chat_models_load_only_when_a_live_group_is_used() -> None:
    probe = ("import sys, api_client\n"
             "c = api_client.Client('http://127.0.0.1:9')\n"
             "print('api_client.chat_models' in sys.modules)\n"
             "c.chats\n"
             "print('api_client.chat_models' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True"]
