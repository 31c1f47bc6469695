"""`helpdesk account password`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from commands.state import get_state


def password(
    ctx: typer.Context,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the current and the new password from two lines of "
        "stdin (for scripts).")] = False,
) -> None:
    """Change your password (prompted, never echoed; other sessions are signed out)."""
    from commands import tty
    from commands.errors import usage

    state = get_state(ctx)
    if password_stdin:
        lines = sys.stdin.read().splitlines()
        if len(lines) < 2 or not lines[0] or not lines[1]:
            raise usage("--password-stdin expects two lines: current and new password.")
        current, new = lines[0], lines[1]
    elif tty.interactive():
        current = typer.prompt("Current password", hide_input=True, err=True)
        new = typer.prompt("New password", hide_input=True, confirmation_prompt=True, err=True)
    else:
        raise usage("Passwords are prompted on a terminal only.", "use --password-stdin")
    if len(new) < 8:
        raise usage("The new password must have at least 8 characters.")
    with state.client() as hd:
        hd.account.change_password(current, new)
    state.out.success({"changed": True}, render=lambda c: state.out.note(
        "Password changed. Other sessions were signed out."))
