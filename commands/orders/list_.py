"""`helpdesk orders list`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from commands._common import parse_statuses, status_completer
from helpdesk_cli.state import get_state

if TYPE_CHECKING:
    from api_client import Client
    from api_client.models import Order

STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled", "returned")


def fetch(hd: Client, wanted: list[str], limit: int, all_: bool
          ) -> tuple[list[Order], str | None]:
    """Orders in any of `wanted` (all when empty), one page or every page."""
    status = wanted or None
    if all_:
        return list(hd.orders.iter(status=status)), None
    page = hd.orders.list(status=status, limit=limit)
    return list(page.data), page.next_cursor


def list_orders(
    ctx: typer.Context,
    status: Annotated[list[str] | None, typer.Option(
        "--status", "-S", metavar="STATUS",
        help=f"Filter: {', '.join(STATUSES)} (repeatable or a,b).",
        show_default=False, autocompletion=status_completer(STATUSES))] = None,
    limit: Annotated[int, typer.Option("--limit", "-L", min=1, max=100,
                                       help="How many orders.")] = 30,
    all_: Annotated[bool, typer.Option("--all", help="Every page, not just the first.")
                    ] = False,
) -> None:
    """List your orders, newest first."""
    from commands._render import money, when
    from commands._render import status as status_text
    from helpdesk_cli.session import make_client

    state = get_state(ctx)
    wanted = parse_statuses(status, STATUSES)
    with make_client(state) as hd:
        orders, cursor = fetch(hd, wanted, limit, all_)
    rows = [[o.id, o.number, status_text(o.status), str(o.item_count),
             money(o.total_cents, o.currency), when(o.created_at)] for o in orders]
    state.out.success({"data": orders, "next_cursor": cursor}, render=lambda c: state.out.table(
        ["ID", "NUMBER", "STATUS", "ITEMS", "TOTAL", "ORDERED"], rows, empty="No orders.",
        right=("ITEMS", "TOTAL")))
