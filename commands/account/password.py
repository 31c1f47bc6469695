"""`helpdesk account password`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from commands.state import AppState, get_state


def password(
    ctx: typer.Context,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the current and the new password from two lines of "
        "stdin (for scripts).")] = False,
) -> None:
    """Change your password (prompted, never echoed; other sessions are signed out)."""
    from commands import tty
    from commands.errors import usage
    from helpdesk_cli.account import check_new_password

    state = get_state(ctx)
    if password_stdin:
        lines = sys.stdin.read().splitlines()
        if len(lines) < 2 or not lines[0] or not lines[1]:
            raise usage("--password-stdin expects two lines: current and new password.")
        current, new = lines[0], lines[1]
    elif tty.interactive():
        current = typer.prompt("Current password", hide_input=True, err=True)
        new = _ask_new_password(state)
    else:
        raise usage("Passwords are prompted on a terminal only.", "use --password-stdin")
    check_new_password(new)
    with state.client() as hd:
        hd.account.change_password(current, new)
    state.out.success({"changed": True}, render=lambda c: state.out.note(
        "Password changed. Other sessions were signed out."))


def _ask_new_password(state: AppState) -> str:
    """Ask for the new password, then its confirmation; the length is checked before the
    confirmation, so nobody types a password twice only to hear it was too short."""
    from helpdesk_cli.account import check_new_password
    from helpdesk_cli.errors import HelpdeskError

    while True:
        try:
            new = check_new_password(typer.prompt("New password", hide_input=True, err=True))
        except HelpdeskError as exc:
            state.out.note(exc.message)
            continue
        if typer.prompt("Repeat for confirmation", hide_input=True, err=True) == new:
            return new
        state.out.note("The two entries do not match; try again.")
