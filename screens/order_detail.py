"""One order: items, totals, payments, the shipment timeline, returns, and "Get help".

Help with an order is a return request or a ticket that carries the order; the customer
never edits the order itself.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Button, Header, Static

from screens.base import BaseScreen, PaletteEntry
from screens.text import day, line, money, status, when
from screens.widgets import KeyFooter

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import ComposeResult

    from api_client.models import OrderDetail, ReturnRequest


class OrderDetailScreen(BaseScreen):
    """Everything about one order, read-only, with the way to ask for help."""

    TITLE = "Order"
    AUTO_FOCUS = "#order-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("h", "get_help", "Get help")]

    class Loaded(Message):
        """The order arrived."""

        def __init__(self, order: OrderDetail) -> None:
            super().__init__()
            self.order = order

    class Returned(Message):
        """The return request (and its ticket) exist."""

        def __init__(self, ret: ReturnRequest) -> None:
            super().__init__()
            self.ret = ret

    def __init__(self, order_id: str) -> None:
        super().__init__()
        self.order_id = order_id
        self.order: OrderDetail | None = None
        self.return_key = str(uuid.uuid4())  # one request however often it is retried

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="order-scroll"):
            yield Static(Text("Loading…", style="dim"), id="order-head")
            yield Button("Get help with this order", id="get-help", variant="primary")
            yield Static("", id="order-items")
            yield Static("", id="order-payments")
            yield Static("", id="order-shipments")
            yield Static("", id="order-returns")
        yield KeyFooter()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="order", exit_on_error=False)
    def load(self) -> None:
        self.post_message(self.Loaded(self.api().orders.get(self.order_id)))

    def on_order_detail_screen_loaded(self, event: Loaded) -> None:
        o = self.order = event.order
        head = line(f"Order {o.number}", "bold")
        head.append("  ")
        head.append_text(status(o.status, ticket=False))
        head.append(f"\nPlaced {when(o.created_at)} · {o.id}\n", style="dim")
        a = o.shipping_address
        head.append_text(line(f"Ships to {a.name}, {a.line1}, {a.city} {a.postal_code}, "
                              f"{a.country}", "dim"))
        self.query_one("#order-head", Static).update(head)

        items = Table(title="Items", title_justify="left", box=None, pad_edge=False,
                      expand=True)
        items.add_column("ITEM")
        items.add_column("QTY", justify="right")
        items.add_column("PRICE", justify="right")
        items.add_column("TOTAL", justify="right")
        for i in o.items:
            items.add_row(line(i.name), str(i.quantity), money(i.unit_price_cents, o.currency),
                          money(i.total_cents, o.currency))
        for label, cents in (("Subtotal", o.subtotal_cents), ("Shipping", o.shipping_cents),
                             ("Tax", o.tax_cents), ("Total", o.total_cents)):
            items.add_row("", "", Text(label, style="bold" if label == "Total" else "dim"),
                          money(cents, o.currency))
        self.query_one("#order-items", Static).update(items)

        pay = Text("Payments\n", style="bold")
        for p in o.payments:
            card = f" ···{line(p.last4)}" if p.last4 else ""
            pay.append(f"  {day(p.created_at)}  {p.method}{card}  {p.status}  "
                       f"{money(p.amount_cents, o.currency)}\n", style="")
        self.query_one("#order-payments", Static).update(pay)

        ship = Text("Shipments\n", style="bold")
        if not o.shipments:
            ship.append("  Not shipped yet.\n", style="dim")
        for s in o.shipments:
            ship.append("  ")
            ship.append_text(line(f"{s.carrier} {s.tracking_number} · "))
            ship.append_text(status(s.status, ticket=False))
            if s.estimated_delivery:
                ship.append(f" · expected {day(s.estimated_delivery)}", style="dim")
            ship.append("\n")
            for e in s.events:
                ship.append(f"    {when(e.at)}  ", style="dim")
                ship.append_text(line(e.description))
                if e.location:
                    ship.append_text(line(f" ({e.location})", "dim"))
                ship.append("\n")
        self.query_one("#order-shipments", Static).update(ship)

        rets = Text()
        if o.returns:
            rets.append("Returns\n", style="bold")
            for r in o.returns:
                rets.append("  ")
                rets.append_text(line(f"{r.id} {r.status} · ticket {r.ticket_id} · {r.reason}"))
                rets.append("\n")
        self.query_one("#order-returns", Static).update(rets)

    @on(Button.Pressed, "#get-help")
    def action_get_help(self) -> None:
        from screens.dialogs import OrderHelp

        if self.order is None:
            return
        order = self.order

        def chosen(kind: str | None) -> None:
            if kind == "return":
                self.ask_return(order)
            elif kind == "chat":
                from screens.chat import ChatScreen

                # The receipt number: the one the customer knows, and the server takes it too.
                self.app.push_screen(ChatScreen(order_id=order.number))
            elif kind == "ticket":
                from screens.new_ticket import NewTicketScreen

                self.app.push_screen(NewTicketScreen(
                    subject=f"Help with order {order.number}", order_id=order.id))

        self.app.push_screen(OrderHelp(order), chosen)

    def ask_return(self, order: OrderDetail) -> None:
        from screens.dialogs import ReturnDialog

        def chosen(answer: tuple[list[tuple[str, int]], str] | None) -> None:
            if answer:
                self.request_return(*answer)

        self.app.push_screen(ReturnDialog(order), chosen)

    @work(thread=True, exclusive=True, group="return", exit_on_error=False)
    def request_return(self, items: list[tuple[str, int]], reason: str) -> None:
        ret = self.api().orders.create_return(self.order_id, items, reason,
                                              idempotency_key=self.return_key)
        self.post_message(self.Returned(ret))

    def on_order_detail_screen_returned(self, event: Returned) -> None:
        self.return_key = str(uuid.uuid4())
        self.notify(f"Return {event.ret.id} requested; follow it on ticket "
                    f"{event.ret.ticket_id}.", markup=False, timeout=8)
        self.reload()

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Get help with this order", "A return, a ticket or a chat about it",
               self.action_get_help)
