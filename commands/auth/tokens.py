"""`helpdesk auth tokens list|create|revoke`: personal access tokens for scripts and CI.

A login's access token expires within the hour, so a cron job or CI pipeline needs a
long-lived, separately revocable personal token in `HELPDESK_TOKEN` instead.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from commands._common import new_app
from commands.state import get_state

app = new_app("Manage personal access tokens for scripts (HELPDESK_TOKEN).")


@app.command("list")
def list_tokens(ctx: typer.Context) -> None:
    """List your personal access tokens (never their secrets)."""
    from commands._render import when
    from commands.output import safe

    state = get_state(ctx)
    with state.client() as hd:
        tokens = list(hd.tokens.iter())
    rows = [[t.id, safe(t.name), f"{t.prefix}…", when(t.created_at), when(t.last_used_at),
             when(t.expires_at) if t.expires_at else "never"] for t in tokens]

    def render(_c: object) -> None:
        state.out.table(["ID", "NAME", "PREFIX", "CREATED", "LAST USED", "EXPIRES"], rows,
                        empty="No personal access tokens.")

    state.out.success({"data": tokens, "next_cursor": None}, render=render)


@app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="What the token is for.")],
    expires_in_days: Annotated[int | None, typer.Option(
        "--expires-in-days", min=1, max=365, metavar="DAYS",
        help="Lifetime in days (default: no expiry).", show_default=False)] = None,
) -> None:
    """Create a token; its secret is shown once, on stdout."""
    from api_client.errors import ValidationError
    from commands.errors import from_api_error

    state = get_state(ctx)
    with state.client() as hd:
        try:
            created = hd.tokens.create(name, expires_in_days=expires_in_days)
        except ValidationError as exc:
            # NAME is positional here, not the --name of `account update`.
            raise from_api_error(exc, flags={"name": "NAME"}) from exc
    if state.json:
        state.out.success(created)
        return
    # The secret alone on stdout (`TOKEN=$(helpdesk auth tokens create ci)`); advice on stderr.
    sys.stdout.write(created.token + "\n")
    sys.stdout.flush()
    state.out.note(f"Created {created.id}. Store it now: it is not shown again. "
                   "Use it with HELPDESK_TOKEN=… or `helpdesk auth login --with-token`.")


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    token_id: Annotated[str, typer.Argument(metavar="TOKEN_ID", help="As in `auth tokens list`.")],
) -> None:
    """Revoke a token at once; scripts using it get exit code 3 from then on."""

    state = get_state(ctx)
    with state.client() as hd:
        hd.tokens.delete(token_id)
    state.out.success({"id": token_id, "revoked": True},
                      render=lambda c: state.out.note(f"Revoked {token_id}."))
