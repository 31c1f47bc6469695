"""`helpdesk auth logout`."""

from __future__ import annotations

import os

import typer

from helpdesk_cli.state import get_state


def logout(ctx: typer.Context) -> None:
    """Revoke the session on the server and delete the stored token."""
    from api_client import errors as api_errors
    from helpdesk_cli import config, credentials
    from helpdesk_cli.errors import USAGE, CliError, not_logged_in
    from helpdesk_cli.session import make_client

    state = get_state(ctx)
    if os.environ.get(credentials.ENV_TOKEN):
        raise CliError("HELPDESK_TOKEN is set; there is no stored login to remove.", USAGE,
                       "unset HELPDESK_TOKEN (revoke personal tokens on the server)",
                       code="env-token-set")
    r = state.resolved
    found = credentials.lookup(r)
    if found is None:
        raise not_logged_in(r.profile)
    revoked = False
    try:
        # With the refresh token too: the client sends it, so the server revokes the session
        # even when the access token expired (and a 401 still gets a refresh and a retry).
        with make_client(state, found=found) as hd:
            hd.auth.logout()
        revoked = True
    except api_errors.AuthenticationError:
        revoked = True  # even the refresh token was refused: nothing is left to revoke
    except (api_errors.TransportError, api_errors.ServerError) as exc:
        state.out.warn(f"could not revoke the session on the server ({exc.detail}); "
                       "deleting the local copy anyway")
    removed = credentials.delete(r)
    cfg = config.load()
    cfg.set_profile_value(r.profile, "token_storage", None)
    config.save(cfg)
    data = {"server": r.server, "profile": r.profile, "revoked": revoked,
            "removed_from": removed}
    state.out.success(data, render=lambda c: state.out.note(
        f"Logged out of {r.server} (profile {r.profile})."))
