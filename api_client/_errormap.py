"""Mapping HTTP failures to the typed errors of :mod:`api_client.errors` (pure functions)."""

from __future__ import annotations

import time
from typing import Any

from . import errors
from ._httpx import httpx


def request_id_of(response: httpx.Response) -> str | None:
    value: str | None = response.headers.get("X-Request-ID")
    return value


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date); None if absent/bad."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


_BY_STATUS: dict[int, type[errors.ApiError]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    413: errors.PayloadTooLargeError,
    422: errors.ValidationError,
    429: errors.RateLimitedError,
}


def error_from_response(response: httpx.Response) -> errors.ApiError:
    """The typed error of a non-2xx response, carrying the problem document if any."""
    status = response.status_code
    request_id = request_id_of(response)
    problem: dict[str, Any] | None = None
    try:
        body = response.json()
        if isinstance(body, dict):
            problem = body
    except ValueError:
        pass
    detail = _text(problem, "detail") or _text(problem, "title") or (
        f"{response.reason_phrase or 'HTTP error'}".strip()
    )
    code = _text(problem, "code")
    request_id = request_id or _text(problem, "request_id")
    cls: type[errors.ApiError]
    if status == 409 and code == "ticket-closed":
        cls = errors.TicketClosedError
    elif status >= 500:
        cls = errors.ServerError
    else:
        cls = _BY_STATUS.get(status, errors.ApiError)
    kwargs: dict[str, Any] = {
        "status": status, "request_id": request_id, "detail": detail, "code": code,
        "problem": problem,
    }
    if cls is errors.RateLimitedError:
        kwargs["retry_after"] = parse_retry_after(response.headers.get("Retry-After"))
    return cls(detail, **kwargs)


def _text(problem: dict[str, Any] | None, key: str) -> str | None:
    if problem is None:
        return None
    value = problem.get(key)
    return value if isinstance(value, str) and value else None


def wrap_transport_error(exc: httpx.RequestError, method: str, url: str) -> errors.ApiError:
    """Our typed error for an httpx transport failure; the original stays as ``__cause__``.

    The message never quotes the request's headers: h11 refuses an illegal header value by
    quoting it in full, and that value may be the bearer token.
    """
    reason = _without_headers(exc)
    cls: type[errors.TransportError]
    if isinstance(exc, httpx.TimeoutException):
        cls = errors.RequestTimeoutError
        message = f"{method} {url} timed out ({type(exc).__name__})"
    elif isinstance(exc, httpx.ConnectError):
        cls = errors.UnreachableError
        message = f"cannot reach {url}: {reason}"
    else:
        cls = errors.TransportError
        message = f"{method} {url} failed: {reason}"
    error = cls(message)
    error.__cause__ = exc
    return error


def _without_headers(exc: httpx.RequestError) -> str:
    """``str(exc)`` unless it may carry a header value (a token): then a fixed text."""
    if isinstance(exc, httpx.LocalProtocolError):
        return "the request could not be sent (a header value is not allowed in HTTP)"
    reason = str(exc) or type(exc).__name__
    try:
        request = exc.request
    except RuntimeError:  # raised without a request attached
        return reason
    for value in request.headers.values():
        if len(value) >= 8 and (value in reason or repr(value.encode())[2:-1] in reason):
            return f"{type(exc).__name__} (details withheld: they quoted a request header)"
    return reason
