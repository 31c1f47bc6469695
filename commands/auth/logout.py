"""`helpdesk auth logout`."""

from __future__ import annotations

import typer

from commands.state import get_state


def logout(ctx: typer.Context) -> None:
    """Revoke the session on the server and delete the stored token."""
    from helpdesk_cli import auth

    state = get_state(ctx)
    r = state.resolved
    done = auth.sign_out(state.session)
    if done.warning:
        state.out.warn(done.warning)
    data = {"server": r.server, "profile": r.profile, "revoked": done.revoked,
            "removed_from": done.removed_from}
    state.out.success(data, render=lambda c: state.out.note(
        f"Logged out of {r.server} (profile {r.profile})."))
