"""Failures of the core, described by *kind* so that each front end decides how to show them.

The core knows what went wrong and what would fix it; it does not know whether a person reads
the answer in a terminal line, a JSON object or a notification. So an error carries a `kind`
(the CLI maps it to an exit code), a stable `code` (scripts and docs rely on it), a neutral
`hint`, and an `action`: a remedy the front end names in its own words (the CLI as a command,
the TUI as a key or a screen).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What sort of failure this is; front ends branch on it, never on message text."""

    ERROR = "error"  # our environment or a bug: keyring, config, unreadable files
    USAGE = "usage"  # input refused before anything was sent
    AUTH = "auth"  # not signed in, or the server refused the credentials
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"  # the server refused the request as it stands (state, validation)
    UNAVAILABLE = "unavailable"  # the server cannot be reached or is overloaded


class Action(StrEnum):
    """Remedies a front end can offer; each front end words them for its own users."""

    LOGIN = "login"
    SETUP_KEYRING = "setup-keyring"
    LIST_DRAFTS = "list-drafts"
    SHOW_DRAFT = "show-draft"  # a refused text was kept: where to read it again
    RESEND_DRAFT = "resend-draft"
    LOGIN_THEN_RESEND = "login-then-resend"
    FOLLOW_UP = "follow-up"
    RETRY = "retry"


@dataclass
class HelpdeskError(Exception):
    """An expected failure: one clear message, a kind, and what would fix it."""

    message: str
    kind: Kind = Kind.ERROR
    hint: str | None = None
    code: str = "error"
    extra: dict[str, Any] = field(default_factory=dict)
    action: Action | None = None

    def __str__(self) -> str:
        return self.message


def bad_input(message: str, hint: str | None = None) -> HelpdeskError:
    """Input refused by our own checks before anything was sent."""
    return HelpdeskError(message, Kind.USAGE, hint, code="usage")


def not_logged_in(profile: str) -> HelpdeskError:
    """No token anywhere for this profile."""
    return HelpdeskError("You are not logged in.", Kind.AUTH,
                         "sign in, or set HELPDESK_TOKEN", code="not-logged-in",
                         extra={"profile": profile}, action=Action.LOGIN)


def from_api_error(exc: Exception) -> HelpdeskError:
    """An api_client error as a core error: kind, a readable message, the server's code.

    Field errors stay as `(field, message)` pairs in `extra["field_errors"]`; a front end
    that names fields differently (the CLI names flags) rewords them itself.
    """
    from api_client import errors as e

    if isinstance(exc, e.InsecureTransportError):
        return HelpdeskError(str(exc), Kind.USAGE,
                             "use https:// for servers that are not on loopback",
                             code="insecure-transport")
    if not isinstance(exc, e.ApiError):
        raise TypeError(f"not an api_client error: {exc!r}")
    extra: dict[str, Any] = {}
    if exc.status:
        extra["status"] = exc.status
    if exc.request_id:
        extra["request_id"] = exc.request_id
    detail = exc.detail or str(exc)
    hint = exc.hint if exc.hint and "/v1/" not in exc.hint else None

    if isinstance(exc, e.TransportError):
        if isinstance(exc, e.RequestTimeoutError):
            msg = f"The server did not answer in time: {detail}"
        else:
            msg = f"Cannot reach the server: {detail}"
        return HelpdeskError(msg, Kind.UNAVAILABLE, hint or "check that the server is running",
                             "unreachable", extra, Action.RETRY)
    if isinstance(exc, e.RateLimitedError):
        if exc.retry_after is not None:
            extra["retry_after"] = exc.retry_after
            hint = hint or f"try again in {exc.retry_after:.0f} s"
        return HelpdeskError(f"Too many requests: {detail}", Kind.UNAVAILABLE, hint,
                             "rate-limited", extra, Action.RETRY)
    if isinstance(exc, e.ServerError):
        return HelpdeskError(f"The server failed: {detail}", Kind.UNAVAILABLE,
                             hint or "try again later", exc.code or "server-error", extra,
                             Action.RETRY)
    if isinstance(exc, e.AuthenticationError):
        return HelpdeskError(f"Authentication failed: {detail}", Kind.AUTH,
                             "sign in again, or use a valid HELPDESK_TOKEN",
                             exc.code or "unauthenticated", extra, Action.LOGIN)
    if isinstance(exc, e.PermissionDeniedError):
        return HelpdeskError(f"Not allowed: {detail}", Kind.AUTH, hint,
                             exc.code or "forbidden", extra)
    if isinstance(exc, e.NotFoundError):
        return HelpdeskError(detail, Kind.NOT_FOUND, hint, exc.code or "not-found", extra)
    if isinstance(exc, e.ValidationError):
        if exc.field_errors:
            extra["field_errors"] = [{"field": f.field, "message": f.message}
                                     for f in exc.field_errors]
            detail = "; ".join(f"{f.field}: {f.message}" for f in exc.field_errors)
        return HelpdeskError(f"Invalid input: {detail}", Kind.CONFLICT, hint,
                             exc.code or "validation", extra)
    if isinstance(exc, e.ConflictError | e.BadRequestError | e.PayloadTooLargeError):
        action = Action.FOLLOW_UP if exc.code == "ticket-closed" else None
        return HelpdeskError(detail, Kind.CONFLICT, hint, exc.code or "conflict", extra,
                             action)
    if isinstance(exc, e.InvalidResponseError):
        return HelpdeskError(
            f"The server sent a response this client does not understand: {detail}",
            Kind.ERROR, "check that the server address points at a helpdesk Self-Service API",
            "invalid-response", extra)
    return HelpdeskError(detail, Kind.ERROR, hint, exc.code or "error", extra)
