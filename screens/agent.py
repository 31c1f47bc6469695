"""The agent's side: an inbox of queued and assigned chats, a chat with the customer's
context beside it, and the ticket queue.

The inbox follows the agent event stream (queue changes, new messages) from an async worker;
the chat screen shows the handoff packet, so the customer never has to repeat anything.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Label, Static, TextArea

from screens.base import BaseScreen, PaletteEntry
from screens.chat import _render
from screens.text import day, line, money, status, when
from screens.widgets import FollowLog, KeyFooter

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import ComposeResult

    from api_client import AsyncClient
    from api_client.chat_models import AgentChat, ChatMessage, Handoff


def waited(seconds: int | None) -> str:
    """A waiting time as people say it."""
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min"


class AgentInboxScreen(BaseScreen):
    """Queued chats (longest waiting first) and the agent's own, live."""

    TITLE = "Agent inbox"
    AUTO_FOCUS = "#inbox-table"
    RELOAD_ON_RESUME = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "tickets", "Ticket queue"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="inbox-count")
        yield DataTable(id="inbox-table", cursor_type="row", zebra_stripes=True)
        yield Label("Enter takes a queued chat or opens yours · t ticket queue",
                    classes="muted", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#inbox-table", DataTable).add_columns(
            "CHAT", "STATE", "CUSTOMER", "WAITING", "ABOUT", "LAST MESSAGE")
        self.follow()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="inbox", exit_on_error=False)
    def load(self) -> None:
        chats = list(self.api().agent.iter_queue(limit=100))
        self.app.call_from_thread(self._show, chats)

    def _show(self, chats: list[AgentChat]) -> None:
        table = self.query_one("#inbox-table", DataTable)
        table.clear()
        queued = 0
        for c in chats:
            queued += c.state == "queued"
            last = c.last_message.body if c.last_message else ""
            table.add_row(line(c.id), status(c.state, ticket=False), line(c.customer.name),
                          waited(c.waiting_seconds), line(c.order_id or c.ticket_id or ""),
                          _clip(last, 40), key=c.id)
        self.query_one("#inbox-count", Static).update(Text(
            f"{queued} waiting · {len(chats) - queued} yours", style="bold"))

    @work(exclusive=True, group="inbox-stream", exit_on_error=False)
    async def follow(self) -> None:
        """Reload when the queue or one of our chats changes (and so stay 'signed in')."""
        client = self.helpdesk.session.async_client()
        try:
            stream = await client.agent.events(wait_for_server=True)
            async for event in stream:
                if getattr(event, "type", None) in ("queue_changed", "message", "state"):
                    self.reload()
        finally:
            await client.aclose()

    @on(DataTable.RowSelected, "#inbox-table")
    def open_chat(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(AgentChatScreen(event.row_key.value))

    def action_tickets(self) -> None:
        self.app.push_screen(AgentTicketsScreen())

    def action_back(self) -> None:
        """The inbox is an agent's home: Escape stays here."""


class AgentChatScreen(BaseScreen):
    """A chat as the agent sees it: transcript and composer, the customer's context beside."""

    TITLE = "Chat (agent)"
    AUTO_FOCUS = "#agent-composer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send"),
        Binding("ctrl+t", "transfer", "Back to queue"),
        Binding("f8", "close_chat", "Close"),  # ctrl+k edits the composer
        Binding("ctrl+o", "to_ticket", "To ticket"),
    ]

    def __init__(self, chat_id: str) -> None:
        super().__init__()
        self.chat_id = chat_id
        self.shown: set[str] = set()
        self._client: AsyncClient | None = None

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
        packet = await agent.chat(self.chat_id)
        if packet.state == "queued":
            try:
                packet = await agent.claim(self.chat_id)
            except errors.ConflictError as exc:
                self.notify(f"Not taken: {exc.detail}", severity="warning", markup=False)
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
                self._banner(getattr(event, "state", None) or kind)

    def _show_packet(self, packet: Handoff) -> None:
        for message in packet.messages:
            self._show_message(message)
        self.query_one("#agent-log", FollowLog).follow()
        self._banner(packet.state)
        self.query_one("#agent-context", Static).update(_context(packet))

    def _banner(self, state: str) -> None:
        self.query_one("#agent-banner", Static).update(line(
            f"{self.chat_id} · {state}", "bold"))
        self.query_one("#agent-composer", TextArea).disabled = state in ("closed", "queued")

    def _show_message(self, message: ChatMessage) -> None:
        if message.id in self.shown:
            return
        self.shown.add(message.id)
        self.query_one("#agent-log", FollowLog).mount(  # which follows it if at the bottom
            Static(_render(message, me="agent"), classes=f"msg chat-{message.author.role}"))

    def action_send(self) -> None:
        composer = self.query_one("#agent-composer", TextArea)
        body = composer.text.strip()
        if body:
            self.query_one("#agent-log", FollowLog).follow()
            self.call("reply", body, str(uuid.uuid4()))

    def action_transfer(self) -> None:
        self.call("transfer")

    def action_close_chat(self) -> None:
        self.call("close")

    def action_to_ticket(self) -> None:
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
        yield ("Send reply", "Ctrl+S", self.action_send)
        yield ("Send the chat back to the queue", "Ctrl+T", self.action_transfer)
        yield ("Close the chat", "F8", self.action_close_chat)
        yield ("Turn the chat into a ticket", "Ctrl+O", self.action_to_ticket)


class AgentTicketsScreen(BaseScreen):
    """The ticket queue: every customer's open tickets, oldest activity last."""

    TITLE = "Ticket queue"
    AUTO_FOCUS = "#agent-tickets"
    RELOAD_ON_RESUME = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="agent-tickets", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#agent-tickets", DataTable).add_columns(
            "TICKET", "STATUS", "PRIORITY", "CUSTOMER", "SUBJECT", "UPDATED")

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="agent-tickets", exit_on_error=False)
    def load(self) -> None:
        tickets = list(self.api().agent.iter_tickets(
            status=["new", "open", "pending", "on_hold"], limit=100))
        self.app.call_from_thread(self._show, tickets)

    def _show(self, tickets: list[Any]) -> None:
        table = self.query_one("#agent-tickets", DataTable)
        table.clear()
        for t in tickets:
            table.add_row(line(t.id), status(t.status), t.priority, line(t.requester.name),
                          _clip(t.subject, 40), when(t.updated_at), key=t.id)


def _clip(text: str, width: int) -> Text:
    out = line(text)
    out.truncate(width, overflow="ellipsis")
    return out


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
        text.append_text(line(f"{t.id}: {t.subject} ({t.status})"))
        text.append("\n")
    text.append("\nRecent orders\n", style="bold")
    for order in p.recent_orders:
        text.append_text(line(f"  {order.number} {day(order.created_at)} {order.status} "
                              f"{money(order.total_cents, order.currency)}"))
        text.append("\n")
    text.append("\nOpen tickets\n", style="bold")
    for ticket in p.open_tickets:
        text.append_text(line(f"  {ticket.id} {ticket.status}: {ticket.subject}"))
        text.append("\n")
    if not p.open_tickets:
        text.append("  none\n", style="dim")
    return text
