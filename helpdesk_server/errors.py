"""RFC 9457 problem details: the one error shape every failure of the API takes."""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import Send

from helpdesk_server.schemas.common import NON_BLANK

logger = logging.getLogger("helpdesk_server")

PROBLEM_MEDIA_TYPE = "application/problem+json"

TITLES: dict[str, str] = {
    "bad-request": "Bad request",
    "unauthenticated": "Authentication required",
    "forbidden": "Forbidden",
    "not-found": "Not found",
    "method-not-allowed": "Method not allowed",
    "conflict": "Conflict",
    "idempotency-key-reused": "Idempotency key reused",
    "ticket-closed": "Ticket closed",
    "payload-too-large": "Payload too large",
    "unsupported-media-type": "Unsupported media type",
    "validation": "Validation failed",
    "rate-limited": "Too many requests",
    "account-locked": "Account locked",
    "internal": "Internal server error",
    "unavailable": "Service unavailable",
}

_STATUS_CODES: dict[int, str] = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation",
    429: "rate-limited",
}


class ProblemError(Exception):
    """Raise anywhere in a request to answer with a problem+json body."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        errors: list[dict[str, str]] | None = None,
        hint: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or TITLES.get(code, "Error")
        self.errors = errors
        self.hint = hint
        self.headers = headers or {}


def not_found(what: str) -> ProblemError:
    """404 with the uniform wording; used for missing rows and other users' rows alike."""
    return ProblemError(404, "not-found", f"No {what}.")


def field_error(field: str, message: str, detail: str | None = None) -> ProblemError:
    """422 naming one offending field."""
    return ProblemError(
        422, "validation", detail or message, errors=[{"field": field, "message": message}]
    )


def request_id_of(request: Request) -> str:
    """The id the request-id middleware assigned ("" outside of it)."""
    return str(getattr(request.state, "request_id", ""))


def problem_body(
    status: int,
    code: str,
    detail: str,
    request_id: str,
    *,
    title: str | None = None,
    errors: list[dict[str, str]] | None = None,
    hint: str | None = None,
) -> dict[str, Any]:
    """The JSON object of a problem; `errors` only appears on 422 as the contract says."""
    body: dict[str, Any] = {
        "type": f"urn:helpdesk:problem:{code}",
        "title": title or TITLES.get(code, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
        "request_id": request_id,
    }
    if status == 422:
        body["errors"] = errors or []
    if hint:
        body["hint"] = hint
    return body


def problem_response(
    status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    """Serialise a problem body with the problem media type."""
    return Response(
        content=json.dumps(body, ensure_ascii=False),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


# Names pydantic gives the members of a union (`str | None` with validators): they are the
# validator's plumbing, not fields a client sent.
_UNION_TAGS = frozenset({"none", "str", "int", "float", "bool", "list", "dict"})


def _is_union_tag(part: object) -> bool:
    text = str(part)
    return text in _UNION_TAGS or "[" in text or text.startswith(("function-", "constrained-"))


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'items', 0, 'quantity') -> 'items.0.quantity'; where it came from is noise,
    and so are the names of union members (`name.function-after[...]` is just `name`)."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    parts = parts[:1] + [p for p in parts[1:] if not _is_union_tag(p)]
    return ".".join(str(p) for p in parts) or "body"


def _field_errors(raw: list[Any]) -> list[dict[str, str]]:
    """One error per field: of a union's members, the one that explains the refusal (not
    the `null` member's "Input should be None" when null is not what was sent)."""
    out: dict[str, dict[str, str]] = {}
    for error in raw:
        entry = {"field": _field_name(error.get("loc", ())), "message": _message(error)}
        known = out.get(entry["field"])
        if known is None or known["message"] == "Input should be None":
            out[entry["field"]] = entry
    return list(out.values())


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    body = problem_body(
        exc.status,
        exc.code,
        exc.detail,
        request_id_of(request),
        title=exc.title,
        errors=exc.errors,
        hint=exc.hint,
    )
    return problem_response(exc.status, body, exc.headers)


def _message(error: Any) -> str:
    """Pydantic's message, except that the non-blank pattern of text fields reads as such."""
    if error.get("type") == "string_pattern_mismatch" and \
            (error.get("ctx") or {}).get("pattern") == NON_BLANK:
        return "Must not be blank."
    return str(error.get("msg", ""))


def _is_json(content_type: str | None) -> bool:
    """`application/json` or any `application/*+json`, parameters aside."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/")
                                           and media.endswith("+json"))


async def _on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    raw = list(exc.errors())
    content_type = request.headers.get("content-type")
    if content_type and not _is_json(content_type) and any(
        tuple(e.get("loc", ()))[:1] == ("body",) for e in raw
    ):
        # FastAPI hands a non-JSON body to the model as bytes, which reads as "not an
        # object"; the truth is that the body is in a media type these routes do not take.
        body = problem_body(415, "unsupported-media-type",
                            "The request body must be `application/json`.",
                            request_id_of(request))
        return problem_response(415, body)
    if any(e.get("type") == "json_invalid" for e in raw):
        body = problem_body(
            400, "bad-request", "The request body is not valid JSON.", request_id_of(request)
        )
        return problem_response(400, body)
    errors = _field_errors(raw)
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    detail = f"{first['field']}: {first['message']}"
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more)"
    body = problem_body(422, "validation", detail, request_id_of(request), errors=errors)
    return problem_response(422, body)


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    fallback = "internal" if exc.status_code >= 500 else "bad-request"
    code = _STATUS_CODES.get(exc.status_code, fallback)
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(code, "Error")
    headers = dict(exc.headers or {})
    if exc.status_code == 404:
        detail = f"No route {request.method} {request.url.path}."
    elif exc.status_code == 405:
        allowed = allowed_methods(request)
        headers["Allow"] = ", ".join(allowed)
        detail = f"{request.method} is not allowed here; allowed: {headers['Allow']}."
    body = problem_body(exc.status_code, code, detail, request_id_of(request))
    return problem_response(exc.status_code, body, headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of this path answers (RFC 9110 §10.2.1: `Allow` lists what
    the resource supports). Starlette's own 405 names only the first route that matched
    the path, so `OPTIONS /v1/me` would claim GET alone although PATCH is there too.
    """
    path = request.scope.get("path", "")
    methods: set[str] = set()
    for pattern, route_methods in getattr(request.app.state, "route_methods", ()):
        if pattern.match(path):
            methods.update(route_methods)
    order = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
    return sorted(methods, key=lambda m: (order.index(m) if m in order else len(order), m))


async def send_problem(
    send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]
) -> None:
    """Answer with a problem from ASGI middleware (outside FastAPI's handlers)."""
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


def is_busy(exc: BaseException) -> bool:
    """SQLite gave up waiting for the write lock (busy_timeout ran out)."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def busy_response(request_id: str) -> Response:
    """503 + Retry-After: a busy database is a transient condition clients should retry."""
    body = problem_body(503, "unavailable", "The database is busy; nothing was changed.",
                        request_id, hint="Retry in a moment.")
    return problem_response(503, body, {"Retry-After": "1"})


async def _on_sqlite(request: Request, exc: Exception) -> Response:
    if is_busy(exc):
        logger.warning("database busy in %s %s [request %s]", request.method, request.url.path,
                       request_id_of(request))
        return busy_response(request_id_of(request))
    return await _on_unexpected(request, exc)


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    rid = request_id_of(request)
    logger.error("unhandled error in %s %s [request %s]", request.method, request.url.path, rid,
                 exc_info=exc)
    body = problem_body(500, "internal", "The server hit an unexpected error.", rid)
    return problem_response(500, body)


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure through problem+json."""
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(sqlite3.OperationalError, _on_sqlite)
    app.add_exception_handler(Exception, _on_unexpected)
