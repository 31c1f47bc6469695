"""Typed errors of the Self-Service API client.

Every error a caller can see derives from :class:`ApiError`, so one ``except ApiError``
catches them all; the subclasses let the CLI map failures to exit codes and the TUI to
messages without looking at status codes. Messages never contain a token: they are built
only from the server's problem details, the method and the URL (tokens travel in headers).
"""

from __future__ import annotations

from typing import Any

import msgspec

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "FieldError",
    "InsecureTransportError",
    "InvalidArgumentError",
    "InvalidResponseError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitedError",
    "RequestTimeoutError",
    "ServerError",
    "TicketClosedError",
    "TransportError",
    "UnreachableError",
    "ValidationError",
]


class FieldError(msgspec.Struct, frozen=True):
    """One field-level complaint of a 422 response."""

    field: str
    message: str


class ApiError(Exception):
    """Base of every failure of an API call.

    ``status`` is ``None`` when no usable HTTP response arrived. ``problem`` is the server's
    RFC 9457 problem document when there was one, for callers that want more than ``detail``.
    ``idempotency_key`` is the key a create was sent with (also one the client generated):
    after an ambiguous failure, resending with it can never make a second ticket.
    """

    idempotency_key: str | None = None

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        request_id: str | None = None,
        detail: str | None = None,
        code: str | None = None,
        problem: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.request_id = request_id
        self.detail = detail if detail is not None else message
        self.code = code
        self.problem = problem

    @property
    def hint(self) -> str | None:
        """The server's optional hint (e.g. how to follow up a closed ticket)."""
        if self.problem is not None:
            hint = self.problem.get("hint")
            if isinstance(hint, str) and hint:
                return hint
        return None

    def __str__(self) -> str:
        extras = []
        if self.status is not None:
            extras.append(f"HTTP {self.status}")
        if self.request_id:
            extras.append(f"request id {self.request_id}")
        return f"{self.message} ({', '.join(extras)})" if extras else self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, status={self.status!r}, "
            f"request_id={self.request_id!r}, code={self.code!r}, "
            f"idempotency_key={self.idempotency_key!r})"
        )


class BadRequestError(ApiError):
    """400: the request was malformed (e.g. a bad cursor)."""


class AuthenticationError(ApiError):
    """401: no token, a bad/expired/revoked token, or wrong credentials."""


class PermissionDeniedError(ApiError):
    """403: authenticated but not allowed (e.g. a customer on an agent route)."""


class NotFoundError(ApiError):
    """404: missing, or belongs to someone else (the server never says which)."""


class ConflictError(ApiError):
    """409: the resource's state forbids the action, or an idempotency key was reused."""


class TicketClosedError(ConflictError):
    """409 ``ticket-closed``: closed tickets are final; ``hint`` says how to follow up."""


class PayloadTooLargeError(ApiError):
    """413: an upload or body above the server's limit."""


class ValidationError(ApiError):
    """422: the server rejected fields; ``field_errors`` says which and why."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.field_errors: list[FieldError] = _field_errors(self.problem)


class RateLimitedError(ApiError):
    """429 that could not be waited out; ``retry_after`` is the server's wait in seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx: the server failed or is unavailable (after retries where they were allowed)."""


class TransportError(ApiError):
    """No usable HTTP response: the connection broke or the body was cut off."""


class UnreachableError(TransportError):
    """The server could not be reached at all (refused, DNS, no route)."""


class RequestTimeoutError(TransportError):
    """Connecting to, writing to or reading from the server took too long."""


class InvalidResponseError(ApiError):
    """The response was not JSON or does not fit the documented model.

    ``field`` is the path inside the body that failed (``data[3].created_at``), or ``None``
    when the body as a whole was unusable.
    """

    def __init__(self, message: str, *, field: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.field = field


class InvalidArgumentError(ValueError):
    """An argument that can never make a valid request (an empty id, "." or ".."), refused
    before sending: the caller's input is wrong, not the server or the client."""


class InsecureTransportError(ValueError):
    """Raised at construction: plain http:// to a host that is not loopback.

    A ValueError rather than an ApiError because it is a configuration mistake caught before
    any request is made.
    """


def _field_errors(problem: dict[str, Any] | None) -> list[FieldError]:
    """Read RFC 9457 ``errors`` leniently: an odd entry is skipped, never fatal."""
    if not problem:
        return []
    raw = problem.get("errors")
    if not isinstance(raw, list):
        return []
    out = []
    for item in raw:
        if isinstance(item, dict):
            field, message = item.get("field"), item.get("message")
            if isinstance(field, str) and isinstance(message, str):
                out.append(FieldError(field, message))
    return out
