"""`helpdesk ticket close` and `helpdesk ticket reopen`."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk_cli.state import get_state

TicketArg = Annotated[str, typer.Argument(metavar="TICKET_ID", show_default=False)]


def _change(ctx: typer.Context, ticket_id: str, action: str) -> None:
    from helpdesk_cli.output import safe
    from helpdesk_cli.session import make_client

    state = get_state(ctx)
    with make_client(state) as hd:
        ticket = hd.tickets.close(ticket_id) if action == "close" else hd.tickets.reopen(
            ticket_id)
    state.out.success(ticket, render=lambda c: c.print(safe(
        f"{ticket.id} is now {ticket.status}.")))


def close(ctx: typer.Context, ticket_id: TicketArg) -> None:
    """Close a ticket (final: later questions go in a follow-up ticket)."""
    _change(ctx, ticket_id, "close")


def reopen(ctx: typer.Context, ticket_id: TicketArg) -> None:
    """Reopen a solved ticket (closed tickets stay closed)."""
    _change(ctx, ticket_id, "reopen")
