"""Signing in and out: the steps and their order, shared by `helpdesk auth` and the TUI.

The order matters: storage is checked before the password is sent (so a login never leaves
a session nobody can use), and a session whose tokens cannot be kept is revoked again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from helpdesk_cli import config, credentials
from helpdesk_cli.errors import HelpdeskError, Kind

if TYPE_CHECKING:
    from api_client import Client
    from api_client.models import User
    from helpdesk_cli.credentials import Tokens
    from helpdesk_cli.session import Session


@dataclass(frozen=True)
class SignedIn:
    """Who signed in, and where the tokens now live (never the tokens' text)."""

    user: User
    tokens: Tokens


@dataclass(frozen=True)
class SignedOut:
    """What logout did: whether the server revoked the session, which stores were cleared,
    and a warning when the server could not be told."""

    revoked: bool
    removed_from: list[str] = field(default_factory=list)
    warning: str | None = None


def env_token_set() -> bool:
    """HELPDESK_TOKEN wins over stored logins, so storing or deleting one would be a lie."""
    return bool(os.environ.get(credentials.ENV_TOKEN))


def refuse_under_env_token(doing: str) -> None:
    """Refuse to log in or out while HELPDESK_TOKEN overrides stored credentials."""
    if not env_token_set():
        return
    if doing == "login":
        raise HelpdeskError("HELPDESK_TOKEN is set, so stored credentials would not be used.",
                            Kind.USAGE, "unset HELPDESK_TOKEN to log in", code="env-token-set")
    raise HelpdeskError("HELPDESK_TOKEN is set; there is no stored login to remove.",
                        Kind.USAGE, "unset HELPDESK_TOKEN (revoke personal tokens on the server)",
                        code="env-token-set")


def sign_in(session: Session, *, email: str | None = None, password: str | None = None,
            token: str | None = None, insecure: bool = False) -> SignedIn:
    """Sign in with a password (or check a personal token) and store the credentials.

    With `insecure`, the tokens go to the opted-in plain-text file; the caller warns.
    """
    refuse_under_env_token("login")
    r = session.resolved
    credentials.check_storage(insecure=insecure)
    if token is not None:
        credentials.check_token(token, "stdin")
        with session.client(token=token) as hd:
            user = hd.account.get()
        saved = credentials.store(r, credentials.Tokens(token), insecure=insecure)
    else:
        if not email or password is None:
            raise HelpdeskError("An email and a password are needed to sign in.", Kind.USAGE,
                                code="usage")
        with session.client(auth=False) as hd:
            pair = hd.auth.login(email, password)
            try:
                saved = credentials.store(
                    r, credentials.Tokens(pair.access_token, pair.refresh_token),
                    insecure=insecure)
            except BaseException:
                _revoke_quietly(hd)
                raise
        user = pair.user
    _remember(r, user.email, saved.source)
    return SignedIn(user, saved)


def _revoke_quietly(hd: Client) -> None:
    """The tokens could not be stored: end the new session rather than leave a 30-day
    refresh token alive that nothing holds."""
    import contextlib

    from api_client import errors as api_errors

    # The store error is the one to report; an unrevoked session expires on its own.
    with contextlib.suppress(api_errors.ApiError):
        hd.auth.logout()


def _remember(r: config.Resolved, email: str, source: str) -> None:
    cfg = config.load()
    cfg.set_profile_value(r.profile, "server", r.server)
    cfg.set_profile_value(r.profile, "email", email)
    cfg.set_profile_value(r.profile, "token_storage", source)
    config.save(cfg)


def sign_out(session: Session) -> SignedOut:
    """Revoke the session on the server (if it can be reached) and delete the stored tokens."""
    from api_client import errors as api_errors

    refuse_under_env_token("logout")
    r = session.resolved
    found = session.require_tokens()
    revoked, warning = False, None
    try:
        # With the refresh token too: the client sends it, so the server revokes the session
        # even when the access token expired (and a 401 still gets a refresh and a retry).
        with session.client(found=found) as hd:
            hd.auth.logout()
        revoked = True
    except api_errors.AuthenticationError:
        revoked = True  # even the refresh token was refused: nothing is left to revoke
    except (api_errors.TransportError, api_errors.ServerError) as exc:
        warning = (f"could not revoke the session on the server ({exc.detail}); "
                   "deleting the local copy anyway")
    removed = credentials.delete(r)
    cfg = config.load()
    cfg.set_profile_value(r.profile, "token_storage", None)
    config.save(cfg)
    return SignedOut(revoked, removed, warning)


def whoami(session: Session) -> tuple[User, Tokens]:
    """The signed-in user and where the token comes from; not-logged-in when there is none."""
    found = session.require_tokens()
    with session.client(token=found.access_token) as hd:
        return hd.account.get(), found
