"""The blocking client (used by the CLI): a thin send loop around the shared core."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any, TypeVar

from . import errors
from ._core import (
    Call,
    Core,
    CoreView,
    Done,
    Fail,
    FresherTokens,
    RefreshLock,
    RequestLog,
    Spec,
    Step,
    Wait,
    refresh_spec,
)
from ._httpx import httpx
from ._live import SyncLive
from ._resources import Account, Attachments, Auth, Faq, Orders, Tickets, Tokens, meta_spec
from ._runner import SyncRunner

if TYPE_CHECKING:
    from types import TracebackType

    from .models import Meta, TokenPair

T = TypeVar("T")


class Client(CoreView, SyncLive, SyncRunner):
    """Blocking client of the Self-Service API; see docs/client.md.

    Use as a context manager (or call :meth:`close`) so the connection pool is released.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        refresh_token: str | None = None,
        on_tokens: Callable[[TokenPair], None] | None = None,
        before_refresh: Callable[[], FresherTokens] | None = None,
        refresh_lock: RefreshLock | None = None,
        timeout: httpx.Timeout | float | None = None,
        max_retries: int = 3,
        retry_after_cap: float = 60.0,
        allow_insecure_http: bool = False,
        user_agent: str | None = None,
        transport: httpx.BaseTransport | None = None,
        event_hook: Callable[[RequestLog], None] | None = None,
        sleep: Callable[[float], None] | None = None,
        random: Callable[[], float] | None = None,
    ) -> None:
        self._core = Core(
            base_url, token=token, refresh_token=refresh_token, on_tokens=on_tokens,
            before_refresh=before_refresh, max_retries=max_retries, retry_after_cap=retry_after_cap,
            allow_insecure_http=allow_insecure_http, user_agent=user_agent,
            event_hook=event_hook, random=random,
        )
        self._sleep = sleep if sleep is not None else time.sleep
        self._refresh_lock = threading.Lock()
        self._cross_lock = refresh_lock
        self._http = httpx.Client(transport=transport, **self._core.http_options(timeout))
        self.auth: Auth[SyncRunner] = Auth(self, self._core)
        self.tokens: Tokens[SyncRunner] = Tokens(self, self._core)
        self.account: Account[SyncRunner] = Account(self, self._core)
        self.orders: Orders[SyncRunner] = Orders(self, self._core)
        self.faq: Faq[SyncRunner] = Faq(self, self._core)
        self.tickets: Tickets[SyncRunner] = Tickets(self, self._core)
        self.attachments: Attachments[SyncRunner] = Attachments(self, self._core)

    def __repr__(self) -> str:
        return f"<Client {self._core.base_url}>"

    def meta(self) -> Meta:
        """Server name, API version and features (public)."""
        return self.run(meta_spec())

    def run(self, spec: Spec[T]) -> T:
        """Perform one logical call: attempts, waits and a token refresh as the core decides."""
        call = self._core.start(spec)
        try:
            return self._run(call)
        except errors.ApiError as exc:
            call.stamp(exc)
            raise

    def _run(self, call: Call[T]) -> T:
        while True:
            step = self._attempt(call)
            if isinstance(step, Done):
                if step.tokens is not None and self._core.on_tokens is not None:
                    self._core.on_tokens(step.tokens)
                return step.value
            if isinstance(step, Fail):
                raise step.error
            if isinstance(step, Wait):
                self._sleep(step.seconds)
            else:
                self._refresh(call)

    def _attempt(self, call: Call[T]) -> Step[T]:
        request = call.build(self._http, is_async=False)
        try:
            response = self._http.send(request, stream=True)
        except httpx.RequestError as exc:
            return call.on_error(exc)
        try:
            if call.wants_download(response):
                sink = call.open_sink(response)
                sink.advance(0)
                try:
                    for chunk in response.iter_bytes():
                        sink.write(chunk)
                except BaseException:
                    sink.abort()
                    raise
                return call.on_download(response, sink.commit())
            response.read()
            return call.on_response(response)
        except httpx.RequestError as exc:
            return call.on_error(exc)
        finally:
            response.close()

    def _refresh(self, call: Call[Any]) -> None:
        """Refresh after a 401, unless another thread or (via the hooks) process did."""
        with self._refresh_lock:
            if call.token_is_stale():  # another thread already refreshed
                return
            with self._cross_lock() if self._cross_lock is not None else nullcontext():
                hook = self._core.before_refresh
                if hook is not None and self._core.adopt_fresher(call, hook()):
                    return
                self.run(refresh_spec(self._core))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
