"""`helpdesk orders show`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from commands._common import id_completer
from commands.state import get_state

if TYPE_CHECKING:
    from rich.console import Console

    from api_client.models import OrderDetail

OrderArg = Annotated[str, typer.Argument(metavar="ORDER_ID", show_default=False,
                                         autocompletion=id_completer("orders"))]


def show(ctx: typer.Context, order_id: OrderArg) -> None:
    """Show an order: items, totals, payments, shipping and returns."""

    state = get_state(ctx)
    with state.client() as hd:
        order = hd.orders.get(order_id)
    state.out.success(order, render=lambda c: _render(c, order))


def _render(console: Console, o: OrderDetail) -> None:
    from rich.table import Table

    from commands._render import human_status, money, when
    from commands.output import safe

    cur = o.currency
    console.print(safe(f"Order {o.number} ({o.id}) · {human_status(o.status)} · "
                       f"{when(o.created_at)}", "bold"))
    items = Table(box=None, header_style="bold", pad_edge=False)
    for col in ("ITEM", "SKU", "NAME", "QTY", "PRICE", "TOTAL"):
        items.add_column(col, justify="right" if col in ("QTY", "PRICE", "TOTAL") else "left")
    for it in o.items:
        items.add_row(safe(it.id), safe(it.sku), safe(it.name), str(it.quantity),
                      safe(money(it.unit_price_cents, cur)), safe(money(it.total_cents, cur)))
    console.print(items)
    console.print(safe(f"Subtotal {money(o.subtotal_cents, cur)} · shipping "
                       f"{money(o.shipping_cents, cur)} · tax {money(o.tax_cents, cur)} · "
                       f"total {money(o.total_cents, cur)}"))
    for p in o.payments:
        card = f" ····{p.last4}" if p.last4 else ""
        console.print(safe(f"Payment: {p.method}{card} {human_status(p.status)} "
                           f"{money(p.amount_cents, cur)}"))
    a = o.shipping_address
    console.print(safe(f"Ship to: {a.name}, {a.line1}{', ' + a.line2 if a.line2 else ''}, "
                       f"{a.postal_code} {a.city}, {a.country}"))
    for s in o.shipments:
        console.print(safe(f"Shipment {s.id}: {s.carrier} {s.tracking_number} · "
                           f"{human_status(s.status)}"
                           f" (track: helpdesk orders track {o.id})"))
    for r in o.returns:
        console.print(safe(f"Return {r.id}: {human_status(r.status)} · ticket {r.ticket_id}"))
