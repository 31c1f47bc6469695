"""`helpdesk auth token`."""

from __future__ import annotations

import sys

import typer

from commands.state import get_state


def token(ctx: typer.Context) -> None:
    """Print the current login's access token (for personal tokens: auth tokens).

    Handy for `curl -H "Authorization: Bearer $(helpdesk auth token)"`.
    """
    state = get_state(ctx)
    found = state.session.require_tokens()
    if state.json:
        state.out.success({"token": found.access_token, "source": found.source})
    else:
        sys.stdout.write(found.access_token + "\n")
