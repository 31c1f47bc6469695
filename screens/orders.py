"""Orders: the history with a status filter; Enter opens the order."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Header, Label, Select, Static

from screens.base import BaseScreen
from screens.text import day, line, money, status
from screens.widgets import KeyFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from api_client.models import Order

FILTERS = [("All", "all"), ("Paid", "paid"), ("Shipped", "shipped"),
           ("Delivered", "delivered"), ("Cancelled", "cancelled"), ("Returned", "returned")]


class OrdersScreen(BaseScreen):
    """Your orders, newest first."""

    TITLE = "Orders"
    AUTO_FOCUS = "#order-table"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f", "focus_filter", "Filter")]

    class Loaded(Message):
        """The orders arrived."""

        def __init__(self, orders: list[Order]) -> None:
            super().__init__()
            self.orders = orders

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="toolbar"):
            yield Label("Show", classes="field-label")
            yield Select(FILTERS, value="all", allow_blank=False, id="order-filter")
            yield Static("", id="order-count")
        yield DataTable(id="order-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#order-table", DataTable)
        table.add_columns("ORDER", "NUMBER", "DATE", "STATUS", "ITEMS", "TOTAL")

    def reload(self) -> None:
        value = self.query_one("#order-filter", Select).value
        self.load(value if isinstance(value, str) and value != "all" else None)

    @work(thread=True, exclusive=True, group="orders", exit_on_error=False)
    def load(self, shown: str | None) -> None:
        self.post_message(self.Loaded(list(self.api().orders.iter(status=shown, limit=100))))

    def on_orders_screen_loaded(self, event: Loaded) -> None:
        table = self.query_one("#order-table", DataTable)
        table.clear()
        for o in event.orders:
            table.add_row(line(o.id), line(o.number), day(o.created_at),
                           status(o.status, ticket=False),
                          str(o.item_count), money(o.total_cents, o.currency), key=o.id)
        self.query_one("#order-count", Static).update(
            Text(f"{len(event.orders)} orders · Enter opens one", style="dim"))

    @on(Select.Changed, "#order-filter")
    def filter_changed(self) -> None:
        self.reload()

    def action_focus_filter(self) -> None:
        self.query_one("#order-filter", Select).focus()

    @on(DataTable.RowSelected, "#order-table")
    def open_order(self, event: DataTable.RowSelected) -> None:
        from screens.order_detail import OrderDetailScreen

        if event.row_key.value:
            self.app.push_screen(OrderDetailScreen(event.row_key.value))
