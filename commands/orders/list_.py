"""`helpdesk orders list`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import AllOpt, LimitOpt, parse_statuses, status_completer
from commands.state import get_state

STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled", "returned")


def list_orders(
    ctx: typer.Context,
    status: Annotated[list[str] | None, typer.Option(
        "--status", "-S", metavar="STATUS",
        help=f"Filter: {', '.join(STATUSES)} (repeatable or a,b).",
        show_default=False, autocompletion=status_completer(STATUSES))] = None,
    limit: LimitOpt = 30,
    all_: AllOpt = False,
) -> None:
    """List your orders, newest first."""
    from commands._common import fetch_list, note_more
    from commands._render import money, when
    from commands._render import status as status_text

    state = get_state(ctx)
    wanted = parse_statuses(status, STATUSES)
    with state.client() as hd:
        orders, cursor = fetch_list(hd.orders.list, hd.orders.iter, limit=limit, all_=all_,
                                    status=wanted or None)
    rows = [[o.id, o.number, status_text(o.status), str(o.item_count),
             money(o.total_cents, o.currency), when(o.created_at)] for o in orders]

    def render(_c: object) -> None:
        state.out.table(["ID", "NUMBER", "STATUS", "ITEMS", "TOTAL", "ORDERED"], rows,
                        empty="No orders.", right=("ITEMS", "TOTAL"))
        note_more(state, cursor, "orders")

    state.out.success({"data": orders, "next_cursor": cursor}, render=render)
