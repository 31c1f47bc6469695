"""`helpdesk orders return`."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer

from commands.orders.show import OrderArg
from commands.state import get_state


def parse_item(spec: str) -> tuple[str, int]:
    """`ITEM_ID` or `ITEM_ID:QTY` (quantity defaults to 1)."""
    from commands.errors import usage

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
    idempotency_key: Annotated[str | None, typer.Option(
        "--idempotency-key", metavar="KEY",
        help="Reuse a key so retries never open a second return.", show_default=False)
    ] = None,
) -> None:
    """Request a return; the server opens a linked ticket for it."""
    from dataclasses import replace

    from api_client import errors as api_errors
    from commands.errors import from_api_error
    from commands.output import safe

    state = get_state(ctx)
    items = [parse_item(s) for s in item]
    key = idempotency_key or str(uuid.uuid4())
    try:
        with state.client() as hd:
            ret = hd.orders.create_return(order_id, items, reason, idempotency_key=key)
    except (api_errors.TransportError, api_errors.ServerError,
            api_errors.RateLimitedError) as exc:
        # The request may have arrived: only a retry with the same key is safe, so say it.
        base = from_api_error(exc)
        raise replace(
            base, action=None,
            hint=f"retry with the same key: {retry_command(order_id, items, reason, key)}",
            extra={**base.extra, "idempotency_key": key}) from exc
    state.out.success(ret, render=lambda c: c.print(safe(
        f"Return {ret.id} requested for order {ret.order_id}. "
        f"Follow it on ticket {ret.ticket_id}: helpdesk ticket show {ret.ticket_id}")))


def retry_command(order_id: str, items: list[tuple[str, int]], reason: str, key: str) -> str:
    """The exact command that resends this return without opening it twice."""
    import shlex

    args = ["helpdesk", "orders", "return", order_id]
    for item_id, qty in items:
        args += ["--item", f"{item_id}:{qty}"]
    args += ["--reason", reason, "--idempotency-key", key]
    return shlex.join(args)
