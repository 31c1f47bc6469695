"""`helpdesk agent tickets|note|status`: the agent's ticket queue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, cast

import typer

from commands._common import AllOpt, BodyFileOpt, BodyOpt, LimitOpt, TicketArg
from commands.state import get_state

if TYPE_CHECKING:
    from rich.console import Console

    from api_client.chat_models import AgentTicketDetail
    from api_client.models import TicketStatus

STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")


def tickets(
    ctx: typer.Context,
    ticket: Annotated[str | None, typer.Argument(
        metavar="[TICKET_ID]", help="Show this ticket with its messages and notes instead.",
        show_default=False)] = None,
    status: Annotated[list[str] | None, typer.Option(
        "--status", "-S", metavar="STATUS",
        help="Only these statuses (default new and open); repeatable or comma-separated.",
        show_default=False)] = None,
    limit: LimitOpt = 20,
    all_: AllOpt = False,
) -> None:
    """The ticket queue, oldest first; with an id, one ticket and its internal notes."""
    from commands._common import fetch_list, note_more, parse_statuses, ticket_id
    from commands._render import status as status_cell
    from commands._render import when
    from commands.output import safe

    state = get_state(ctx)
    if ticket is not None:
        with state.client() as hd:
            detail = hd.agent.ticket(ticket_id(ticket))
        state.out.success(detail, render=lambda c: _render_detail(c, detail))
        return
    wanted = parse_statuses(status, STATUSES) or None
    with state.client() as hd:
        rows, cursor = fetch_list(hd.agent.tickets, hd.agent.iter_tickets, limit=limit,
                                  all_=all_, status=wanted)

    def render(_c: object) -> None:
        state.out.table(["ID", "STATUS", "REQUESTER", "SUBJECT", "UPDATED"],
                        [[t.id, status_cell(t.status), safe(t.requester.name), safe(t.subject),
                          when(t.updated_at)] for t in rows],
                        empty="No tickets in the queue.")
        note_more(state, cursor, "tickets")

    state.out.success({"data": rows, "next_cursor": cursor}, render=render)


def _render_detail(console: Console, t: AgentTicketDetail) -> None:
    from commands._render import human_status, when
    from commands.output import safe

    console.print(safe(f"{t.id}  {t.subject}", "bold"))
    console.print(safe(f"status {human_status(t.status)} · {t.requester.name} "
                       f"<{t.requester.email}> · opened {when(t.created_at)}", "dim"))
    for m in t.messages:
        console.print(safe(f"{m.author.name} ({m.author.role}) · {when(m.created_at)}", "dim"))
        console.print(safe(m.body))
    for n in t.notes:
        console.print(safe(f"note by {n.author.name} · {when(n.created_at)}", "magenta"))
        console.print(safe(n.body))


def note(ctx: typer.Context, ticket: TicketArg, body: BodyOpt = None,
         body_file: BodyFileOpt = None) -> None:
    """Add an internal note to a ticket (never shown to the customer)."""
    from commands.agent.reply import text_of
    from commands.output import safe

    state = get_state(ctx)
    text = text_of(body, body_file, "Note")
    with state.client() as hd:
        added = hd.agent.note(ticket, text)
    state.out.success(added, render=lambda c: c.print(safe(f"Note {added.id} added to {ticket}.")))


def status(
    ctx: typer.Context,
    ticket: TicketArg,
    new_status: Annotated[str, typer.Argument(
        metavar="STATUS", help=f"One of: {', '.join(STATUSES)}.", show_default=False)],
) -> None:
    """Set a ticket's status (pending waits on the customer; closed is final)."""
    from commands._common import parse_statuses
    from commands._render import human_status
    from commands.output import safe

    state = get_state(ctx)
    (wanted,) = parse_statuses([new_status], STATUSES) or [""]
    if not wanted:
        from commands.errors import usage

        raise usage("Give the new status.", f"one of: {', '.join(STATUSES)}")
    with state.client() as hd:
        changed = hd.agent.set_status(ticket, cast("TicketStatus", wanted))
    state.out.success(changed, render=lambda c: c.print(safe(
        f"{changed.id} is {human_status(changed.status)}.")))
