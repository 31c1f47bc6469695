"""Event streams (SSE) as iterators of typed events that survive a lost connection.

Modelled on openai-python's ``Stream``/``AsyncStream`` (an iterator object over an SSE
decoder), parsed by httpx-sse, with a reconnect loop of our own, because the streams of this
API are long-lived and must not lose or repeat anything:

- the stream is opened *before* iteration, so a 400/403/404 (or a 401 that one token refresh
  did not cure) raises the client's typed error at once, like any call;
- after a drop (read error, the server's shutdown, no byte for ``read_timeout`` seconds) it
  reconnects with ``Last-Event-ID``, waiting the server's ``retry`` plus a full-jitter
  backoff that grows with each consecutive failure; 429/502/503/504 honour ``Retry-After``;
- events at or below the last id seen are dropped, so a replay never repeats one;
- ``state`` (and ``on_state``) says connecting / connected / reconnecting / offline / closed.

:class:`StreamCore` holds every decision as plain code; :class:`Stream` and
:class:`AsyncStream` only perform the I/O it asks for, as the clients do with ``Call``.
"""

from __future__ import annotations

import enum
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from . import errors
from ._core import RETRY_STATUSES, Call, Core, Fail, Refresh, Spec, Wait, no_content
from ._errormap import error_from_response, parse_retry_after, wrap_transport_error
from ._httpx import httpx

if TYPE_CHECKING:
    from types import TracebackType

    from httpx_sse import ServerSentEvent

    from ._async import AsyncClient
    from ._sync import Client

E = TypeVar("E")

DEFAULT_KEEPALIVE = 15.0  # the server's default `--sse-keepalive` (docs/api.md)
DEFAULT_RETRY = 2.0  # seconds, until the server's `retry:` says otherwise
BACKOFF_CAP = 30.0
OFFLINE_AFTER = 3  # consecutive failed reconnects before the state says "offline"


class ConnectionState(enum.StrEnum):
    """What a stream's owner shows: ``reconnecting`` is a short gap, ``offline`` a long one."""

    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"
    CLOSED = "closed"


@dataclass(slots=True)
class StreamSpec(Generic[E]):
    """What one stream reads, and how patiently.

    ``read_timeout`` should be about 3x the server's keep-alive interval (a quiet but
    healthy stream sends a comment that often), not the client's request timeout.
    ``wait_for_server`` keeps retrying a first connection that fails for transport reasons
    (the TUI opening a chat while offline) instead of raising. ``give_up_after`` seconds of
    failing reconnects raise the last error (None: keep trying while iterated).
    """

    path: str
    parse: Callable[[str, str, str], E]
    last_event_id: str | None = None
    read_timeout: float = 3 * DEFAULT_KEEPALIVE
    connect_timeout: float = 5.0
    wait_for_server: bool = False
    give_up_after: float | None = None
    on_state: Callable[[ConnectionState], None] | None = None
    params: list[tuple[str, str]] = field(default_factory=list)


class StreamCore(Generic[E]):
    """Decisions of one stream across its connections; performs no I/O."""

    def __init__(self, core: Core, spec: StreamSpec[E]) -> None:
        self.core = core
        self.spec = spec
        self.last_event_id = spec.last_event_id
        self._last_number = _number(spec.last_event_id)
        self.retry = DEFAULT_RETRY
        self.failures = 0  # consecutive failed attempts since the last good connection
        self._failing_since: float | None = None
        self.state = ConnectionState.CONNECTING
        self.connected_once = False

    def set_state(self, state: ConnectionState) -> None:
        if state is not self.state:
            self.state = state
            if self.spec.on_state is not None:
                self.spec.on_state(state)

    def start(self) -> Call[None]:
        """A fresh call per connection: its one 401 refresh is per connection, too."""
        return self.core.start(Spec("GET", self.spec.path, no_content,
                                    params=list(self.spec.params)))

    def build(self, call: Call[None], http: httpx.Client | httpx.AsyncClient, *,
              is_async: bool) -> httpx.Request:
        request = call.build(http, is_async=is_async)
        request.headers["Accept"] = "text/event-stream"
        request.headers["Cache-Control"] = "no-store"
        if self.last_event_id:
            request.headers["Last-Event-ID"] = self.last_event_id
        timeout = httpx.Timeout(self.spec.read_timeout, connect=self.spec.connect_timeout)
        request.extensions["timeout"] = timeout.as_dict()
        return request

    def on_open(self, call: Call[None], response: httpx.Response) -> Refresh | Wait | Fail | None:
        """After the headers of an attempt: None means "read the stream" (status checked
        before iterating); otherwise what the runner must do. The body of a failed
        attempt has been read by then."""
        status = response.status_code
        if 200 <= status < 300:
            kind = response.headers.get("content-type", "").partition(";")[0].strip()
            if kind != "text/event-stream":
                return Fail(errors.InvalidResponseError(
                    f"invalid response from GET {self.spec.path}: expected an event stream, "
                    f"got {kind or 'no content type'!r}", status=status,
                    request_id=response.headers.get("X-Request-ID")))
            call._log(status, response.headers.get("X-Request-ID"))
            self.failures = 0
            self._failing_since = None
            self.connected_once = True
            self.set_state(ConnectionState.CONNECTED)
            return None
        step = call.on_response(response)  # logs it; a first 401 asks for one refresh
        if isinstance(step, Refresh):
            return step
        error = error_from_response(response)
        if status in RETRY_STATUSES:  # busy or restarting: a failed attempt, waited out
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            return Wait(self.failed(error, retry_after=retry_after))
        return Fail(error)

    def on_transport_error(self, call: Call[None], exc: httpx.TransportError) -> float:
        """A connection that failed or broke: the wait before the next attempt (or raise)."""
        call._log(None, None, type(exc).__name__)
        return self.failed(wrap_transport_error(exc, "GET", call.url))

    def on_end(self) -> float:
        """The server ended the stream (it shut down): reconnect after its ``retry``."""
        return self.failed(None)

    def failed(self, error: errors.ApiError | None, *,
               retry_after: float | None = None) -> float:
        """Count a failure, update the state, and say how long to wait; raise ``error``
        once reconnecting has been failing for ``give_up_after`` seconds."""
        now = time.monotonic()
        if self._failing_since is None:
            self._failing_since = now
        self.failures += 1
        if error is not None:
            if not self.connected_once and not self.spec.wait_for_server:
                # A first connection is a call like any other: a few quick retries.
                if self.failures > self.core.max_retries:
                    raise error
                return (min(retry_after, self.core.retry_after_cap) if retry_after is not None
                        else self.core.backoff(self.failures - 1))
            limit = self.spec.give_up_after
            if limit is not None and now - self._failing_since >= limit:
                raise error
        self.set_state(ConnectionState.OFFLINE if self.failures >= OFFLINE_AFTER
                       else ConnectionState.RECONNECTING)
        if retry_after is not None:
            return min(retry_after, self.core.retry_after_cap)
        ceiling = min(BACKOFF_CAP, self.core.BACKOFF_BASE * (2.0 ** (self.failures - 1)))
        return self.retry + float(self.core.random()) * ceiling

    def accept(self, sse: ServerSentEvent) -> E | None:
        """One decoded SSE block: the event to yield, or None (no data, or already seen)."""
        if sse.retry is not None and sse.retry >= 0:
            self.retry = sse.retry / 1000.0
        event_id = sse.id
        if not sse.data:  # `: connected` with `retry:`, and other data-less blocks
            # An `id:` without data (a stream ended at the server's --sse-max-seconds) is
            # where that stream got to: resume from there even if no event came yet.
            number = _number(event_id)
            if number is not None and (self._last_number is None or number > self._last_number):
                self.last_event_id, self._last_number = event_id, number
            return None
        if event_id:
            number = _number(event_id)
            last = self._last_number
            if number is not None and last is not None and number <= last:
                return None  # replayed or repeated: seen already
            self.last_event_id = event_id
            self._last_number = number
        return self.spec.parse(sse.event, sse.data, event_id)

    def close(self) -> None:
        self.set_state(ConnectionState.CLOSED)


def _number(event_id: str | None) -> int | None:
    """Event ids are decimal integers (docs/api.md); anything else is compared as unseen."""
    if event_id and event_id.isascii() and event_id.isdecimal():
        return int(event_id)
    return None


class Stream(Generic[E]):
    """A blocking event stream: ``for event in stream`` until the caller stops or closes it.

    Opened (and its status checked) when created; use as a context manager or call
    :meth:`close`. ``last_event_id`` is where a later stream can resume; ``state`` the
    connection's state.
    """

    def __init__(self, client: Client, spec: StreamSpec[E]) -> None:
        self._client = client
        self._core = StreamCore(client._core, spec)
        self._response: httpx.Response | None = None
        self._call: Call[None] = self._core.start()
        self._closed = False
        self._connect()

    @property
    def state(self) -> ConnectionState:
        return self._core.state

    @property
    def last_event_id(self) -> str | None:
        return self._core.last_event_id

    @property
    def closed(self) -> bool:
        """True once closed by the caller (iteration stops)."""
        return self._closed

    def _stopped(self) -> bool:  # a call, so type checkers do not narrow it across a yield
        return self._closed

    def __repr__(self) -> str:
        return f"<Stream {self._core.spec.path} {self.state} after {self.last_event_id}>"

    def _connect(self) -> None:
        """Open a connection, retrying as the core decides; raises a typed error if fatal."""
        core, http = self._core, self._client._http
        refreshed = False
        while not self.closed:
            call = self._call = core.start()
            call.refreshed = refreshed  # one refresh per connection, not one per attempt
            try:
                response = http.send(core.build(call, http, is_async=False), stream=True)
            except httpx.TransportError as exc:
                self._client._sleep(core.on_transport_error(call, exc))
                continue
            if 200 <= response.status_code < 300:
                step = core.on_open(call, response)
                if step is None:
                    self._response = response
                    return
            else:
                try:
                    response.read()
                except httpx.TransportError as exc:
                    response.close()
                    self._client._sleep(core.on_transport_error(call, exc))
                    continue
                step = core.on_open(call, response)
            response.close()
            if isinstance(step, Refresh):
                self._client._refresh(call)
                refreshed = True
                continue
            if isinstance(step, Wait):
                self._client._sleep(step.seconds)
                continue
            assert step is not None
            raise step.error

    def __iter__(self) -> Iterator[E]:
        from httpx_sse import EventSource

        core = self._core
        while not self.closed:
            if self._response is None:
                self._connect()
                if self._response is None:
                    break
            response = self._response
            try:
                for sse in EventSource(response).iter_sse():
                    event = core.accept(sse)
                    if event is not None:
                        yield event
                    if self._stopped():
                        return
                wait = core.on_end()
            except httpx.TransportError as exc:
                if self._stopped():
                    break
                wait = core.on_transport_error(self._call, exc)
            finally:
                response.close()
                self._response = None
            if not self.closed:
                self._client._sleep(wait)
        core.close()

    def close(self) -> None:
        """Stop: the iteration ends, the connection is released."""
        self._closed = True
        if self._response is not None:
            self._response.close()
        self._core.close()

    def __enter__(self) -> Stream[E]:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class AsyncStream(Generic[E]):
    """The asyncio twin of :class:`Stream`: ``async for event in stream``.

    Created by awaiting a client method (``await hd.chats.events(chat_id)``), which opens it;
    close with :meth:`aclose` or ``async with``. Cancelling the task that iterates it is a
    clean way to stop too (the connection is released).
    """

    def __init__(self, client: AsyncClient, spec: StreamSpec[E]) -> None:
        self._client = client
        self._core = StreamCore(client._core, spec)
        self._response: httpx.Response | None = None
        self._call: Call[None] = self._core.start()
        self._closed = False

    @property
    def state(self) -> ConnectionState:
        return self._core.state

    @property
    def last_event_id(self) -> str | None:
        return self._core.last_event_id

    @property
    def closed(self) -> bool:
        """True once closed by the caller (iteration stops)."""
        return self._closed

    def _stopped(self) -> bool:  # a call, so type checkers do not narrow it across a yield
        return self._closed

    def __repr__(self) -> str:
        return f"<AsyncStream {self._core.spec.path} {self.state} after {self.last_event_id}>"

    async def _connect(self) -> None:
        core, http = self._core, self._client._http
        refreshed = False
        while not self.closed:
            call = self._call = core.start()
            call.refreshed = refreshed  # one refresh per connection, not one per attempt
            try:
                response = await http.send(core.build(call, http, is_async=True), stream=True)
            except httpx.TransportError as exc:
                await self._client._sleep(core.on_transport_error(call, exc))
                continue
            if 200 <= response.status_code < 300:
                step = core.on_open(call, response)
                if step is None:
                    self._response = response
                    return
            else:
                try:
                    await response.aread()
                except httpx.TransportError as exc:
                    await response.aclose()
                    await self._client._sleep(core.on_transport_error(call, exc))
                    continue
                step = core.on_open(call, response)
            await response.aclose()
            if isinstance(step, Refresh):
                await self._client._refresh(call)
                refreshed = True
                continue
            if isinstance(step, Wait):
                await self._client._sleep(step.seconds)
                continue
            assert step is not None
            raise step.error

    def __aiter__(self) -> AsyncIterator[E]:
        return self._events()

    async def _events(self) -> AsyncIterator[E]:
        from httpx_sse import EventSource

        core = self._core
        try:
            while not self.closed:
                if self._response is None:
                    await self._connect()
                    if self._response is None:
                        break
                response = self._response
                try:
                    async for sse in EventSource(response).aiter_sse():
                        event = core.accept(sse)
                        if event is not None:
                            yield event
                        if self._stopped():
                            return
                    wait = core.on_end()
                except httpx.TransportError as exc:
                    if self._stopped():
                        break
                    wait = core.on_transport_error(self._call, exc)
                finally:
                    await response.aclose()
                    self._response = None
                if not self.closed:
                    await self._client._sleep(wait)
        finally:
            core.close()

    async def aclose(self) -> None:
        """Stop: the iteration ends, the connection is released."""
        self._closed = True
        if self._response is not None:
            await self._response.aclose()
        self._core.close()

    async def __aenter__(self) -> AsyncStream[E]:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()
