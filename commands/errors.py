"""How the CLI shows core errors: kinds become exit codes (DESIGN §3), actions become commands.

The core says what failed and what would fix it; this module says it the way a person at a
terminal (or a script reading `--json`) needs it: an exit code, a flag name, a command to run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from helpdesk_cli.errors import Action, HelpdeskError, Kind, bad_input

OK = 0
ERROR = 1
USAGE = 2
AUTH = 3
NOT_FOUND = 4
CONFLICT = 5
UNAVAILABLE = 6
INTERRUPTED = 130

EXIT_CODES = {
    Kind.ERROR: ERROR, Kind.USAGE: USAGE, Kind.AUTH: AUTH, Kind.NOT_FOUND: NOT_FOUND,
    Kind.CONFLICT: CONFLICT, Kind.UNAVAILABLE: UNAVAILABLE,
}

BUG_HINT = "this is a bug in helpdesk-cli; rerun with -v for details and report it"
KEYRING_HINT = (
    "install and unlock a keyring (e.g. gnome-keyring / KWallet / macOS Keychain), use "
    "HELPDESK_TOKEN, or accept a plain-text token file with `helpdesk auth login "
    "--insecure-storage`"
)


def usage(message: str, hint: str | None = None) -> HelpdeskError:
    """Bad flags or arguments detected by our own checks (exit 2)."""
    return bad_input(message, hint)


def exit_code(exc: HelpdeskError) -> int:
    """The documented exit code of an error's kind."""
    return EXIT_CODES.get(exc.kind, ERROR)


def resend_command(kind: str, draft_id: str, ticket_id: str | None = None) -> str:
    """The command that resends a saved draft."""
    if kind == "reply":
        return f"helpdesk ticket reply {ticket_id} --recover {draft_id}"
    return f"helpdesk ticket create --recover {draft_id}"


def hint_for(exc: HelpdeskError) -> str | None:
    """The core's remedy, named as a command; otherwise the core's own hint."""
    action = exc.action
    if action is Action.LOGIN:
        if exc.code == "not-logged-in":
            profile = exc.extra.get("profile", "default")
            flag = "" if profile == "default" else f" --profile {profile}"
            return f"run `helpdesk{flag} auth login`, or set HELPDESK_TOKEN"
        return "run `helpdesk auth login`, or set a valid HELPDESK_TOKEN"
    if action is Action.SETUP_KEYRING:
        return KEYRING_HINT
    if action is Action.LIST_DRAFTS:
        return "list drafts with `helpdesk ticket drafts`"
    if action is Action.SHOW_DRAFT:
        draft_id = exc.extra.get("draft_id")
        return "; ".join(filter(None, [
            exc.hint, f"read your text with `helpdesk ticket drafts --show {draft_id}`"]))
    if action in (Action.RESEND_DRAFT, Action.LOGIN_THEN_RESEND):
        cmd = resend_command(exc.extra.get("draft_kind", "ticket"), exc.extra["draft_id"],
                             exc.extra.get("ticket_id"))
        if action is Action.LOGIN_THEN_RESEND:
            return f"log in again (`helpdesk auth login`), then `{cmd}`"
        return f"resend it with `{cmd}`"
    return exc.hint


def in_cli_words(exc: HelpdeskError) -> HelpdeskError:
    """A core field error names the flag, as the server's do (`--subject must not be
    empty`); other errors are returned as they are."""
    from commands.hints import field_flag, field_message

    fields = exc.extra.get("field_errors")
    if exc.code != "validation" or not fields or any("option" in f for f in fields):
        return exc
    named = [{**f, "option": flag} if (flag := field_flag(f["field"])) else f for f in fields]
    message = "Invalid input: " + "; ".join(field_message(f["field"], f["message"])
                                             for f in fields)
    return replace(exc, message=message, extra={**exc.extra, "field_errors": named})


def public_extra(exc: HelpdeskError) -> dict[str, Any]:
    """The `extra` fields of the JSON error: what scripts rely on, not the hint's inputs."""
    hidden = {"profile", "draft_kind", "ticket_id"}
    return {k: v for k, v in exc.extra.items() if k not in hidden}


def from_api_error(exc: Exception, flags: Mapping[str, str] | None = None) -> HelpdeskError:
    """An api_client error in CLI words: flags instead of JSON fields, commands instead of
    routes. `flags` maps API fields to how the calling command sets them, where that differs
    from the usual flag (see `hints.FIELD_FLAGS`)."""
    from api_client import errors as e
    from commands.hints import cli_hint, field_flag, field_message
    from helpdesk_cli.errors import from_api_error as core_error

    base = core_error(exc)
    if not isinstance(exc, e.ApiError):
        return base
    detail = exc.detail or str(exc)
    hint = cli_hint(exc.code, detail, exc.hint)
    if base.code == "unreachable":
        hint = hint or "check --server and that the server is running"
    elif base.kind is Kind.AUTH and base.action is Action.LOGIN:
        hint = None  # hint_for words the login remedy
    elif base.kind is Kind.UNAVAILABLE:
        hint = hint or base.hint
    elif isinstance(exc, e.InvalidResponseError):
        hint = "check that --server points at a helpdesk Self-Service API"
    if isinstance(exc, e.ValidationError) and exc.field_errors:
        fields: list[dict[str, str]] = []
        for f in exc.field_errors:
            entry = {"field": f.field, "message": f.message}
            if flag := field_flag(f.field, flags):
                entry["option"] = flag
            fields.append(entry)
        message = "Invalid input: " + ("; ".join(
            field_message(f.field, f.message, flags) for f in exc.field_errors) or detail)
        return replace(base, message=message, hint=hint,
                       extra={**base.extra, "field_errors": fields})
    return replace(base, hint=hint)
