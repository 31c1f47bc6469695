"""How the TUI words a failure: one notification, and what the person can do about it."""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk_cli.errors import Action, HelpdeskError, Kind, from_api_error
from helpdesk_cli.sanitize import one_line

ACTIONS = {
    Action.LOGIN: "sign in again",
    Action.SETUP_KEYRING: "unlock or install a keyring, or tick “plain-text file” when signing in",
    Action.LIST_DRAFTS: "see Tickets → Drafts",
    Action.RESEND_DRAFT: "resend it from Tickets → Drafts",
    Action.LOGIN_THEN_RESEND: "sign in again, then resend it from Tickets → Drafts",
    Action.RETRY: "press Ctrl+R to retry",
    Action.FOLLOW_UP: "open a follow-up ticket",
}


@dataclass(frozen=True)
class Problem:
    """A failure as the TUI shows it."""

    message: str
    kind: Kind
    action: Action | None
    bug: bool = False

    @property
    def text(self) -> str:
        """Message and remedy, on one line, cleaned (it may quote the server)."""
        remedy = ACTIONS.get(self.action) if self.action else None
        return one_line(f"{self.message} ({remedy})" if remedy else self.message)


def describe(exc: BaseException) -> Problem:
    """Any exception from a worker as a Problem; unknown ones are bugs, said plainly."""
    from api_client import errors as api_errors

    if isinstance(exc, api_errors.ApiError | api_errors.InsecureTransportError):
        exc = from_api_error(exc)
    if isinstance(exc, HelpdeskError):
        message = exc.message if not exc.hint or exc.action else f"{exc.message} ({exc.hint})"
        return Problem(message, exc.kind, exc.action)
    return Problem(f"Unexpected failure: {type(exc).__name__}: {exc}. This is a bug in "
                   "helpdesk-cli; please report it.", Kind.ERROR, None, bug=True)
