"""A ticket as an agent works it: the whole thread with internal notes, a composer that
sends a public reply or an internal note, and the status.

Zendesk and Zammad agents work a ticket this way: the customer's and agents' messages in one
thread, internal notes marked as such (the customer never sees them), one composer with a
visible reply/note switch, and the status beside it. The composer keeps its text until the
server has it: a failed send leaves it there, and a resend of the same text reuses the first
attempt's idempotency key, so a reply that did arrive is not stored twice.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Header, Label, Select, Static, TextArea

from helpdesk_cli.sanitize import one_line
from screens.agent import AGENT_STATUS_WORDS, agent_status
from screens.base import BaseScreen, PaletteEntry
from screens.editor import edit_area
from screens.text import append_body, line, safe, when
from screens.widgets import KeyFooter

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from textual.app import ComposeResult

    from api_client.chat_models import AgentTicketDetail, Note
    from api_client.models import Message as TicketMessage
    from api_client.models import TicketStatus

# What the agent routes accept (`closed` is final: asked first).
STATUSES: list[TicketStatus] = ["new", "open", "pending", "on_hold", "solved", "closed"]
REPLY_TITLE = "Public reply · the customer sees it · Ctrl+N makes it an internal note"
NOTE_TITLE = "Internal note · agents only, never shown to the customer · Ctrl+N: reply"
CLOSED_TITLE = "Internal note · the ticket is closed: the customer can open a follow-up"


class AgentTicketScreen(BaseScreen):
    """One ticket: head, thread with notes, reply/note composer and status."""

    UNSENT = "#aticket-composer"  # agents' replies have no drafts on disk
    TITLE = "Ticket (agent)"
    AUTO_FOCUS = "#aticket-composer"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Keys the composer (TextArea) does not use itself, so they work while typing.
        Binding("ctrl+s", "send", "Send"),
        Binding("ctrl+n", "toggle_note", "Reply/Note"),
        Binding("f3", "status", "Status"),
        Binding("ctrl+g", "editor", "$EDITOR", show=False),
    ]

    class Loaded(Message):
        """The ticket, its messages and its notes arrived."""

        def __init__(self, ticket: AgentTicketDetail, me: str) -> None:
            super().__init__()
            self.ticket, self.me = ticket, me

    class Sent(Message):
        """The server stored the reply or note."""

        def __init__(self, note: bool) -> None:
            super().__init__()
            self.note = note

    class SendFailed(Message):
        """The reply or note did not arrive; its text stays in the composer."""

    class StatusSet(Message):
        """The server took the new status (None: it refused, the old one stays)."""

        def __init__(self, status: str | None) -> None:
            super().__init__()
            self.status = status

    def __init__(self, ticket_id: str) -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.ticket: AgentTicketDetail | None = None
        self.me: str | None = None  # the signed-in agent's user id
        self.note = False  # the composer writes an internal note, not a public reply
        # (note?, text, idempotency key) of a send that failed: the same text resent reuses
        # the key, so a reply that arrived but whose answer was lost is stored once.
        self._attempt: tuple[bool, str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Loading…", style="dim"), id="aticket-head")
        yield VerticalScroll(id="aticket-thread")
        with Horizontal(id="aticket-bar"):
            yield Button("Public reply", id="aticket-mode")
            yield Label("Status", classes="field-label")
            yield Select([(AGENT_STATUS_WORDS[s], s) for s in STATUSES], allow_blank=False,
                         id="aticket-status", disabled=True)  # until the ticket is here
            yield Button("Send", id="aticket-send", variant="primary")
        yield TextArea(id="aticket-composer")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_mode()

    def reload(self) -> None:
        self.load()

    def shows_ticket(self, ticket_id: str) -> bool:
        return ticket_id == self.ticket_id

    @work(thread=True, exclusive=True, group="aticket", exit_on_error=False)
    def load(self) -> None:
        api = self.api()
        me = self.me or (self.helpdesk.user or api.account.get()).id
        self.post_message(self.Loaded(api.agent.ticket(self.ticket_id), me))

    def on_agent_ticket_screen_loaded(self, event: Loaded) -> None:
        t = self.ticket = event.ticket
        self.me = event.me
        self.query_one("#aticket-head", Static).update(_head(t))
        select = self.query_one("#aticket-status", Select)
        select.value = t.status
        select.disabled = t.status == "closed"
        if t.status == "closed":
            self.note = True  # only notes: the server refuses replies to a closed ticket
        self._show_mode()
        box = self.query_one("#aticket-thread", VerticalScroll)
        # A live update while the agent reads further up leaves them where they are.
        reading = box.scroll_y if box.scroll_y < box.max_scroll_y else None
        box.remove_children()
        entries: list[tuple[datetime, Static]] = [
            (m.created_at, Static(_render_message(m, self.me),
                                  classes=f"msg aticket-{_side(m.author.role)}"))
            for m in t.messages]
        entries += [(n.created_at, Static(_render_note(n, self.me), classes="msg aticket-note"))
                    for n in t.notes]
        entries.sort(key=lambda e: e[0])
        box.mount_all([widget for _, widget in entries])
        if reading is None:
            box.scroll_end(animate=False)
        else:
            box.call_after_refresh(box.scroll_to, y=reading, animate=False)

    # --- reply or note ------------------------------------------------------------------

    def action_toggle_note(self) -> None:
        if self.ticket is not None and self.ticket.status == "closed":
            self.notify("The ticket is closed: only internal notes can be added.",
                        markup=False)
            return
        self.note = not self.note
        self._show_mode()

    @on(Button.Pressed, "#aticket-mode")
    def mode_pressed(self) -> None:
        self.action_toggle_note()

    def _show_mode(self) -> None:
        """The composer's title, colour and the switch say which of the two it sends."""
        closed = self.ticket is not None and self.ticket.status == "closed"
        composer = self.query_one("#aticket-composer", TextArea)
        composer.set_class(self.note, "note")
        composer.border_title = CLOSED_TITLE if closed else NOTE_TITLE if self.note \
            else REPLY_TITLE
        composer.placeholder = ("Write an internal note…" if self.note
                                else "Write a reply to the customer…") + " (Ctrl+S sends)"
        mode = self.query_one("#aticket-mode", Button)
        mode.label = "Internal note" if self.note else "Public reply"
        mode.variant = "warning" if self.note else "default"
        mode.disabled = closed

    @on(Button.Pressed, "#aticket-send")
    def action_send(self) -> None:
        composer = self.query_one("#aticket-composer", TextArea)
        body = composer.text
        if not body.strip():
            self.notify("Write something first.", markup=False)
            return
        if composer.read_only:
            return  # a send is under way
        note = self.note
        if self._attempt is not None and self._attempt[:2] == (note, body):
            key = self._attempt[2]
        else:
            key = str(uuid.uuid4())
        self._attempt = (note, body, key)
        composer.read_only = True  # nothing typed meanwhile is cleared with the sent text
        self.query_one("#aticket-send", Button).disabled = True
        self.send(note, body, key)

    @work(thread=True, exclusive=True, group="aticket-send", exit_on_error=False)
    def send(self, note: bool, body: str, key: str) -> None:
        agent = self.api().agent
        try:
            if note:
                agent.note(self.ticket_id, body, idempotency_key=key)
            else:
                agent.reply_ticket(self.ticket_id, body, idempotency_key=key)
        except BaseException:
            self.post_message(self.SendFailed())
            raise  # reported by BaseScreen like every worker failure
        self.post_message(self.Sent(note))

    def on_agent_ticket_screen_send_failed(self) -> None:
        self.query_one("#aticket-composer", TextArea).read_only = False
        self.query_one("#aticket-send", Button).disabled = False

    def on_agent_ticket_screen_sent(self, event: Sent) -> None:
        self._attempt = None
        composer = self.query_one("#aticket-composer", TextArea)
        composer.read_only = False
        composer.clear()
        self.query_one("#aticket-send", Button).disabled = False
        self.notify("Internal note added (agents only)." if event.note
                    else "Reply sent to the customer.", markup=False)
        self.reload()

    def action_editor(self) -> None:
        edit_area(self.app, self.query_one("#aticket-composer", TextArea))

    # --- status -------------------------------------------------------------------------

    def action_status(self) -> None:
        select = self.query_one("#aticket-status", Select)
        if not select.disabled:
            select.focus()
            select.expanded = True

    @on(Select.Changed, "#aticket-status")
    def status_chosen(self, event: Select.Changed) -> None:
        value = event.value
        if self.ticket is None or not isinstance(value, str) or value == self.ticket.status:
            return  # the screen showing the ticket's own status, not a choice
        self.choose_status(value)

    def choose_status(self, value: str) -> None:
        """Set the status; `closed` is final, so it is asked first."""
        from screens.dialogs import Confirm

        if value != "closed":
            self.set_status(value)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.set_status(value)
            elif self.ticket is not None:
                self.query_one("#aticket-status", Select).value = self.ticket.status

        self.app.push_screen(Confirm(f"Close {self.ticket_id} for good? A closed ticket "
                                     "cannot change again; the customer can open a "
                                     "follow-up.", "Close ticket"), confirmed)

    @work(thread=True, exclusive=True, group="aticket-status", exit_on_error=False)
    def set_status(self, value: str) -> None:
        try:
            ticket = self.api().agent.set_status(self.ticket_id, value)  # type: ignore[arg-type]
        except BaseException:
            self.post_message(self.StatusSet(None))
            raise
        self.post_message(self.StatusSet(ticket.status))

    def on_agent_ticket_screen_status_set(self, event: StatusSet) -> None:
        if event.status is None:
            if self.ticket is not None:  # refused: show the status it still has
                self.query_one("#aticket-status", Select).value = self.ticket.status
            return
        self.notify(f"{self.ticket_id} is now "
                    f"{AGENT_STATUS_WORDS.get(event.status, one_line(event.status))}.",
                    markup=False)
        self.reload()

    # --- leaving --------------------------------------------------------------------------

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Send", "Ctrl+S: the reply or note in the composer", self.action_send)
        yield ("Switch between public reply and internal note", "Ctrl+N",
               self.action_toggle_note)
        yield ("Write it in $EDITOR", "Ctrl+G", self.action_editor)
        for value in STATUSES:
            yield (f"Set status: {AGENT_STATUS_WORDS[value]}", f"Ticket {self.ticket_id}",
                   partial(self.choose_status, value))


def _side(role: str) -> str:
    return "customer" if role == "customer" else "agent"


def _head(t: AgentTicketDetail) -> Text:
    """Subject; status, priority and customer; what the ticket is about and its times."""
    head = line(t.id, "bold")
    head.append("  ")
    head.append_text(line(t.subject, "bold"))
    head.append("\n")
    head.append_text(agent_status(t.status))
    head.append(f" · {t.priority} priority · ", style="dim")
    head.append_text(line(f"{t.requester.name} <{t.requester.email}>"))
    head.append("\n")
    if t.order_id:
        head.append_text(line(f"order {t.order_id} · ", "dim"))
    if t.follow_up_of:
        head.append_text(line(f"follow-up of {t.follow_up_of} · ", "dim"))
    head.append(f"opened {when(t.created_at)} · updated {when(t.updated_at)}", style="dim")
    if t.rating:
        head.append(f" · rated {t.rating.score}/5", style="dim")
    return head


def _render_message(m: TicketMessage, me: str | None) -> Text:
    """A public message: the customer's, or an agent's ("You" for the signed-in one)."""
    who = "You" if m.author.id == me else m.author.name
    text = line(who, "bold")
    if m.author.role == "customer":
        text.append(" (customer)", style="dim")
    text.append(f"  {when(m.created_at)}", style="dim")
    return append_body(text, m.body, m.attachments)


def _render_note(n: Note, me: str | None) -> Text:
    """An internal note, marked so nobody takes it for something the customer read."""
    text = Text()
    text.append(" INTERNAL NOTE ", style="bold black on yellow")  # its own style only
    text.append(" ")
    text.append_text(line("You" if n.author.id == me else n.author.name, "bold"))
    text.append(f"  {when(n.created_at)} · not shown to the customer", style="dim")
    text.append("\n")
    text.append_text(safe(n.body.strip()))
    return text
