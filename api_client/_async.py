"""The asyncio client (used by the TUI): the same core as :class:`Client`, an async loop."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from . import errors
from ._core import (
    AsyncRefreshLock,
    Call,
    Core,
    CoreView,
    Done,
    Fail,
    FresherTokens,
    RequestLog,
    Spec,
    Step,
    Wait,
    refresh_spec,
)
from ._httpx import httpx
from ._live import AsyncLive
from ._resources import Account, Attachments, Auth, Faq, Orders, Tickets, Tokens, meta_spec
from ._runner import AsyncRunner

if TYPE_CHECKING:
    from types import TracebackType

    from ._transfer import DownloadSink
    from .models import Meta, TokenPair

T = TypeVar("T")


class AsyncClient(CoreView, AsyncLive, AsyncRunner):
    """Async client of the Self-Service API: same groups and methods as Client, awaited.

    ``sleep`` defaults to :func:`asyncio.sleep`; tests pass a zero-delay one.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        refresh_token: str | None = None,
        on_tokens: Callable[[TokenPair], Awaitable[None] | None] | None = None,
        before_refresh: Callable[[], FresherTokens | Awaitable[FresherTokens]] | None = None,
        refresh_lock: AsyncRefreshLock | None = None,
        timeout: httpx.Timeout | float | None = None,
        max_retries: int = 3,
        retry_after_cap: float = 60.0,
        allow_insecure_http: bool = False,
        user_agent: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        event_hook: Callable[[RequestLog], None] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        random: Callable[[], float] | None = None,
    ) -> None:
        self._core = Core(
            base_url, token=token, refresh_token=refresh_token, on_tokens=on_tokens,
            before_refresh=before_refresh, max_retries=max_retries, retry_after_cap=retry_after_cap,
            allow_insecure_http=allow_insecure_http, user_agent=user_agent,
            event_hook=event_hook, random=random,
        )
        self._sleep = sleep if sleep is not None else asyncio.sleep
        self._refresh_lock = asyncio.Lock()
        self._cross_lock = refresh_lock
        self._http = httpx.AsyncClient(transport=transport, **self._core.http_options(timeout))
        self.auth: Auth[AsyncRunner] = Auth(self, self._core)
        self.tokens: Tokens[AsyncRunner] = Tokens(self, self._core)
        self.account: Account[AsyncRunner] = Account(self, self._core)
        self.orders: Orders[AsyncRunner] = Orders(self, self._core)
        self.faq: Faq[AsyncRunner] = Faq(self, self._core)
        self.tickets: Tickets[AsyncRunner] = Tickets(self, self._core)
        self.attachments: Attachments[AsyncRunner] = Attachments(self, self._core)

    def __repr__(self) -> str:
        return f"<AsyncClient {self._core.base_url}>"

    async def meta(self) -> Meta:
        """Server name, API version and features (public)."""
        return await self.run(meta_spec())

    async def run(self, spec: Spec[T]) -> T:
        """Perform one logical call: attempts, waits and a token refresh as the core decides."""
        call = self._core.start(spec)
        try:
            return await self._run(call)
        except errors.ApiError as exc:
            call.stamp(exc)
            raise

    async def _run(self, call: Call[T]) -> T:
        while True:
            step = await self._attempt(call)
            if isinstance(step, Done):
                if step.tokens is not None and self._core.on_tokens is not None:
                    await _call_hook(self._core.on_tokens, step.tokens)
                return step.value
            if isinstance(step, Fail):
                raise step.error
            if isinstance(step, Wait):
                await self._sleep(step.seconds)
            else:
                await self._refresh(call)

    async def _attempt(self, call: Call[T]) -> Step[T]:
        request = call.build(self._http, is_async=True)
        try:
            response = await self._http.send(request, stream=True)
        except httpx.RequestError as exc:
            return call.on_error(exc)
        try:
            if call.wants_download(response):
                sink = await asyncio.to_thread(call.open_sink, response)
                sink.advance(0)
                try:
                    await _receive(response, sink)
                except BaseException:
                    await asyncio.to_thread(sink.abort)
                    raise
                return call.on_download(response, await asyncio.to_thread(sink.commit))
            await response.aread()
            return call.on_response(response)
        except httpx.RequestError as exc:
            return call.on_error(exc)
        finally:
            await response.aclose()

    async def _refresh(self, call: Call[Any]) -> None:
        """Refresh after a 401, unless another task or (via the hooks) process did."""
        async with self._refresh_lock:
            if call.token_is_stale():  # a concurrent call already refreshed
                return
            if self._cross_lock is None:
                await self._refresh_now(call)
                return
            guard = self._cross_lock()
            if isinstance(guard, AbstractAsyncContextManager):
                async with guard:
                    await self._refresh_now(call)
                return
            # A blocking lock (flock) is taken and released in a worker thread.
            await asyncio.to_thread(guard.__enter__)
            try:
                await self._refresh_now(call)
            except BaseException as exc:
                if not await asyncio.to_thread(guard.__exit__, type(exc), exc, exc.__traceback__):
                    raise
            else:
                await asyncio.to_thread(guard.__exit__, None, None, None)

    async def _refresh_now(self, call: Call[Any]) -> None:
        hook = self._core.before_refresh
        if hook is not None and self._core.adopt_fresher(call, await _call_hook(hook)):
            return
        await self.run(refresh_spec(self._core))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


_WRITE_BATCH = 1024 * 1024  # bytes per worker-thread hop: fewer hops, bounded memory


async def _receive(response: httpx.Response, sink: DownloadSink) -> None:
    """Stream the body into the sink: disk writes in a worker thread, batched; progress on
    the loop for every network chunk."""
    pending = bytearray()
    async for chunk in response.aiter_bytes():
        pending += chunk
        sink.advance(len(chunk))
        if len(pending) >= _WRITE_BATCH:
            await asyncio.to_thread(sink.store, bytes(pending))
            pending.clear()
    if pending:
        await asyncio.to_thread(sink.store, bytes(pending))


async def _call_hook(hook: Callable[..., Any], *args: Any) -> Any:
    """Run a caller's hook without blocking the event loop: an async hook is awaited, a
    plain one (keyring, file writes) runs in a worker thread."""
    if inspect.iscoroutinefunction(hook):
        return await hook(*args)
    result = await asyncio.to_thread(hook, *args)
    if inspect.isawaitable(result):
        result = await result
    return result
