"""Pure ASGI middleware: request ids (outermost) and the per-token rate limit."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpdesk_server.errors import PROBLEM_MEDIA_TYPE, problem_body

logger = logging.getLogger("helpdesk_server")

_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_WINDOW_S = 60.0
_EXEMPT_PATHS = frozenset({"/v1/meta"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


async def _send_problem(
    send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]
) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


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
        except Exception:
            logger.exception(
                "unhandled error in %s %s [request %s]", scope.get("method"), scope.get("path"),
                request_id,
            )
            if started:
                raise
            body = problem_body(500, "internal", "The server hit an unexpected error.", request_id)
            await _send_problem(send, 500, body, [(b"x-request-id", request_id.encode())])


class RateLimitMiddleware:
    """Fixed one-minute window per bearer token (per client IP when anonymous).

    Counters live in memory: a restart forgives everybody, which suits a reference server.
    Runs on the event loop thread, so the dict needs no lock.
    """

    def __init__(self, app: ASGIApp, limit_per_minute: int) -> None:
        self.app = app
        self.limit = limit_per_minute
        self._windows: dict[str, list[float]] = {}

    def _key(self, scope: Scope) -> str:
        auth = _header(scope, b"authorization")
        if auth and auth[:7].lower() == "bearer ":
            return "t:" + hashlib.sha256(auth[7:].strip().encode("latin-1")).hexdigest()
        client = scope.get("client")
        return "ip:" + (client[0] if client else "unknown")

    def _hit(self, key: str, now: float) -> tuple[int, float, bool]:
        """Count one request; return (remaining, seconds to reset, allowed)."""
        if len(self._windows) > 10_000:
            self._windows = {k: w for k, w in self._windows.items() if w[0] + _WINDOW_S > now}
        window = self._windows.get(key)
        if window is None or window[0] + _WINDOW_S <= now:
            window = [now, 0.0]
            self._windows[key] = window
        allowed = window[1] < self.limit
        if allowed:
            window[1] += 1
        return max(0, self.limit - int(window[1])), window[0] + _WINDOW_S - now, allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/v1/") or path in _EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        remaining, reset_in, allowed = self._hit(self._key(scope), time.monotonic())
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
            await _send_problem(send, 429, body, [*headers, (b"retry-after", str(reset).encode())])
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers]}
            await send(message)

        await self.app(scope, receive, send_with_limits)
