"""`helpdesk ticket list`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import AllOpt, LimitOpt, parse_statuses, status_completer
from commands.state import get_state

STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")


def list_tickets(
    ctx: typer.Context,
    status: Annotated[list[str] | None, typer.Option(
        "--status", "-S", metavar="STATUS",
        help="Filter: new, open, pending, on_hold, solved, closed (repeatable or a,b).",
        show_default=False, autocompletion=status_completer(STATUSES))] = None,
    limit: LimitOpt = 30,
    all_: AllOpt = False,
) -> None:
    """List your tickets, newest first (by when they were opened)."""
    from commands._common import fetch_list, note_more
    from commands._render import status as status_text
    from commands._render import when
    from commands.output import safe

    state = get_state(ctx)
    wanted = parse_statuses(status, STATUSES)
    with state.client() as hd:
        tickets, cursor = fetch_list(hd.tickets.list, hd.tickets.iter, limit=limit, all_=all_,
                                     status=wanted or None)
    rows = [[t.id, status_text(t.status), t.priority, safe(t.subject), when(t.created_at)]
            for t in tickets]

    def render(_c: object) -> None:
        state.out.table(["ID", "STATUS", "PRIORITY", "SUBJECT", "OPENED"], rows,
                        empty="No tickets.")
        note_more(state, cursor, "tickets")

    state.out.success({"data": tickets, "next_cursor": cursor}, render=render)
