"""Home: open tickets, recent orders, a search box, and the way to every area."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Label, Static

from screens.base import BaseScreen
from screens.text import count, day, line, money, status
from screens.widgets import KeyFooter, TypingInput

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from api_client.models import Order, Ticket, User

OPEN_STATUSES = ("new", "open", "pending", "on_hold")


class HomeScreen(BaseScreen):
    """The first screen: painted at once, filled in by a worker."""

    TITLE = "Home"
    AUTO_FOCUS = "#home-tickets"
    RELOAD_ON_RESUME = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False),
        Binding("slash", "search", "Search", show=False),  # the search box says "press /"
        Binding("f", "app.go('faq')", "Help center"),
        Binding("t", "app.go('tickets')", "Tickets"),
        Binding("n", "app.go('new_ticket')", "New", tooltip="New ticket"),
        Binding("o", "app.go('orders')", "Orders"),
        Binding("a", "app.go('account')", "Account"),
        Binding("c", "app.go('chat')", "Chat"),
        Binding("i", "app.go('inbox')", "Agent inbox", show=False),
        Binding("ctrl+r", "reload", "Reload", show=False),
    ]

    class Loaded(Message):
        """The home data arrived."""

        def __init__(self, user: User, tickets: list[Ticket], orders: list[Order]) -> None:
            super().__init__()
            self.user, self.tickets, self.orders = user, tickets, orders

    _inbox_opened = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="greeting")
        yield TypingInput(placeholder="Search the help center (press / then type, Enter)",
                          id="home-search")
        with Vertical(id="home-panels"):
            with Vertical(classes="panel"):
                yield Label("Open tickets · t all · n new", classes="panel-title", markup=False)
                yield DataTable(id="home-tickets", cursor_type="row", zebra_stripes=True)
            with Vertical(classes="panel"):
                yield Label("Recent orders · o all", classes="panel-title", markup=False)
                yield DataTable(id="home-orders", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        tickets = self.query_one("#home-tickets", DataTable)
        # Fixed widths: auto-sized columns sometimes kept their header widths after the
        # rows arrived (a repaint race), cutting "Can I add…" to "Can I a".
        tickets.add_column("TICKET", width=7)
        tickets.add_column("STATUS", width=15)
        tickets.add_column("SUBJECT", width=max(20, self.size.width - 34), key="subject")
        orders = self.query_one("#home-orders", DataTable)
        for label, width in (("ORDER", 9), ("DATE", 10), ("STATUS", 10), ("TOTAL", 14)):
            orders.add_column(label, width=width)

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def load(self) -> None:
        hd = self.api()
        user = hd.account.get()
        tickets = list(hd.tickets.list(status=list(OPEN_STATUSES), limit=20).data)
        orders = list(hd.orders.list(limit=5).data)
        self.post_message(self.Loaded(user, tickets, orders))

    def on_home_screen_loaded(self, event: Loaded) -> None:
        self.helpdesk.user = event.user
        if event.user.role == "agent" and not self._inbox_opened:
            from screens.agent import AgentInboxScreen

            self._inbox_opened = True  # once: Escape from the inbox comes back here
            self.app.push_screen(AgentInboxScreen())
            return
        # The live stream opens once the data is on screen: connecting imports the async
        # HTTP stack on the UI thread.
        self.after_paint(self.helpdesk.watch_tickets)
        greeting = self.query_one("#greeting", Static)
        waiting = sum(1 for t in event.tickets if t.status == "pending")
        text = line(f"Hello {event.user.name}.", "bold")
        if waiting:
            verb = "waits" if waiting == 1 else "wait"
            text.append(f"  {count(waiting, 'ticket')} {verb} for your reply.", style="yellow")
        greeting.update(text)
        tickets = self.query_one("#home-tickets", DataTable)
        tickets.clear()
        room = max(20, self.size.width - 34)  # what ticket and status leave the subject
        for t in event.tickets:
            subject = line(t.subject)
            subject.truncate(room, overflow="ellipsis")
            tickets.add_row(line(t.id), status(t.status), subject, key=t.id)
        if not event.tickets:
            tickets.add_row("", "", line("No open tickets. Press n to ask for help.", "dim"))
        orders = self.query_one("#home-orders", DataTable)
        orders.clear()
        for o in event.orders:
            orders.add_row(line(o.number), day(o.created_at),
                           status(o.status, ticket=False),
                           money(o.total_cents, o.currency), key=o.id)

    def action_search(self) -> None:
        self.query_one("#home-search", Input).focus()

    def on_screen_resume(self) -> None:
        # (Textual calls BaseScreen's handler of the same name too: no super() here, or
        # Home would load twice.)
        search = self.query_one("#home-search", Input)
        if search.has_focus:
            # Back from the search's results: Home's letter keys work again, instead of
            # typing onto the finished question ("t" for Tickets became "…mony backt").
            search.value = ""
            self.query_one("#home-tickets", DataTable).focus()

    @on(Input.Submitted, "#home-search")
    def search(self, event: Input.Submitted) -> None:
        from screens.faq import FaqScreen

        self.app.push_screen(FaqScreen(event.value.strip()))

    @on(DataTable.RowSelected, "#home-tickets")
    def open_ticket(self, event: DataTable.RowSelected) -> None:
        from screens.thread import ThreadScreen

        if event.row_key.value:
            self.app.push_screen(ThreadScreen(event.row_key.value))

    @on(DataTable.RowSelected, "#home-orders")
    def open_order(self, event: DataTable.RowSelected) -> None:
        from screens.order_detail import OrderDetailScreen

        if event.row_key.value:
            self.app.push_screen(OrderDetailScreen(event.row_key.value))

    def action_back(self) -> None:
        """Home is the bottom of the stack: Escape leaves the search box, nothing more."""
        self.query_one("#home-tickets", DataTable).focus()
