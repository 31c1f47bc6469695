"""`helpdesk orders track`."""

from __future__ import annotations

import typer

from commands.orders.show import OrderArg
from commands.state import get_state


def track(ctx: typer.Context, order_id: OrderArg) -> None:
    """Show where an order's shipments are, with every carrier event."""
    from commands._render import human_status, when
    from commands._render import status as status_text
    from commands.output import safe

    state = get_state(ctx)
    with state.client() as hd:
        order = hd.orders.get(order_id)
    data = {"order_id": order.id, "status": order.status, "shipments": order.shipments}

    def render(c: object) -> None:
        console = state.out.console
        if not order.shipments:
            if order.status == "cancelled":
                state.out.note(f"Order {order.id} was cancelled; there is nothing to track.")
            else:
                state.out.note(f"Order {order.id} has not shipped yet "
                               f"({human_status(order.status)}).")
            return
        for s in order.shipments:
            eta = f" · estimated {when(s.estimated_delivery)}" if s.estimated_delivery else ""
            console.print(safe(f"{s.carrier} {s.tracking_number}: {human_status(s.status)}{eta}",
                               "bold"))
            rows = [[when(e.at), status_text(e.status), safe(e.location or ""), safe(e.description)]
                    for e in s.events]
            state.out.table(["WHEN", "STATUS", "WHERE", "WHAT"], rows, empty="No events yet.")

    state.out.success(data, render=render)
