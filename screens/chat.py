"""Live chat: the assistant first, then a person, with the connection state always in view.

The screen is driven by the core's `ChatSession` from async workers on the app's loop: the
transcript, then live events that resume after a dropped connection without loss or
duplicates, and sending through the outbox, so a message typed while offline waits (shown
as pending) and is sent once the stream is back. The log follows new messages only while
the reader is at its bottom; otherwise a marker counts what arrived below.
"""

from __future__ import annotations

import contextlib
import functools
import time
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Button, Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from screens.base import BaseScreen, PaletteEntry
from screens.dialogs import Dialog
from screens.text import count, line, safe, when
from screens.widgets import FollowLog, KeyFooter

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import ComposeResult

    from api_client import AsyncClient
    from api_client.chat_models import ChatMessage
    from helpdesk_cli.chat import ChatSession
    from helpdesk_cli.outbox import Outgoing

TYPING_EVERY = 2.0  # seconds between "typing" notes to the server (it throttles the same)
STATE_WORDS = {"assistant": "Assistant", "queued": "Waiting for a person",
               "assigned": "With", "closed": "Chat ended"}
CONNECTION = {"connecting": ("connecting…", "yellow"), "connected": ("● live", "green"),
              "reconnecting": ("reconnecting…", "yellow"), "offline": ("offline", "red"),
              "closed": ("disconnected", "dim")}


class ChatScreen(BaseScreen):
    """One chat, new or continued, optionally about a ticket or an order."""

    TITLE = "Chat"
    UNSENT = "#chat-composer"  # no draft on disk: leaving with text asks first
    AUTO_FOCUS = "#chat-composer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send"),
        Binding("ctrl+t", "talk_to_person", "Talk to a person"),
        Binding("f8", "end_chat", "End chat"),  # ctrl+k and ctrl+y edit the composer
        Binding("f5", "retry_failed", "Retry failed", show=False),
        Binding("ctrl+b", "jump_to_bottom", "Newest", show=False),
        Binding("ctrl+o", "open_article", "Articles"),
    ]

    def __init__(self, chat_id: str | None = None, *, order_id: str | None = None,
                 ticket_id: str | None = None) -> None:
        super().__init__()
        self.chat_id = chat_id
        self.order_id, self.ticket_id = order_id, ticket_id
        self.chat_state = "assistant"
        self.agent_name: str | None = None
        self.queue_position: int | None = None
        self.connection = "connecting"
        self.shown: set[str] = set()  # message ids on screen: an event never shows twice
        self.cited: dict[str, str] = {}  # article id -> title, as the assistant cited them
        self.unseen = 0
        self.offer_reason: str | None = None
        self._session: ChatSession | None = None
        self._client: AsyncClient | None = None
        self._last_typing = 0.0
        self._leaving = False  # set on unmount: late callbacks find no widgets to update

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="chat-banner")
        yield FollowLog(id="chat-log")
        yield Static("", id="chat-below")
        yield Static("", id="chat-pending")
        yield Static("", id="chat-typing")
        yield TextArea(id="chat-composer",
                       placeholder="Ask anything… (Ctrl+S sends; Ctrl+T asks for a person)")
        with Horizontal(classes="buttons"):
            yield Button("Send", id="chat-send", variant="primary", compact=True)
            yield Button("Talk to a person", id="chat-person", compact=True)
            yield Button("Open a ticket instead", id="chat-ticket", classes="hidden",
                         compact=True)
            yield Button("Rate this chat", id="chat-rate", classes="hidden", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._banner()
        # Scrolling (wheel, keys, scrollbar) to the bottom clears the "new below" marker.
        self.set_interval(0.3, self._seen_if_at_bottom)

    def first_load(self) -> None:
        self.run_chat()  # opens a new chat when there is none yet

    def reload(self) -> None:
        """The stream keeps itself current; Ctrl+R reconnects it."""
        if self.chat_id is not None:
            self.run_chat()

    # --- the stream -------------------------------------------------------------------------

    @work(exclusive=True, group="chat-stream", exit_on_error=False)
    async def run_chat(self) -> None:
        from helpdesk_cli.chat import ChatSession
        from helpdesk_cli.outbox import Outbox

        session = self.helpdesk.session
        if self._client is None:
            self._client = session.async_client()
        if self.chat_id is None:
            created = await self._client.chats.create(ticket_id=self.ticket_id,
                                                      order_id=self.order_id)
            self.chat_id = created.id
        if self._session is not None:
            await self._session.close()
        self._session = ChatSession(self._client, self.chat_id,
                                    Outbox.for_profile(session.resolved),
                                    on_state=self._connection_changed,
                                    on_outbox=self._outbox_changed)
        detail = await self._session.open()
        self.chat_state, self.queue_position = detail.state, detail.queue_position
        self.agent_name = detail.agent.name if detail.agent else None
        for message in detail.messages:
            self._show_message(message)
        self._outbox_changed(self._session.pending())
        self._banner()
        self.query_one("#chat-log", FollowLog).follow()
        async for event in self._session.events():
            self._apply(event)

    def _apply(self, event: Any) -> None:
        kind = getattr(event, "type", None)
        if kind == "message":
            self._show_message(event.message)
            self.query_one("#chat-typing", Static).update("")
        elif kind == "typing":
            if event.role != "customer":
                self.query_one("#chat-typing", Static).update(
                    line(f"{event.name} is typing…", "italic dim"))
                self.set_timer(4, lambda: self.query_one("#chat-typing", Static).update(""))
        elif kind == "state":
            self.chat_state = event.state
            self.queue_position = event.queue_position
            self.agent_name = event.agent.name if event.agent else self.agent_name
        elif kind == "queue_position":
            self.queue_position = event.position
        elif kind == "agent_joined":
            self.agent_name = event.agent.name
            self._note(f"{event.agent.name} joined the chat.")
        elif kind == "transferred":
            self._note("You are back in the queue for the next person free.")
        elif kind == "ticket_offer":
            self.offer_reason = event.reason
            self._note(event.hint or "Nobody is free right now: you can turn this chat into "
                       "a ticket; the transcript goes with it.")
            self.query_one("#chat-ticket").remove_class("hidden")
        elif kind == "closed":
            self.chat_state = "closed"
            ticket = event.converted_ticket_id
            self._note(f"The chat ended; it continues as ticket {ticket}." if ticket
                       else "The chat ended.")
        elif kind == "rating_requested":
            rate = self.query_one("#chat-rate", Button)
            rate.remove_class("hidden")
            rate.focus()  # the one thing left to do here
        self._banner()

    # --- showing things ---------------------------------------------------------------------

    def _show_message(self, message: ChatMessage) -> None:
        if message.id in self.shown:
            return
        self.shown.add(message.id)
        for article in reversed(message.articles):  # read back newest first, best first
            self.cited.pop(article.id, None)
            self.cited[article.id] = article.title
        self._append(Static(_render(message), classes=f"msg chat-{message.author.role}"))

    def _note(self, text: str) -> None:
        self._append(Static(line(text, "italic"), classes="msg chat-system"))

    def _append(self, widget: Static) -> None:
        log = self.query_one("#chat-log", FollowLog)
        log.mount(widget)  # a following log scrolls to it by itself
        if not log.following:
            self.unseen += 1
            self.query_one("#chat-below", Static).update(Text(
                f"↓ {count(self.unseen, 'new message')} below · Ctrl+B jumps there", style="bold"))

    def _seen_if_at_bottom(self) -> None:
        if self.unseen and self.query_one("#chat-log", FollowLog).following:
            self.unseen = 0
            self.query_one("#chat-below", Static).update("")

    def action_jump_to_bottom(self) -> None:
        self.query_one("#chat-log", FollowLog).follow()
        self.unseen = 0
        self.query_one("#chat-below", Static).update("")

    def _banner(self) -> None:
        state = self.chat_state
        text = Text(STATE_WORDS.get(state, state), style="bold")
        if state == "assigned" and self.agent_name:
            text.append(" ")
            text.append_text(line(self.agent_name, "bold"))
        if state == "queued" and self.queue_position:
            text.append(f" · you are number {self.queue_position} in the queue")
        if state != "closed":  # an ended chat's stream being live says nothing useful
            word, style = CONNECTION.get(self.connection, (self.connection, ""))
            text.append("   ")
            text.append(word, style=style)
        about = (f"order {self.order_id}" if self.order_id
                 else f"ticket {self.ticket_id}" if self.ticket_id else None)
        if about:
            text.append(f"   about {about}", style="dim")
        self.query_one("#chat-banner", Static).update(text)
        closed = state == "closed"
        self.query_one("#chat-person").display = state == "assistant"
        self.query_one("#chat-send").disabled = closed
        composer = self.query_one("#chat-composer", TextArea)
        if closed and not composer.disabled:
            composer.disabled = True
            # Not left to wherever Textual moves it: keys then scroll the transcript.
            self.query_one("#chat-log", FollowLog).focus()
        composer.disabled = closed
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that mean nothing in the chat's current state leave the footer."""
        if action in ("send", "end_chat"):
            return self.chat_state != "closed"
        if action == "talk_to_person":
            return self.chat_state == "assistant"
        if action == "open_article":
            return bool(self.cited)
        return True

    def _connection_changed(self, state: object) -> None:
        self.connection = str(state)
        if not self._leaving:
            # Textual removes a closing screen's widgets before its Unmount: a stream or
            # outbox callback in between finds nothing to update, which is fine.
            with contextlib.suppress(NoMatches):
                self._banner()

    def _outbox_changed(self, pending: list[Outgoing]) -> None:
        if not self._leaving:
            with contextlib.suppress(NoMatches):
                self._show_pending(pending)

    def _show_pending(self, pending: list[Outgoing]) -> None:
        text = Text()
        for item in pending:
            text.append("You (")
            if item.state == "failed":
                text.append("not sent: " + (item.error or "refused"), style="red")
                text.append("; F5 retries")
            else:
                text.append("sending…", style="yellow")
            text.append("): ")
            text.append_text(line(item.body[:120], "dim"))
            text.append("\n")
        text.rstrip()
        self.query_one("#chat-pending", Static).update(text)

    # --- actions ----------------------------------------------------------------------------

    @on(Button.Pressed, "#chat-send")
    def action_send(self) -> None:
        composer = self.query_one("#chat-composer", TextArea)
        body = composer.text.strip()
        if not body or self._session is None or self.chat_state == "closed":
            return
        composer.clear()  # the outbox has it now: on disk until the server echoes it
        self.action_jump_to_bottom()  # what you send, and the answer to it, are what you read
        self.send(body)

    @work(group="chat-send", exit_on_error=False)
    async def send(self, body: str, then_handoff: bool = False) -> None:
        assert self._session is not None
        await self._session.send(body)
        if then_handoff and self._client is not None and self.chat_id is not None:
            await self._client.chats.handoff(self.chat_id)

    @on(TextArea.Changed, "#chat-composer")
    def typed(self) -> None:
        now = time.monotonic()
        if self._session is not None and now - self._last_typing > TYPING_EVERY:
            self._last_typing = now
            self.note_typing()

    @work(group="chat-typing", exclusive=True, exit_on_error=False)
    async def note_typing(self) -> None:
        from api_client import errors

        if self._client is not None and self.chat_id and self.chat_state != "closed":
            # A lost "typing…" is not worth a notification.
            with contextlib.suppress(errors.ApiError):
                await self._client.chats.typing(self.chat_id)

    @on(Button.Pressed, "#chat-person")
    def action_talk_to_person(self) -> None:
        # A question typed before asking for a person goes along with it, and first: the
        # agent's greeting quotes the customer's last question.
        composer = self.query_one("#chat-composer", TextArea)
        body = composer.text.strip()
        if body and self._session is not None and self.chat_state != "closed":
            composer.clear()
            self.action_jump_to_bottom()
            self.send(body, then_handoff=True)
        else:
            self.chat_call("handoff")

    def action_open_article(self) -> None:
        """Pick one of the articles the assistant cited (the newest first) and read it."""
        def chosen(article_id: str | None) -> None:
            if article_id:
                self._open(article_id)

        if len(self.cited) == 1:
            chosen(next(iter(self.cited)))
        elif self.cited:
            self.app.push_screen(ArticlePicker(list(reversed(self.cited.items()))), chosen)

    def action_end_chat(self) -> None:
        from screens.dialogs import Confirm

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.chat_call("close")

        self.app.push_screen(Confirm("End this chat?", "End chat"), confirmed)

    @on(Button.Pressed, "#chat-ticket")
    def to_ticket(self) -> None:
        self.chat_call("ticket")

    def action_retry_failed(self) -> None:
        self.retry_failed()

    @work(group="chat-send", exit_on_error=False)
    async def retry_failed(self) -> None:
        if self._session is not None:
            for item in self._session.pending():
                if item.state == "failed":
                    await self._session.retry(item.client_id)

    @work(group="chat-call", exit_on_error=False)
    async def chat_call(self, what: str) -> None:
        if self._client is None or self.chat_id is None:
            return
        chats = self._client.chats
        if what == "handoff":
            await chats.handoff(self.chat_id)
        elif what == "close":
            await chats.close(self.chat_id)
        elif what == "ticket":
            ticket = await chats.to_ticket(self.chat_id)
            self.notify(f"Ticket {ticket.id} opened with this chat's transcript.",
                        markup=False)
            self.query_one("#chat-ticket").add_class("hidden")

    @on(Button.Pressed, "#chat-rate")
    def rate(self) -> None:
        from screens.dialogs import RateDialog

        def rated(answer: tuple[int, str | None] | None) -> None:
            if answer:
                self.send_rating(*answer)

        self.app.push_screen(RateDialog(), rated)

    @work(group="chat-call", exit_on_error=False)
    async def send_rating(self, score: int, comment: str | None) -> None:
        if self._client is not None and self.chat_id:
            await self._client.chats.rate(self.chat_id, score, comment)
            self.notify("Thanks for rating this chat.", markup=False)
            self.query_one("#chat-rate").add_class("hidden")

    async def on_unmount(self) -> None:
        self._leaving = True
        if self._session is not None:
            await self._session.close()
        if self._client is not None:
            await self._client.aclose()

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Send message", "Ctrl+S", self.action_send)
        yield ("Talk to a person", "Hand the chat to support", self.action_talk_to_person)
        yield ("Turn this chat into a ticket", "With the transcript", self.to_ticket)
        yield ("End chat", "F8", self.action_end_chat)
        yield ("Retry messages that were not sent", "F5", self.action_retry_failed)
        yield ("Jump to the newest message", "Ctrl+B", self.action_jump_to_bottom)
        for article_id, title in reversed(self.cited.items()):
            yield (f"Open {article_id} {title}", "Cited in this chat",
                   functools.partial(self._open, article_id))

    def _open(self, article_id: str) -> None:
        from screens.article import ArticleScreen

        self.app.push_screen(ArticleScreen(article_id))


def _render(m: ChatMessage, me: str = "customer") -> Text:
    """One message; `me` is the role of the reader, whose own messages read "You"."""
    role = m.author.role
    who = "You" if role == me else "Assistant" if role == "assistant" else m.author.name
    text = line(who, "bold")
    text.append(f"  {when(m.created_at)}", style="dim")
    text.append("\n")
    text.append_text(safe(m.body.strip()))
    if m.articles:  # the body quotes their answers already; the customer opens one (Ctrl+O)
        text.append("\n  Ctrl+O opens: " if me == "customer" else "\n  Cited: ", style="dim")
        text.append_text(line(" · ".join(a.id for a in m.articles), "bold"))
    return text


class ArticlePicker(Dialog[str]):
    """The articles cited in this chat, to open one."""

    def __init__(self, cited: list[tuple[str, str]]) -> None:
        super().__init__()
        self.cited = cited

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label("Open which article?")
            yield OptionList(*(Option(line(f"{aid}  {title}"), id=aid)
                               for aid, title in self.cited), id="picker")
            yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        picker = self.query_one("#picker", OptionList)
        picker.highlighted = 0
        picker.focus()

    @on(OptionList.OptionSelected, "#picker")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
