"""Exit codes (DESIGN §3) and the one place that maps failures to codes and messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

OK = 0
ERROR = 1
USAGE = 2
AUTH = 3
NOT_FOUND = 4
CONFLICT = 5
UNAVAILABLE = 6
INTERRUPTED = 130

BUG_HINT = "this is a bug in helpdesk-cli; rerun with -v for details and report it"


@dataclass
class CliError(Exception):
    """An expected failure: printed as one line (or JSON) and turned into an exit code."""

    message: str
    exit_code: int = ERROR
    hint: str | None = None
    code: str = "error"
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


def usage(message: str, hint: str | None = None) -> CliError:
    """Bad flags or arguments detected by our own checks (exit 2)."""
    return CliError(message, USAGE, hint, code="usage")


def not_logged_in(profile: str) -> CliError:
    """No token anywhere for this profile (exit 3)."""
    flag = "" if profile == "default" else f" --profile {profile}"
    return CliError(
        "You are not logged in.",
        AUTH,
        f"run `helpdesk{flag} auth login`, or set HELPDESK_TOKEN",
        code="not-logged-in",
    )


def from_api_error(exc: Exception, flags: Mapping[str, str] | None = None) -> CliError:
    """Translate an api_client error into the CLI's code, message and hint.

    `flags` maps API fields to how the calling command sets them, where that differs from
    the usual flag (see `hints.FIELD_FLAGS`).
    """
    from api_client import errors as e

    if isinstance(exc, e.InsecureTransportError):
        return CliError(str(exc), USAGE, "use https:// for servers that are not on loopback",
                        code="insecure-transport")
    if not isinstance(exc, e.ApiError):
        raise TypeError(f"not an api_client error: {exc!r}")
    extra: dict[str, Any] = {}
    if exc.status:
        extra["status"] = exc.status
    if exc.request_id:
        extra["request_id"] = exc.request_id
    from helpdesk_cli.hints import cli_hint, field_flag, field_message

    detail = exc.detail or str(exc)
    hint = cli_hint(exc.code, detail, exc.hint)

    if isinstance(exc, e.TransportError):
        if isinstance(exc, e.RequestTimeoutError):
            msg = f"The server did not answer in time: {detail}"
        else:
            msg = f"Cannot reach the server: {detail}"
        return CliError(msg, UNAVAILABLE, hint or "check --server and that the server is running",
                        "unreachable", extra)
    if isinstance(exc, e.RateLimitedError):
        if exc.retry_after is not None:
            extra["retry_after"] = exc.retry_after
            hint = hint or f"try again in {exc.retry_after:.0f} s"
        return CliError(f"Too many requests: {detail}", UNAVAILABLE, hint, "rate-limited", extra)
    if isinstance(exc, e.ServerError):
        return CliError(f"The server failed: {detail}", UNAVAILABLE,
                        hint or "try again later", exc.code or "server-error", extra)
    if isinstance(exc, e.AuthenticationError):
        # The server's hint speaks HTTP ("POST /v1/auth/token"); a CLI user needs commands.
        return CliError(f"Authentication failed: {detail}", AUTH,
                        "run `helpdesk auth login`, or set a valid HELPDESK_TOKEN",
                        exc.code or "unauthenticated", extra)
    if isinstance(exc, e.PermissionDeniedError):
        return CliError(f"Not allowed: {detail}", AUTH, hint, exc.code or "forbidden", extra)
    if isinstance(exc, e.NotFoundError):
        return CliError(detail, NOT_FOUND, hint, exc.code or "not-found", extra)
    if isinstance(exc, e.ValidationError):
        fields: list[dict[str, str]] = []
        for f in exc.field_errors:
            entry = {"field": f.field, "message": f.message}
            if flag := field_flag(f.field, flags):
                entry["option"] = flag
            fields.append(entry)
        if fields:
            extra["field_errors"] = fields
            detail = "; ".join(field_message(f.field, f.message, flags)
                               for f in exc.field_errors) or detail
        return CliError(f"Invalid input: {detail}", CONFLICT, hint, exc.code or "validation",
                        extra)
    if isinstance(exc, e.ConflictError | e.BadRequestError | e.PayloadTooLargeError):
        return CliError(detail, CONFLICT, hint, exc.code or "conflict", extra)
    if isinstance(exc, e.InvalidResponseError):
        return CliError(f"The server sent a response this client does not understand: {detail}",
                        ERROR, "check that --server points at a helpdesk Self-Service API",
                        "invalid-response", extra)
    return CliError(detail, ERROR, hint, exc.code or "error", extra)

