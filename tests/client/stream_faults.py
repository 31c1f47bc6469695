"""A transport that cuts event streams and takes the network away, around the real one.

The real server cannot drop a connection mid-stream on demand; this wrapper can:
``cut_after(n)`` lets the next event stream deliver n more events, then breaks it like a
reset connection; while ``offline`` is set every request fails to connect. Every request is
recorded (method, path, ``Last-Event-ID``) so tests can see how the client resumed.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import httpx


@dataclass
class Seen:
    method: str
    path: str
    last_event_id: str | None


@dataclass
class _Plan:
    cut_after: int | None = None
    offline_on_cut: bool = False
    offline: threading.Event = field(default_factory=threading.Event)
    cut_done: threading.Event = field(default_factory=threading.Event)
    log: list[Seen] = field(default_factory=list)


class _Counter:
    """Counts complete SSE blocks that carry an id, in a byte stream."""

    def __init__(self) -> None:
        self.buffer = b""

    def feed(self, chunk: bytes) -> list[tuple[bytes, bool]]:
        """Split into (bytes, ends_an_event) pieces, at block ends."""
        self.buffer += chunk
        out = []
        while b"\n\n" in self.buffer:
            block, self.buffer = self.buffer.split(b"\n\n", 1)
            has_id = block.startswith(b"id:") or b"\nid:" in block
            out.append((block + b"\n\n", has_id))
        return out


class _CutStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, inner: httpx.Response, plan: _Plan) -> None:
        self.inner = inner
        self.plan = plan

    def _cut_now(self) -> bool:
        plan = self.plan
        if plan.cut_after is None:
            return False
        if plan.cut_after > 0:
            plan.cut_after -= 1
            if plan.cut_after > 0:
                return False
        plan.cut_after = None
        if plan.offline_on_cut:
            plan.offline.set()
        plan.cut_done.set()
        return True

    def __iter__(self) -> Iterator[bytes]:
        counter = _Counter()
        for chunk in self.inner.iter_raw():
            for piece, is_event in counter.feed(chunk):
                yield piece
                if is_event and self._cut_now():
                    self.inner.close()
                    raise httpx.RemoteProtocolError("injected: stream cut")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        counter = _Counter()
        async for chunk in self.inner.aiter_raw():
            for piece, is_event in counter.feed(chunk):
                yield piece
                if is_event and self._cut_now():
                    await self.inner.aclose()
                    raise httpx.RemoteProtocolError("injected: stream cut")

    def close(self) -> None:
        self.inner.close()

    async def aclose(self) -> None:
        await self.inner.aclose()


class _Common:
    plan: _Plan

    @property
    def log(self) -> list[Seen]:
        return self.plan.log

    def cut_after(self, events: int, *, go_offline: bool = False) -> None:
        """Break the stream after `events` more events; optionally stay offline after."""
        self.plan.cut_after = events
        self.plan.offline_on_cut = go_offline
        self.plan.cut_done.clear()

    def set_offline(self, offline: bool) -> None:
        (self.plan.offline.set if offline else self.plan.offline.clear)()

    def _before(self, request: httpx.Request) -> None:
        self.plan.log.append(Seen(request.method, request.url.path,
                                  request.headers.get("Last-Event-ID")))
        if self.plan.offline.is_set():
            raise httpx.ConnectError("injected: offline", request=request)

    def _wrap(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        if not response.headers.get("content-type", "").startswith("text/event-stream"):
            return response
        return httpx.Response(response.status_code, headers=response.headers,
                              stream=_CutStream(response, self.plan), request=request)


class CutTransport(_Common, httpx.BaseTransport):
    def __init__(self) -> None:
        self.plan = _Plan()
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._before(request)
        return self._wrap(request, self.inner.handle_request(request))

    def close(self) -> None:
        self.inner.close()


class AsyncCutTransport(_Common, httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.plan = _Plan()
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._before(request)
        return self._wrap(request, await self.inner.handle_async_request(request))

    async def aclose(self) -> None:
        await self.inner.aclose()
