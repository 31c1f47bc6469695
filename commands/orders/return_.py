"""`helpdesk orders return`."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer

from commands.orders.show import OrderArg
from helpdesk_cli.state import get_state


def parse_item(spec: str) -> tuple[str, int]:
    """`ITEM_ID` or `ITEM_ID:QTY` (quantity defaults to 1)."""
    from helpdesk_cli.errors import usage

    item, _, qty = spec.partition(":")
    item = item.strip()
    try:
        quantity = int(qty) if qty else 1
    except ValueError:
        raise usage(f"Invalid --item {spec!r}.", "expected ITEM_ID or ITEM_ID:QTY") from None
    if not item or quantity < 1:
        raise usage(f"Invalid --item {spec!r}.", "expected ITEM_ID or ITEM_ID:QTY, QTY >= 1")
    return item, quantity


def return_items(
    ctx: typer.Context,
    order_id: OrderArg,
    item: Annotated[list[str], typer.Option(
        "--item", "-i", metavar="ITEM_ID[:QTY]", help="Item to return (repeatable).",
        show_default=False)],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why you return it.",
                                        show_default=False)],
) -> None:
    """Request a return; the server opens a linked ticket for it."""
    from helpdesk_cli.output import safe
    from helpdesk_cli.session import make_client

    state = get_state(ctx)
    items = [parse_item(s) for s in item]
    with make_client(state) as hd:
        ret = hd.orders.create_return(order_id, items, reason,
                                      idempotency_key=str(uuid.uuid4()))
    state.out.success(ret, render=lambda c: c.print(safe(
        f"Return {ret.id} requested for order {ret.order_id} ({ret.status}). "
        f"Follow it on ticket {ret.ticket_id}: helpdesk ticket show {ret.ticket_id}")))
