"""`helpdesk auth status`."""

from __future__ import annotations

import typer

from commands.state import get_state

# How `auth status` names each place a token can come from (never the token itself).
TOKEN_SOURCES = {
    "env": "the {} environment variable",
    "keyring": "{}",
    "file": "plain-text file {} (--insecure-storage)",
}


def status(ctx: typer.Context) -> None:
    """Show who you are logged in as, on which server, and where the token is kept."""
    from helpdesk_cli import auth

    state = get_state(ctx)
    r = state.resolved
    user, found = auth.whoami(state.session)
    data = {"logged_in": True, "server": r.server, "profile": r.profile, "user": user,
            "token_source": found.source, "token_location": found.location}

    def render(_c: object) -> None:
        state.out.table(["", ""], [
            ["Server", r.server], ["Profile", r.profile],
            ["User", f"{user.name} <{user.email}> ({user.role})"],
            ["Token from", TOKEN_SOURCES.get(found.source, "{}").format(found.location)],
        ], header=False)

    state.out.success(data, render=render)
