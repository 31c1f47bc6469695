"""Tickets: a table with a status filter and sorting, and the drafts kept after failed sends.

Drafts are the same files the CLI writes (`helpdesk ticket drafts`), so a ticket that failed
to send here can be resent from either front end.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Header, Label, Select, Static

from screens.base import BaseScreen, PaletteEntry
from screens.text import STATUS_WORDS, count, line, status, when
from screens.widgets import KeyFooter

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import ComposeResult

    from api_client.models import Ticket
    from helpdesk_cli.drafts import Draft

FILTERS: list[tuple[str, str]] = [
    ("Not closed", "active"), ("Waiting for me", "pending"), ("All", "all"),
    *[(STATUS_WORDS[s].capitalize(), s) for s in ("new", "open", "on_hold", "solved", "closed")],
]
ACTIVE = ["new", "open", "pending", "on_hold", "solved"]
# Column key → (header, newest/highest first); the columns appear in this order.
SORTS = {"id": ("TICKET", True), "status": ("STATUS", False), "subject": ("SUBJECT", False),
         "updated": ("UPDATED", True)}


class TicketsScreen(BaseScreen):
    """Your tickets, newest activity first; Enter opens the thread."""

    TITLE = "Tickets"
    AUTO_FOCUS = "#ticket-table"
    RELOAD_ON_RESUME = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New ticket"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("f", "focus_filter", "Filter"),
        Binding("d", "discard_draft", "Discard draft", show=False),
    ]

    class Loaded(Message):
        """Tickets and local drafts arrived."""

        def __init__(self, tickets: list[Ticket], drafts: list[Draft]) -> None:
            super().__init__()
            self.tickets, self.drafts = tickets, drafts

    def __init__(self) -> None:
        super().__init__()
        self.tickets: list[Ticket] = []
        self.sort_key = "updated"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="toolbar"):
            yield Label("Show", classes="field-label")
            yield Select(FILTERS, value="active", allow_blank=False, id="ticket-filter")
            yield Static("", id="ticket-count")
        yield DataTable(id="ticket-table", cursor_type="row", zebra_stripes=True)
        yield Label("Drafts (not sent yet) · Enter resends · d discards", id="drafts-title",
                    markup=False)
        yield DataTable(id="draft-table", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#ticket-table", DataTable)
        for key, (label, _) in SORTS.items():
            table.add_column(label, key=key)
        drafts = self.query_one("#draft-table", DataTable)
        drafts.add_columns("DRAFT", "ABOUT", "SAVED", "WHY IT WAS KEPT")

    def reload(self) -> None:
        value = self.query_one("#ticket-filter", Select).value
        self.load(value if isinstance(value, str) else "active")

    @work(thread=True, exclusive=True, group="tickets", exit_on_error=False)
    def load(self, shown: str) -> None:
        from helpdesk_cli import drafts

        statuses = ACTIVE if shown == "active" else None if shown == "all" else [shown]
        kept = drafts.list_all(self.helpdesk.session.resolved)  # this server and profile
        tickets = list(self.api().tickets.iter(status=statuses, limit=100))
        self.post_message(self.Loaded(tickets, kept))

    def on_tickets_screen_loaded(self, event: Loaded) -> None:
        self.tickets = event.tickets
        self._fill()
        self.query_one("#ticket-count", Static).update(
            Text(f"{count(len(event.tickets), 'ticket')} · sorted by {self.sort_key}", style="dim"))
        drafts = self.query_one("#draft-table", DataTable)
        drafts.clear()
        for d in event.drafts:
            about = d.subject if d.kind == "ticket" else f"reply to {d.ticket_id}"
            drafts.add_row(d.id, line(about), d.created_at.replace("T", " ").rstrip("Z"),
                           line(d.error or ""), key=d.id)
        drafts.display = bool(event.drafts)
        self.query_one("#drafts-title").display = bool(event.drafts)

    def _fill(self) -> None:
        table = self.query_one("#ticket-table", DataTable)
        table.clear()
        _, newest_first = SORTS[self.sort_key]
        rows = sorted(self.tickets, key=lambda t: _sort_value(t, self.sort_key),
                      reverse=newest_first)
        room = max(20, self.size.width - 48)  # what the other columns leave the subject
        for t in rows:
            marker = "● " if t.status == "pending" else ""
            subject = line(marker + t.subject)
            subject.truncate(room, overflow="ellipsis")
            table.add_row(line(t.id), status(t.status), subject, when(t.updated_at), key=t.id)

    @on(Select.Changed, "#ticket-filter")
    def filter_changed(self) -> None:
        self.reload()

    @on(DataTable.HeaderSelected, "#ticket-table")
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        if event.column_key.value in SORTS:
            self.sort_key = event.column_key.value
            self._fill()

    def action_cycle_sort(self) -> None:
        keys = list(SORTS)
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self._fill()
        self.query_one("#ticket-count", Static).update(
            Text(f"{count(len(self.tickets), 'ticket')} · sorted by {self.sort_key}", style="dim"))

    def action_focus_filter(self) -> None:
        self.query_one("#ticket-filter", Select).focus()

    @on(DataTable.RowSelected, "#ticket-table")
    def open_ticket(self, event: DataTable.RowSelected) -> None:
        from screens.thread import ThreadScreen

        if event.row_key.value:
            self.app.push_screen(ThreadScreen(event.row_key.value))

    @on(DataTable.RowSelected, "#draft-table")
    def open_draft(self, event: DataTable.RowSelected) -> None:
        from helpdesk_cli import drafts
        from screens.new_ticket import NewTicketScreen
        from screens.thread import ThreadScreen

        if not event.row_key.value:
            return
        draft = drafts.load(event.row_key.value)
        if draft.kind == "reply" and draft.ticket_id:
            self.app.push_screen(ThreadScreen(draft.ticket_id, draft=draft))
        else:
            self.app.push_screen(NewTicketScreen(draft=draft))

    def action_discard_draft(self) -> None:
        from helpdesk_cli import drafts
        from screens.dialogs import Confirm

        table = self.query_one("#draft-table", DataTable)
        if not table.row_count or not table.has_focus:
            return
        draft_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        def confirmed(yes: bool | None) -> None:
            if yes:
                drafts.delete(draft_id)
                self.reload()

        self.app.push_screen(Confirm(f"Discard draft {draft_id}? Its text is lost.",
                                     "Discard"), confirmed)

    def action_new(self) -> None:
        self.app.action_go("new_ticket")  # type: ignore[attr-defined]

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Sort tickets by the next column", "updated, id, status, subject",
               self.action_cycle_sort)
        for label, value in FILTERS:
            yield (f"Show tickets: {label}", "Status filter", partial(self._set_filter, value))

    def _set_filter(self, value: str) -> None:
        self.query_one("#ticket-filter", Select).value = value


def _sort_value(t: Ticket, key: str) -> Any:
    if key == "updated":
        return t.updated_at
    if key == "id":
        return (len(t.id), t.id)
    if key == "status":
        return list(STATUS_WORDS).index(t.status) if t.status in STATUS_WORDS else 99
    return t.subject.lower()
