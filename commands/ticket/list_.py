"""`helpdesk ticket list`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import parse_statuses, status_completer
from helpdesk_cli.state import get_state

STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")


def list_tickets(
    ctx: typer.Context,
    status: Annotated[list[str] | None, typer.Option(
        "--status", "-S", metavar="STATUS",
        help="Filter: new, open, pending, on_hold, solved, closed (repeatable or a,b).",
        show_default=False, autocompletion=status_completer(STATUSES))] = None,
    limit: Annotated[int, typer.Option("--limit", "-L", min=1, max=100,
                                       help="How many tickets.")] = 30,
    all_: Annotated[bool, typer.Option("--all", help="Every page, not just the first.")
                    ] = False,
) -> None:
    """List your tickets, newest first (by when they were opened)."""
    from commands._render import status as status_text
    from commands._render import when
    from helpdesk_cli.output import safe
    from helpdesk_cli.session import make_client

    state = get_state(ctx)
    wanted = parse_statuses(status, STATUSES)
    with make_client(state) as hd:
        if all_:
            tickets = list(hd.tickets.iter(status=wanted or None))
            cursor = None
        else:
            page = hd.tickets.list(status=wanted or None, limit=limit)
            tickets, cursor = page.data, page.next_cursor
    rows = [[t.id, status_text(t.status), t.priority, safe(t.subject), when(t.created_at)]
            for t in tickets]

    def render(_c: object) -> None:
        state.out.table(["ID", "STATUS", "PRIORITY", "SUBJECT", "OPENED"], rows,
                        empty="No tickets.")
        if cursor and state.out.console.is_terminal:
            state.out.note("More tickets exist: use --all or a larger --limit.")

    state.out.success({"data": tickets, "next_cursor": cursor}, render=render)
