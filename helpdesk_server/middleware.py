"""Pure ASGI middleware: request ids (outermost) and the per-caller rate limit."""

from __future__ import annotations

import hashlib
import logging
import math
import re
import time
import uuid
from collections.abc import Callable

from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpdesk_server.errors import is_busy, problem_body, send_problem
from helpdesk_server.shared import SharedState

logger = logging.getLogger("helpdesk_server")

_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_WINDOW_S = 60.0
RATE_LIMIT_EXEMPT = frozenset({"/v1/meta"})  # app._polish reads it for the OpenAPI 429/503


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


class RequestIdMiddleware:
    """Tag every response with X-Request-ID and turn escaped exceptions into a 500 problem.

    Catching here (rather than in Starlette's outermost error middleware) keeps the request
    id on the 500 and never leaks a traceback to the client.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = _header(scope, b"x-request-id")
        request_id = sent if sent and _SANE_REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"
                ]
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            if is_busy(exc) and not started:
                body = problem_body(503, "unavailable", "The database is busy; nothing was "
                                    "changed.", request_id, hint="Retry in a moment.")
                await send_problem(send, 503, body, [(b"x-request-id", request_id.encode()),
                                                      (b"retry-after", b"1")])
                return
            logger.exception(
                "unhandled error in %s %s [request %s]", scope.get("method"), scope.get("path"),
                request_id,
            )
            if started:
                raise
            body = problem_body(500, "internal", "The server hit an unexpected error.", request_id)
            await send_problem(send, 500, body, [(b"x-request-id", request_id.encode())])


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class RateIdentities:
    """Verified bearer tokens, mapped to whom they bill (their user).

    The limiter runs before authentication, so it cannot trust a bearer on its own: keying
    by whatever token was sent would give every forged token a fresh, empty budget. An
    unknown token is checked with `resolver` (one indexed lookup, in a worker thread);
    only a valid one gets its user's bucket, anything else counts against the client IP.
    Entries expire after one window so a revoked token soon falls back to the IP bucket;
    invalid tokens are never cached, so random ones cannot grow the table.
    """

    def __init__(
        self, resolver: Callable[[str], str | None] | None = None, max_entries: int = 50_000
    ) -> None:
        self.resolver = resolver
        self.max_entries = max_entries
        self._known: dict[str, tuple[str, float]] = {}

    def remember(self, token: str, identity: str) -> None:
        """Called from a worker thread; single dict operations are atomic under the GIL."""
        digest = _token_digest(token)
        self._known.pop(digest, None)  # re-insert: dict order stays oldest-first
        self._known[digest] = (identity, time.monotonic() + _WINDOW_S)
        while len(self._known) > self.max_entries:
            try:
                del self._known[next(iter(self._known))]
            except (StopIteration, KeyError, RuntimeError):
                break

    async def identify(self, token: str, now: float) -> str | None:
        """The identity of a valid token, None for an invalid one."""
        entry = self._known.get(_token_digest(token))
        if entry is not None and entry[1] > now:
            return entry[0]
        if self.resolver is None:
            return None
        try:
            identity = await to_thread.run_sync(self.resolver, token)
        except Exception:  # the IP bucket is a safe answer; the route reports the real error
            logger.warning("rate limit: could not check a bearer token", exc_info=True)
            return None
        if identity is not None:
            self.remember(token, identity)
        return identity


class RateLimitMiddleware:
    """Fixed one-minute window per verified user (per client IP otherwise).

    Counters live in `shared`, the memory every worker process of one server shares, so
    `--workers N` does not multiply anybody's budget; a restart forgives everybody, which
    suits a reference server. The table is fixed-size: a new window takes an expired
    window's slot, else the oldest's, so a flood cannot grow it. Without `shared` the
    limiter makes a private table of `max_windows` (a shared one was sized by its
    `SharedState.create`).
    """

    def __init__(
        self,
        app: ASGIApp,
        limit_per_minute: int,
        identities: RateIdentities | None = None,
        max_windows: int = 100_000,
        shared: SharedState | None = None,
    ) -> None:
        self.app = app
        self.limit = limit_per_minute
        self.identities = identities or RateIdentities()
        self.shared = shared or SharedState.create(rate_windows=max_windows, sign_in_entries=1)
        self.max_windows = self.shared.rate.slots

    async def _key(self, scope: Scope, now: float) -> str:
        auth = _header(scope, b"authorization")
        if auth and auth[:7].lower() == "bearer ":
            identity = await self.identities.identify(auth[7:].strip(), now)
            if identity is not None:
                return identity
        client = scope.get("client")
        return "ip:" + (client[0] if client else "unknown")

    def _hit(self, key: str, now: float) -> tuple[int, float, bool]:
        """Count one request; return (remaining, seconds to reset, allowed)."""
        start, count, allowed = self.shared.rate.hit(key, now, _WINDOW_S, self.limit)
        return max(0, self.limit - count), start + _WINDOW_S - now, allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/v1/") or path in RATE_LIMIT_EXEMPT:
            await self.app(scope, receive, send)
            return
        now = time.monotonic()
        key = await self._key(scope, now)
        now = time.monotonic()
        remaining, reset_in, allowed = self._hit(key, now)
        reset = max(1, math.ceil(reset_in))
        headers = [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(remaining).encode()),
            (b"ratelimit-reset", str(reset).encode()),
        ]
        if not allowed:
            request_id = str(scope.get("state", {}).get("request_id", ""))
            body = problem_body(
                429,
                "rate-limited",
                f"Rate limit of {self.limit} requests per minute exceeded.",
                request_id,
                hint=f"Retry after {reset} seconds.",
            )
            await send_problem(send, 429, body, [*headers, (b"retry-after", str(reset).encode())])
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers]}
            await send(message)

        await self.app(scope, receive, send_with_limits)
