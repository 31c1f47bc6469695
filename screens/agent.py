"""The agent's side: an inbox of queued and assigned chats, a chat with the customer's
context beside it, and the ticket queue.

The inbox follows the agent event stream (queue changes, new messages, ticket events) from an
async worker; the chat screen shows the handoff packet, so the customer never has to repeat
anything. The queue lists every agent's chats: only those assigned to the signed-in agent are
"yours", and another agent's chat opens read-only (the server lets only the assigned agent
reply, transfer or close it, and has no take-over). Statuses read as an agent reads them: a
`pending` ticket waits for the customer, not for you.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Label, Static, TextArea

from helpdesk_cli.sanitize import one_line
from screens.base import BaseScreen, PaletteEntry
from screens.chat import _render
from screens.text import STATUS_STYLES, count, day, line, money, status, when
from screens.widgets import FollowLog, KeyFooter

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual import events
    from textual.app import ComposeResult

    from api_client import AsyncClient
    from api_client.chat_models import Agent, AgentChat, AgentTicket, ChatMessage, Handoff

# How an agent reads a ticket status; the customer's words (screens.text.STATUS_WORDS) say
# "waiting for you" for `pending`, which to an agent means the customer's turn.
AGENT_STATUS_WORDS = {
    "new": "new", "open": "open", "pending": "awaiting customer", "on_hold": "on hold",
    "solved": "solved", "closed": "closed",
}
# A table's column: key, header, width in cells (0: what the others leave, at least the
# fourth number).
Column = tuple[str, str, int]
SCROLLBAR = 2  # a table's vertical scrollbar, kept free so a long queue does not shift columns
WIDE = 100  # from this many cells, tables show their optional columns


def agent_status(value: str) -> Text:
    """A ticket status in an agent's words, coloured as everywhere else."""
    return Text(AGENT_STATUS_WORDS.get(value, value.replace("_", " ")),
                style=STATUS_STYLES.get(value, ""))


def waited(seconds: int | None) -> str:
    """A waiting time as people say it."""
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min"


def fit(value: object, width: int, style: str = "") -> Text:
    """Untrusted text on one line, cut to `width` cells with an ellipsis."""
    out = line(value, style) if not isinstance(value, Text) else value.copy()
    out.truncate(width, overflow="ellipsis")
    return out


def set_columns(table: DataTable[Any], columns: list[Column], width: int,
                flexible_min: int = 12) -> dict[str, int]:
    """Give `table` fixed-width columns for a screen `width` cells wide; returns the widths.

    Fixed widths, not Textual's auto width: an auto column is measured when the table is
    next idle, so the first paint squashed columns to their headers ("on hol"), and a reload
    could widen the table past the screen. The flexible column takes what the others leave.
    """
    fixed = sum(w for _, _, w in columns)
    room = width - fixed - 2 * table.cell_padding * len(columns) - SCROLLBAR
    widths = {key: w or max(flexible_min, room) for key, _, w in columns}
    current = [(str(c.key.value), c.width) for c in table.columns.values()]
    if current != list(widths.items()):
        table.clear(columns=True)
        for key, header, _ in columns:
            table.add_column(header, width=widths[key], key=key)
    return widths


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor (None for an empty table)."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def restore_cursor(table: DataTable[Any], key: str | None) -> None:
    """Put the cursor back on the row `key` after a refill (a live reload must not move it)."""
    if key is not None and key in table.rows:
        table.move_cursor(row=table.get_row_index(key), animate=False)


class AgentInboxScreen(BaseScreen):
    """Queued chats (longest waiting first), then assigned ones (yours and others'), live."""

    TITLE = "Agent inbox"
    AUTO_FOCUS = "#inbox-table"
    RELOAD_ON_RESUME = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "tickets", "Ticket queue"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.chats: list[AgentChat] = []
        self.me: str | None = None  # the signed-in agent's user id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="inbox-count")
        yield DataTable(id="inbox-table", cursor_type="row", zebra_stripes=True)
        yield Label("Enter: take a waiting chat, open yours, read another's · t tickets",
                    classes="muted", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fill()
        self.follow()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="inbox", exit_on_error=False)
    def load(self) -> None:
        api = self.api()
        user = self.helpdesk.user or api.account.get()
        chats = list(api.agent.iter_queue(limit=100))
        self.app.call_from_thread(self._show, user.id, chats)

    def _show(self, me: str, chats: list[AgentChat]) -> None:
        self.me = me
        # Waiting chats first (the server's order: longest waiting first), then yours, then
        # other agents'.
        self.chats = sorted(chats, key=lambda c: 0 if c.state == "queued"
                            else 1 if self._mine(c) else 2)
        self._fill()
        queued = sum(c.state == "queued" for c in chats)
        mine = sum(self._mine(c) for c in chats)
        others = len(chats) - queued - mine
        count = Text(f"{queued} waiting · {mine} yours", style="bold")
        if others:
            count.append(f" · {others} with other agents", style="dim")
        self.query_one("#inbox-count", Static).update(count)

    def _mine(self, chat: AgentChat) -> bool:
        return chat.state == "assigned" and chat.agent is not None and chat.agent.id == self.me

    def _columns(self) -> list[Column]:
        about = 8 if self.size.width < WIDE else 10
        return [("chat", "CHAT", 5), ("agent", "AGENT", 12), ("customer", "CUSTOMER", 12),
                ("waiting", "WAITING", 7), ("about", "ABOUT", about),
                ("last", "LAST MESSAGE", 0)]

    def _fill(self) -> None:
        table = self.query_one("#inbox-table", DataTable)
        keep = cursor_key(table)
        widths = set_columns(table, self._columns(), self.size.width or 80)
        table.clear()
        for c in self.chats:
            last = c.last_message.body if c.last_message else ""
            table.add_row(fit(c.id, widths["chat"]), self._who(c, widths["agent"]),
                          fit(c.customer.name, widths["customer"]),
                          waited(c.waiting_seconds),
                          fit(c.order_id or c.ticket_id or "", widths["about"]),
                          fit(last, widths["last"]), key=c.id)
        restore_cursor(table, keep)

    def _who(self, chat: AgentChat, width: int) -> Text:
        """Whose chat it is: waiting for someone, yours, or another agent's (by name)."""
        if chat.state == "queued":
            return Text("unassigned", style="bold yellow")
        if self._mine(chat):
            return Text("you", style="bold green")
        return fit(chat.agent.name if chat.agent else chat.state, width, "dim")

    def on_resize(self, event: events.Resize) -> None:
        self._fill()

    @work(exclusive=True, group="inbox-stream", exit_on_error=False)
    async def follow(self) -> None:
        """Reload when the queue or one of our chats changes (and so stay 'signed in'); a
        ticket event reloads the screen on top if it shows that ticket (the queue, a ticket)."""
        client = self.helpdesk.session.async_client()
        try:
            stream = await client.agent.events(wait_for_server=True)
            async for event in stream:
                kind = getattr(event, "type", None)
                if kind in ("queue_changed", "message", "state"):
                    self.reload()
                elif str(kind).startswith("ticket_"):
                    self._ticket_changed(str(getattr(event, "ticket_id", "") or ""))
        finally:
            await client.aclose()

    def _ticket_changed(self, ticket_id: str) -> None:
        screen = self.app.screen
        if screen is not self and isinstance(screen, BaseScreen) and ticket_id \
                and screen.shows_ticket(ticket_id):
            screen.reload()

    @on(DataTable.RowSelected, "#inbox-table")
    def open_chat(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(AgentChatScreen(event.row_key.value))

    def action_tickets(self) -> None:
        self.app.push_screen(AgentTicketsScreen())

    def action_back(self) -> None:
        """The inbox is an agent's home: Escape stays here."""

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Open the ticket queue", "t", self.action_tickets)


class AgentChatScreen(BaseScreen):
    """A chat as the agent sees it: transcript and composer, the customer's context beside.

    Another agent's chat is read-only: no composer, and none of the chat's actions (the
    server would refuse them: "not assigned to you").
    """

    TITLE = "Chat (agent)"
    UNSENT = "#agent-composer"  # no draft on disk: leaving with text asks first
    AUTO_FOCUS = "#agent-composer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send"),
        Binding("ctrl+t", "transfer", "Queue", tooltip="Send the chat back to the queue"),
        Binding("f8", "close_chat", "Close"),  # ctrl+k edits the composer
        Binding("ctrl+o", "to_ticket", "Ticket", tooltip="Turn the chat into a ticket"),
    ]
    ACTING = frozenset({"send", "transfer", "close_chat", "to_ticket"})

    def __init__(self, chat_id: str) -> None:
        super().__init__()
        self.chat_id = chat_id
        self.shown: set[str] = set()
        self._client: AsyncClient | None = None
        self.me: str | None = None  # the signed-in agent's user id
        self.state = "loading"
        self.owner: Agent | None = None  # the agent the chat is assigned to

    @property
    def read_only(self) -> bool:
        """Whether the chat is another agent's: only they can act on it."""
        return self.state == "assigned" and self.owner is not None and self.owner.id != self.me

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Loading…", style="dim"), id="agent-banner")
        with Horizontal(id="agent-body"):
            with Vertical(id="agent-chat"):
                yield FollowLog(id="agent-log")
                yield TextArea(id="agent-composer", placeholder="Reply… (Ctrl+S sends)")
            yield VerticalScroll(Static("", id="agent-context"), id="agent-side")
        yield KeyFooter()

    def reload(self) -> None:
        self.run_chat()

    @work(exclusive=True, group="agent-chat", exit_on_error=False)
    async def run_chat(self) -> None:
        from api_client import errors

        if self._client is None:
            self._client = self.helpdesk.session.async_client()
        agent = self._client.agent
        if self.me is None:
            self.me = (self.helpdesk.user or await self._client.account.get()).id
        packet = await agent.chat(self.chat_id)
        if packet.state == "queued":
            try:
                packet = await agent.claim(self.chat_id)
            except errors.ConflictError as exc:
                self.notify(f"Not taken: {exc.detail}", severity="warning", markup=False)
                packet = await agent.chat(self.chat_id)  # taken meanwhile: show whose
        self._show_packet(packet)
        stream = await agent.events(packet.last_event_id, wait_for_server=True)
        from api_client.chat_models import MessageEvent

        async for event in stream:
            if getattr(event, "chat_id", None) != self.chat_id:
                continue
            kind = getattr(event, "type", None)
            if isinstance(event, MessageEvent):
                self._show_message(event.message)
            elif kind in ("state", "closed", "transferred"):
                self._set_state(getattr(event, "state", None) or kind,
                                getattr(event, "agent", None) if kind == "state"
                                else self.owner)

    def _show_packet(self, packet: Handoff) -> None:
        self._set_state(packet.state, packet.agent)  # before the messages: whose are "You"
        for message in packet.messages:
            self._show_message(message)
        self.query_one("#agent-log", FollowLog).follow()
        self.query_one("#agent-context", Static).update(_context(packet))

    def _set_state(self, state: str, owner: Agent | None) -> None:
        self.state, self.owner = state, owner
        text = line(self.chat_id, "bold")
        if self.read_only and owner is not None:
            # The agent stream carries only one's own chats: Ctrl+R shows what is new.
            text.append_text(line(f" · assigned to {owner.name}", "bold"))
            text.append(" · read-only · Ctrl+R refreshes", style="yellow")
        elif state == "assigned":
            text.append(" · yours", style="bold green")
        else:
            text.append(f" · {'waiting in the queue' if state == 'queued' else state}",
                        style="bold")
        self.query_one("#agent-banner", Static).update(text)
        composer = self.query_one("#agent-composer", TextArea)
        composer.disabled = self.read_only or state in ("closed", "queued", "transferred")
        composer.display = not self.read_only
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Another agent's chat shows none of the chat's actions."""
        return not (action in self.ACTING and self.read_only)

    def _show_message(self, message: ChatMessage) -> None:
        if message.id in self.shown:
            return
        self.shown.add(message.id)
        # "You" only for the signed-in agent's own messages; another agent's by their name.
        mine = message.author.role == "agent" and message.author.id == self.me
        self.query_one("#agent-log", FollowLog).mount(  # which follows it if at the bottom
            Static(_render(message, me="agent" if mine else ""),
                   classes=f"msg chat-{message.author.role}"))

    def _may_act(self) -> bool:
        if self.read_only and self.owner is not None:
            self.notify(f"{one_line(self.owner.name)} has this chat; you can only read it.",
                        markup=False)
            return False
        return True

    def action_send(self) -> None:
        composer = self.query_one("#agent-composer", TextArea)
        body = composer.text.strip()
        if body and self._may_act():
            self.query_one("#agent-log", FollowLog).follow()
            self.call("reply", body, str(uuid.uuid4()))

    def action_transfer(self) -> None:
        if self._may_act():
            self.call("transfer")

    def action_close_chat(self) -> None:
        from screens.dialogs import Confirm

        if not self._may_act():
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.call("close")

        self.app.push_screen(Confirm(f"Close chat {self.chat_id}? The customer is asked to "
                                     "rate it and cannot write in it again.", "Close chat"),
                             confirmed)

    def action_to_ticket(self) -> None:
        if self._may_act():
            self.call("ticket")

    @work(group="agent-call", exit_on_error=False)
    async def call(self, what: str, body: str = "", client_id: str = "") -> None:
        if self._client is None:
            return
        agent = self._client.agent
        if what == "reply":
            # The composer keeps the text until the server has it; a resend with the same
            # client id is stored once.
            await agent.reply(self.chat_id, body, client_message_id=client_id)
            self.query_one("#agent-composer", TextArea).clear()
        elif what == "transfer":
            await agent.transfer(self.chat_id)
            self.notify("Sent back to the queue.", markup=False)
        elif what == "close":
            await agent.close(self.chat_id)
        elif what == "ticket":
            ticket = await agent.to_ticket(self.chat_id)
            self.notify(f"Ticket {ticket.id} opened with the transcript.", markup=False)

    async def on_unmount(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    def palette_commands(self) -> Iterable[PaletteEntry]:
        if self.read_only:
            return
        yield ("Send reply", "Ctrl+S", self.action_send)
        yield ("Send the chat back to the queue", "Ctrl+T", self.action_transfer)
        yield ("Close the chat", "F8", self.action_close_chat)
        yield ("Turn the chat into a ticket", "Ctrl+O", self.action_to_ticket)


class AgentTicketsScreen(BaseScreen):
    """The ticket queue: every customer's tickets not yet solved, oldest first; Enter opens
    one (its thread, internal notes, reply/note composer and status)."""

    TITLE = "Ticket queue"
    AUTO_FOCUS = "#agent-tickets"
    RELOAD_ON_RESUME = True

    def __init__(self) -> None:
        super().__init__()
        self.tickets: list[AgentTicket] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="agent-tickets-count")
        yield DataTable(id="agent-tickets", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fill()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="agent-tickets", exit_on_error=False)
    def load(self) -> None:
        tickets = list(self.api().agent.iter_tickets(
            status=["new", "open", "pending", "on_hold"], limit=100))
        self.app.call_from_thread(self._show, tickets)

    def _show(self, tickets: list[AgentTicket]) -> None:
        self.tickets = tickets
        self._fill()
        waiting = sum(t.status in ("new", "open") for t in tickets)
        self.query_one("#agent-tickets-count", Static).update(Text(
            f"{count(len(tickets), 'ticket')} not solved · {waiting} need an answer · Enter opens",
            style="dim"))

    def _columns(self) -> list[Column]:
        """At 80 cells the subject keeps room by leaving out the update time."""
        wide = self.size.width >= WIDE
        columns: list[Column] = [
            ("id", "TICKET", 6), ("status", "STATUS", 17), ("priority", "PRIORITY", 8),
            ("customer", "CUSTOMER", 16 if wide else 12), ("subject", "SUBJECT", 0)]
        if wide:
            columns.append(("updated", "UPDATED", 16))
        return columns

    def _fill(self) -> None:
        table = self.query_one("#agent-tickets", DataTable)
        keep = cursor_key(table)
        widths = set_columns(table, self._columns(), self.size.width or 80)
        table.clear()
        for t in self.tickets:
            cells: list[object] = [
                fit(t.id, widths["id"]), agent_status(t.status),
                fit(t.priority, widths["priority"],
                    "bold red" if t.priority in ("high", "urgent") else ""),
                fit(t.requester.name, widths["customer"]), fit(t.subject, widths["subject"])]
            if "updated" in widths:
                cells.append(when(t.updated_at))
            table.add_row(*cells, key=t.id)
        restore_cursor(table, keep)

    def on_resize(self, event: events.Resize) -> None:
        self._fill()

    @on(DataTable.RowSelected, "#agent-tickets")
    def open_ticket(self, event: DataTable.RowSelected) -> None:
        from screens.agent_ticket import AgentTicketScreen

        if event.row_key.value:
            self.app.push_screen(AgentTicketScreen(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one("#agent-tickets", DataTable)
        key = cursor_key(table)
        if key is not None:
            from screens.agent_ticket import AgentTicketScreen

            self.app.push_screen(AgentTicketScreen(key))

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Open the selected ticket", "Enter", self.action_open)
        yield ("Reload the ticket queue", "Ctrl+R", self.reload)


def _context(p: Handoff) -> Text:
    """The customer's context: who, what they ordered, what is open, what this is about."""
    a = p.customer_account
    text = line(a.name, "bold")
    text.append("\n")
    text.append_text(line(f"{a.email} · {a.phone or 'no phone'}", "dim"))
    text.append(f"\ncustomer since {day(a.created_at)}\n", style="dim")
    if p.context_order is not None:
        o = p.context_order
        text.append("\nAbout order ", style="bold")
        text.append_text(line(f"{o.number} ({o.status}), {money(o.total_cents, o.currency)}"))
        for item in o.items:
            text.append("\n  ")
            text.append_text(line(f"{item.quantity} × {item.name}"))
        text.append("\n")
    if p.context_ticket is not None:
        t = p.context_ticket
        text.append("\nAbout ticket ", style="bold")
        text.append_text(line(f"{t.id}: {t.subject} "))
        text.append_text(_in_brackets(agent_status(t.status)))
        text.append("\n")
    text.append("\nRecent orders\n", style="bold")
    for order in p.recent_orders:
        text.append_text(line(f"  {order.number} {day(order.created_at)} "))
        text.append_text(status(order.status, ticket=False))
        text.append_text(line(f" {money(order.total_cents, order.currency)}"))
        text.append("\n")
    text.append("\nOpen tickets\n", style="bold")
    for ticket in p.open_tickets:
        text.append_text(line(f"  {ticket.id} "))
        text.append_text(agent_status(ticket.status))
        text.append_text(line(f": {ticket.subject}"))
        text.append("\n")
    if not p.open_tickets:
        text.append("  none\n", style="dim")
    return text


def _in_brackets(inner: Text) -> Text:
    out = Text("(")
    out.append_text(inner)
    out.append(")")
    return out
