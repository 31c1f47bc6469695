"""`helpdesk orders list`."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk_cli.state import get_state

STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled", "returned")


def complete_status(incomplete: str) -> list[str]:
    """Shell completion for --status."""
    return [s for s in STATUSES if s.startswith(incomplete)]


def list_orders(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(
        "--status", "-S", help=f"Only orders in this status ({', '.join(STATUSES)}).",
        show_default=False, autocompletion=complete_status)] = None,
    limit: Annotated[int, typer.Option("--limit", "-L", min=1, max=100)] = 30,
    all_: Annotated[bool, typer.Option("--all", help="Every page.")] = False,
) -> None:
    """List your orders, newest first."""
    from commands._render import money, when
    from commands._render import status as status_text
    from helpdesk_cli.errors import usage
    from helpdesk_cli.session import make_client

    state = get_state(ctx)
    if status is not None and status not in STATUSES:
        raise usage(f"Unknown status {status!r}.", f"one of: {', '.join(STATUSES)}")
    with make_client(state) as hd:
        if all_:
            orders, cursor = list(hd.orders.iter(status=status)), None
        else:
            page = hd.orders.list(status=status, limit=limit)
            orders, cursor = page.data, page.next_cursor
    rows = [[o.id, o.number, status_text(o.status), str(o.item_count),
             money(o.total_cents, o.currency), when(o.created_at)] for o in orders]
    state.out.success({"data": orders, "next_cursor": cursor}, render=lambda c: state.out.table(
        ["ID", "NUMBER", "STATUS", "ITEMS", "TOTAL", "ORDERED"], rows, empty="No orders.",
        right=("ITEMS", "TOTAL")))
