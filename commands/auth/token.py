"""`helpdesk auth token`."""

from __future__ import annotations

import sys

import typer

from helpdesk_cli.state import get_state


def token(ctx: typer.Context) -> None:
    """Print the current login's access token (for personal tokens: auth tokens).

    Handy for `curl -H "Authorization: Bearer $(helpdesk auth token)"`.
    """
    from helpdesk_cli import credentials
    from helpdesk_cli.errors import not_logged_in

    state = get_state(ctx)
    found = credentials.lookup(state.resolved)
    if found is None:
        raise not_logged_in(state.resolved.profile)
    if state.json:
        state.out.success({"token": found.access_token, "source": found.source})
    else:
        sys.stdout.write(found.access_token + "\n")
