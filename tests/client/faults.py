"""A fault-injecting httpx transport wrapped around a real transport to the live server.

Only for failures the real server cannot produce on demand: lost connections (before or after
the server acted), 5xx bursts, bodies that are not JSON or do not fit, broken streams and
timeouts. Everything else in the client tests goes to the real server untouched.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field

import httpx


@dataclass
class Fault:
    """What to do to one matching request.

    ``before`` decides without the server ("never reached it"); otherwise the request is
    forwarded, and ``after`` may spoil the real response ("the server acted, we lost it").
    """

    name: str
    before: Callable[[httpx.Request], httpx.Response] | None = None
    after: Callable[[httpx.Request, httpx.Response], httpx.Response] | None = None


def _raise(exc_type: type[httpx.TransportError], message: str) -> Callable[..., httpx.Response]:
    def fail(request: httpx.Request, *_: object) -> httpx.Response:
        raise exc_type(message, request=request)

    return fail


def _fake(status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> Callable[
    ..., httpx.Response
]:
    def respond(request: httpx.Request, *_: object) -> httpx.Response:
        h = {"X-Request-ID": f"fault-{status}", "Content-Type": "application/problem+json"}
        h.update(headers or {})
        payload = body or json.dumps({"title": "injected", "status": status}).encode()
        return httpx.Response(status, headers=h, content=payload, request=request)

    return respond


def connect_refused() -> Fault:
    """The connection fails before the request leaves: the server never sees it."""
    return Fault("connect", before=_raise(httpx.ConnectError, "injected: connection refused"))


def lost_response() -> Fault:
    """The server processes the request, then the connection drops before the response."""
    return Fault("lost", after=_raise(httpx.ReadError, "injected: connection reset"))


def read_timeout() -> Fault:
    """The server acts but answers too late (read timeout)."""
    return Fault("timeout", after=_raise(httpx.ReadTimeout, "injected: read timed out"))


def status(code: int, *, headers: dict[str, str] | None = None, reach: bool = False) -> Fault:
    """A synthetic error status, before the server (default) or instead of its answer."""
    if reach:
        return Fault(f"{code}-after", after=_fake(code, headers))
    return Fault(str(code), before=_fake(code, headers))


def replace_body(body: bytes, name: str = "body") -> Fault:
    """Keep the real status and headers, swap the body (malformed or truncated JSON)."""

    def swap(request: httpx.Request, response: httpx.Response) -> httpx.Response:
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(response.status_code, headers=headers, content=body,
                              request=request)

    return Fault(name, after=swap)


def edit_json(edit: Callable[[object], object], name: str = "edit") -> Fault:
    """Keep the real response but transform its JSON (e.g. drop a required field)."""

    def swap(request: httpx.Request, response: httpx.Response) -> httpx.Response:
        body = json.dumps(edit(response.json())).encode()
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(response.status_code, headers=headers, content=body,
                              request=request)

    return Fault(name, after=swap)


def set_header(name: str, value: str) -> Fault:
    """Keep the real response, with one header replaced (a hostile Content-Disposition)."""

    def swap(request: httpx.Request, response: httpx.Response) -> httpx.Response:
        headers = {k: v for k, v in response.headers.items() if k.lower() != name.lower()}
        headers[name] = value
        return httpx.Response(response.status_code, headers=headers, content=response.content,
                              request=request)

    return Fault(f"header-{name}", after=swap)


class _BrokenStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, head: bytes) -> None:
        self.head = head

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        raise httpx.RemoteProtocolError("injected: peer closed connection mid-body")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.head
        raise httpx.RemoteProtocolError("injected: peer closed connection mid-body")


def broken_stream() -> Fault:
    """The response starts, then the connection dies half-way through the body."""

    def cut(request: httpx.Request, response: httpx.Response) -> httpx.Response:
        half = response.content[: max(1, len(response.content) // 2)]
        return httpx.Response(response.status_code, headers=response.headers,
                              stream=_BrokenStream(half), request=request)

    return Fault("broken-stream", after=cut)


@dataclass
class Recorded:
    method: str
    path: str
    headers: httpx.Headers
    query: str = ""
    json: object = None  # the JSON body, when there was one


@dataclass
class _Script:
    faults: list[Fault | None]
    match: Callable[[httpx.Request], bool]
    log: list[Recorded] = field(default_factory=list)

    def next_fault(self, request: httpx.Request) -> Fault | None:
        body: object = None
        if request.headers.get("Content-Type") == "application/json":
            body = json.loads(request.content)
        self.log.append(Recorded(request.method, request.url.path, request.headers,
                                 request.url.query.decode(), body))
        if self.faults and self.match(request):
            return self.faults.pop(0)
        return None


def _everything(_request: httpx.Request) -> bool:
    return True


class FaultTransport(httpx.BaseTransport):
    """Sync wrapper: applies queued faults (``None`` = pass through) to matching requests."""

    def __init__(self, faults: list[Fault | None] | None = None,
                 match: Callable[[httpx.Request], bool] = _everything) -> None:
        self.inner = httpx.HTTPTransport()
        self.script = _Script(list(faults or []), match)

    @property
    def log(self) -> list[Recorded]:
        return self.script.log

    def add(self, *faults: Fault | None) -> None:
        self.script.faults.extend(faults)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        fault = self.script.next_fault(request)
        if fault is not None and fault.before is not None:
            return fault.before(request)
        response = self.inner.handle_request(request)
        if fault is None or fault.after is None:
            return response
        response.read()
        response.close()
        return fault.after(request, response)

    def close(self) -> None:
        self.inner.close()


class AsyncFaultTransport(httpx.AsyncBaseTransport):
    """Async twin of :class:`FaultTransport` (same faults, same script)."""

    def __init__(self, faults: list[Fault | None] | None = None,
                 match: Callable[[httpx.Request], bool] = _everything) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.script = _Script(list(faults or []), match)

    @property
    def log(self) -> list[Recorded]:
        return self.script.log

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        fault = self.script.next_fault(request)
        if fault is not None and fault.before is not None:
            return fault.before(request)
        response = await self.inner.handle_async_request(request)
        if fault is None or fault.after is None:
            return response
        await response.aread()
        await response.aclose()
        return fault.after(request, response)

    async def aclose(self) -> None:
        await self.inner.aclose()
