"""Per-route request body caps, enforced before the body is read.

FastAPI reads and parses a JSON body in full before any route code runs, so without a cap a
100 MB body to the public `/v1/auth/token` costs ~400 MB of memory. Each route gets a cap
(`max_body` on the endpoint, `DEFAULT_MAX_BODY` otherwise): a declared `Content-Length`
over it is refused at once without reading a byte (and the connection closed), and a
chunked body is cut off as soon as it passes the cap. Both answer 413 problem+json.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpdesk_server.errors import problem_body, send_problem

# Every small JSON body fits even with each character escaped as \uXXXX (6 bytes; 12 for
# characters outside the BMP): the longest such field is 2,000 characters.
DEFAULT_MAX_BODY = 64 * 1024
_CAP_ATTRIBUTE = "_helpdesk_max_body"
_UNCAPPED = -1
_F = TypeVar("_F", bound=Callable[..., object])


def max_body(limit: int | None) -> Callable[[_F], _F]:
    """Declare the body cap of a route; None for a route that enforces its own as it streams."""

    def mark(endpoint: _F) -> _F:
        setattr(endpoint, _CAP_ATTRIBUTE, _UNCAPPED if limit is None else limit)
        return endpoint

    return mark


@dataclass(frozen=True)
class _RouteCap:
    methods: frozenset[str]
    path: re.Pattern[str]
    limit: int


def route_caps(routers: Iterable[APIRouter]) -> list[_RouteCap]:
    """The caps of every route of `routers` (uncapped routes are left out)."""
    caps = []
    for router in routers:
        for route in router.routes:
            if not isinstance(route, APIRoute):
                continue
            limit = getattr(route.endpoint, _CAP_ATTRIBUTE, DEFAULT_MAX_BODY)
            if limit != _UNCAPPED:
                caps.append(_RouteCap(frozenset(route.methods or ()), route.path_regex, limit))
    return caps


class BodyLimitMiddleware:
    """Find the request's route cap and hold the body to it.

    A pure ASGI middleware that matches the routes' own path patterns, so it runs before
    FastAPI reads the body and does not depend on how the framework dispatches to routes.
    Paths that match no capped route (the upload, unknown paths) pass untouched.
    """

    def __init__(self, app: ASGIApp, caps: list[_RouteCap]) -> None:
        self.app = app
        self.caps = caps

    def _limit(self, scope: Scope) -> int | None:
        method, path = scope.get("method", ""), scope.get("path", "")
        for cap in self.caps:
            if method in cap.methods and cap.path.match(path):
                return cap.limit
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self._limit(scope) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", ()):
            if key.lower() == b"content-length":
                # A malformed length is refused by the HTTP server before we get here.
                if value.strip().isdigit() and int(value) > limit:
                    body = problem_body(413, "payload-too-large", _detail(limit),
                                        str(scope.get("state", {}).get("request_id", "")))
                    await send_problem(send, 413, body, [(b"connection", b"close")])
                    return
                break
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside FastAPI's body read, which re-raises HTTP errors to the
                    # app's handler: the answer is the same 413 problem.
                    raise HTTPException(413, _detail(limit))
            return message

        await self.app(scope, counting_receive, send)


def _detail(limit: int) -> str:
    return f"The request body is larger than this route's limit of {limit} bytes."
