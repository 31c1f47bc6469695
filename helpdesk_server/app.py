"""Application factory: routers, middleware, error handlers, OpenAPI polish, startup."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from helpdesk_server import __version__
from helpdesk_server.bodylimit import BodyLimitMiddleware, route_caps
from helpdesk_server.config import ServerSettings
from helpdesk_server.db import ConnectionPool
from helpdesk_server.deps import token_identity
from helpdesk_server.errors import PROBLEM_MEDIA_TYPE, install_error_handlers
from helpdesk_server.events import PeerNudge
from helpdesk_server.faq.router import router as faq_router
from helpdesk_server.live import Live
from helpdesk_server.live_routes import LIVE_ROUTERS
from helpdesk_server.middleware import (
    RATE_LIMIT_EXEMPT,
    RateIdentities,
    RateLimitMiddleware,
    RequestIdMiddleware,
)
from helpdesk_server.routes import account, attachments, auth, meta, orders, tickets, tokens
from helpdesk_server.routes._openapi import problems
from helpdesk_server.schemas.common import Problem
from helpdesk_server.shared import SharedState
from helpdesk_server.signin import SignInGuard
from helpdesk_server.sweeper import sweep_periodically

DESCRIPTION = (
    "Self-Service API of helpdesk-cli (reference server). Errors are RFC 9457 problem details "
    "(`application/problem+json`); lists are cursor-paginated; creates accept "
    "`Idempotency-Key`; every response carries `X-Request-ID`; rate-limited routes carry "
    "`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`."
)


def create_app(settings: ServerSettings, *, shared: SharedState | None = None,
               leader: bool = True, nudge: PeerNudge | None = None) -> FastAPI:
    """Build the ASGI app over an already prepared database.

    The runners call `startup.prepare` first so a bad database is reported as an error
    message before the server starts; the lifespan only closes the connection pool.
    One of several worker processes (`runner._Supervisor`) gets the state shared by all of
    them, says whether it runs the background jobs (`leader`) and how it wakes its siblings.
    """

    pool = ConnectionPool(settings.db_path)
    live = Live(settings, pool, leader=leader, nudge=nudge)
    shared = shared if shared is not None else SharedState.create()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            async with anyio.create_task_group() as housekeeping:
                if leader:
                    housekeeping.start_soon(sweep_periodically, settings)
                housekeeping.start_soon(live.run)
                yield
                housekeeping.cancel_scope.cancel()
        finally:
            pool.close()

    app = FastAPI(
        title="Helpdesk Self-Service API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db_pool = pool
    app.state.live = live
    app.state.sign_in_guard = SignInGuard(settings.sign_in_max_failures,
                                          settings.sign_in_lock_seconds, shared=shared)
    install_error_handlers(app)
    routers = (meta.router, auth.router, tokens.router, account.router, orders.router,
               tickets.router, attachments.router, faq_router, *LIVE_ROUTERS)
    for router in routers:
        app.include_router(router)
    # For `Allow` on 405 (errors.allowed_methods): every method of every path.
    app.state.route_methods = [(route.path_regex, frozenset(route.methods or ()))
                               for router in routers for route in router.routes
                               if isinstance(route, APIRoute)]
    def token_identity_of(token: str) -> str | None:
        conn = pool.acquire()
        try:
            return token_identity(conn, token)
        finally:
            pool.release(conn)

    app.state.rate_identities = RateIdentities(token_identity_of)
    app.add_middleware(BodyLimitMiddleware, caps=route_caps(routers))  # innermost
    app.add_middleware(RateLimitMiddleware, limit_per_minute=settings.rate_limit_per_minute,
                       identities=app.state.rate_identities, shared=shared)
    app.add_middleware(RequestIdMiddleware)  # added last = outermost: ids even on 429/500

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _polish(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


SERVERS = [{
    "url": "http://127.0.0.1:8765",
    "description": "The reference server on loopback (`helpdesk server`, default port). "
                   "Deployments serve the same paths over HTTPS.",
}]
LICENSE = {"name": "MIT", "identifier": "MIT"}
_JSON_BODY_ERRORS = {
    400: "The request body is not valid JSON.",
    413: "The request body is larger than this route's limit (checked before it is read).",
    415: "The request body is not `application/json`.",
}


def _polish(schema: dict[str, Any]) -> dict[str, Any]:
    """Make the generated document tell the truth about errors and access.

    Every error response is problem+json with the `Problem` schema (including FastAPI's
    default 422, which our handler reshapes); every rate-limited route declares 429 and 503
    (database busy); every JSON body can be refused with 400 (not JSON), 413 (over the
    route's cap, see `bodylimit`) and 415 (another media type), so those are declared
    wherever there is one; an operation without a token requirement says `security: []`
    (public), so readers need not guess.
    """
    problem = {"$ref": "#/components/schemas/Problem"}
    limited = problems(429, 503)
    for path, path_item in schema.get("paths", {}).items():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            body = operation.get("requestBody", {}).get("content", {})
            if "application/json" in body:
                for status, entry in problems(*_JSON_BODY_ERRORS).items():
                    description = _JSON_BODY_ERRORS[int(status)]
                    responses.setdefault(str(status), {**copy.deepcopy(entry),
                                                       "description": description})
            for status, response in responses.items():
                content = response.get("content", {})
                if str(status).startswith(("4", "5")) and content:
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": problem}}
            if path.startswith("/v1/") and path not in RATE_LIMIT_EXEMPT:
                for status, entry in limited.items():
                    responses.setdefault(str(status), copy.deepcopy(entry))
            operation.setdefault("security", [])
            operation["responses"] = dict(sorted(responses.items()))
    # FastAPI describes the SSE streams with `itemSchema` (one schema per event), a field of
    # OpenAPI 3.2; declared as 3.1 the document would be invalid (Redocly: `struct`).
    schema["openapi"] = "3.2.0"
    schema["servers"] = SERVERS
    schema["info"]["license"] = LICENSE
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem_schema.pop("$defs", {}))
    components["Problem"] = problem_schema
    return schema
