"""`helpdesk ticket close` and `helpdesk ticket reopen`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import TicketArg
from commands.state import get_state


def _change(ctx: typer.Context, ticket_id: str, action: str) -> None:
    """Change the status, but never claim a change the server did not make.

    The API answers 200 with the ticket unchanged when reopen (or a second close) has
    nothing to do, so the status before the call decides the wording.
    """
    from commands._render import human_status
    from commands.output import safe

    state = get_state(ctx)
    with state.client() as hd:
        before = hd.tickets.get(ticket_id).status
        ticket = hd.tickets.close(ticket_id) if action == "close" else hd.tickets.reopen(
            ticket_id)
    now = human_status(ticket.status)

    def render(c: object) -> None:
        if ticket.status != before:
            state.out.console.print(safe(f"{ticket.id} is now {now}."))
        elif action == "close":
            state.out.warn(f"{ticket.id} is already closed.")
        else:
            state.out.warn(f"{ticket.id} is already {now}; only solved tickets can be "
                           f"reopened (status stays {now}).")

    state.out.success(ticket, render=render)


def close(
    ctx: typer.Context,
    ticket_id: TicketArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")
                   ] = False,
) -> None:
    """Close a ticket (final: later questions go in a follow-up ticket). Asks first on a
    terminal."""
    from commands import tty

    if not yes and tty.interactive() and not typer.confirm(
            f"Close {ticket_id}? Closed tickets take no more replies", default=False,
            err=True):
        get_state(ctx).out.note(f"{ticket_id} was not closed.")
        return
    _change(ctx, ticket_id, "close")


def reopen(ctx: typer.Context, ticket_id: TicketArg) -> None:
    """Reopen a solved ticket (closed tickets stay closed)."""
    _change(ctx, ticket_id, "reopen")
