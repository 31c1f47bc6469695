"""Helpers of the chat tests: event streams read with httpx-sse, chats driven over HTTP."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from httpx_sse import ServerSentEvent, connect_sse

FAST = ("--sse-keepalive", "0.3", "--sse-retry-ms", "500", "--event-poll", "0.2")


class Events:
    """One open stream, read in the test's own thread (httpx's read timeout bounds waits)."""

    def __init__(self, events: Iterator[ServerSentEvent]) -> None:
        self._events = events
        self.seen: list[dict[str, Any]] = []
        self.retry: int | None = None

    def next(self) -> dict[str, Any]:
        for sse in self._events:
            if sse.retry is not None:
                self.retry = sse.retry
            if not sse.data:  # the `retry` block carries no data
                continue
            event: dict[str, Any] = json.loads(sse.data)
            assert sse.event == event["type"] and sse.id == event["id"], sse
            self.seen.append(event)
            return event
        raise AssertionError("the stream ended")

    def until(self, kind: str, where: Callable[[dict[str, Any]], bool] = lambda e: True,
              within: float = 10.0) -> dict[str, Any]:
        """Read up to and including the first event of this type that matches."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            event = self.next()
            if event["type"] == kind and where(event):
                return event
        raise AssertionError(f"no {kind} event within {within} s; seen: "
                             f"{[e['type'] for e in self.seen]}")


@contextmanager
def stream(url: str, path: str, headers: dict[str, str], last_event_id: str | None = None,
           read_timeout: float = 10.0) -> Iterator[Events]:
    extra = {} if last_event_id is None else {"Last-Event-ID": last_event_id}
    timeout = httpx.Timeout(10.0, read=read_timeout)
    with httpx.Client(base_url=url, timeout=timeout) as client, connect_sse(
            client, "GET", path, headers={**headers, **extra}) as source:
        assert source.response.status_code == 200, source.response.read()
        yield Events(source.iter_sse())


def say(api: httpx.Client, path: str, headers: dict[str, str], body: str, client_id: str
        ) -> dict[str, Any]:
    response = api.post(path, json={"body": body, "client_message_id": client_id},
                        headers=headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def start_chat(api: httpx.Client, headers: dict[str, str], **context: str) -> dict[str, Any]:
    response = api.post("/v1/chats", json=context, headers=headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def message_of(event: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = event["message"]
    return message
