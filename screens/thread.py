"""A ticket's thread with the reply composer, attachments, close/reopen and rating.

The composer's text stays until the server has the reply: a failed send keeps it on screen
and as a draft (the same file the CLI resends with `--recover`), and so does leaving the
thread with unsent text; the thread brings its draft back when it is opened again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Header, Static, TextArea

from screens.base import BaseScreen, PaletteEntry
from screens.editor import edit_area
from screens.text import append_body, line, status, when
from screens.widgets import KeyFooter

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import ComposeResult

    from api_client.models import Message as TicketMessage
    from api_client.models import Ticket, TicketDetail
    from helpdesk_cli.drafts import Draft

RATEABLE = ("solved", "closed")


class ThreadScreen(BaseScreen):
    """Messages oldest first, the composer under them."""

    TITLE = "Ticket"
    AUTO_FOCUS = "#composer"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Keys the composer (TextArea) does not use itself, so they work while typing; F7 is
        # its "select all", so the screen takes it first. The footer shows what fits at 80
        # columns (Ctrl+G and Ctrl+O are in the composer's hint, the buttons, F1 and Ctrl+P),
        # and of Reopen, Close and Rate only what the ticket's status allows (check_action).
        Binding("ctrl+s", "send", "Send"),
        Binding("f7", "reopen", "Reopen", priority=True),
        Binding("f8", "close_ticket", "Close"),
        Binding("ctrl+t", "rate", "Rate"),
        Binding("ctrl+n", "chat", "Chat"),
        Binding("ctrl+g", "editor", "$EDITOR", show=False),
        Binding("ctrl+o", "attach", "Attach", show=False),
    ]

    class Loaded(Message):
        """The ticket and its messages arrived."""

        def __init__(self, ticket: TicketDetail) -> None:
            super().__init__()
            self.ticket = ticket

    class Sent(Message):
        """The reply was stored by the server."""

        def __init__(self, message: TicketMessage) -> None:
            super().__init__()
            self.message = message

    class SendFailed(Message):
        """The reply did not arrive; the text stays in the composer (and in `draft`, when
        one was saved)."""

        def __init__(self, draft: Draft | None) -> None:
            super().__init__()
            self.draft = draft

    class Changed(Message):
        """Closed, reopened or rated."""

        def __init__(self, note: str) -> None:
            super().__init__()
            self.note = note

    class ChangeFailed(Message):
        """Closing or reopening was refused or did not arrive."""

    def __init__(self, ticket_id: str, draft: Draft | None = None) -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.draft = draft  # a reply kept after a failed send, resent with its key
        self.ticket: TicketDetail | Ticket | None = None
        self.attach: list[Path] = [] if draft is None else [Path(p) for p in draft.attach]
        # Statuses this screen set itself and says so: the app's live update of the same
        # change adds no second notification (see `announced`).
        self._announcing: set[str] = set()

    def compose(self) -> ComposeResult:
        if self.draft is None:
            from helpdesk_cli import drafts

            # A reply left unsent here (or kept after a failed send) is back where it was.
            kept = drafts.latest(self.helpdesk.session.resolved, "reply",
                                 ticket_id=self.ticket_id)
            if kept is not None:
                self.draft = kept
                self.attach = [Path(p) for p in kept.attach]
        yield Header()
        yield Static(Text("Loading…", style="dim"), id="thread-head")
        yield VerticalScroll(id="thread-messages")
        yield TextArea(self.draft.body if self.draft else "", id="composer",
                       placeholder="Write a reply… (Ctrl+S sends, Ctrl+G opens $EDITOR)")
        with Horizontal(classes="buttons"):
            yield Button("Send", id="send", variant="primary")
            yield Button("Attach…", id="attach")
            yield Static(line("Attached: " + ", ".join(f.name for f in self.attach))
                         if self.attach else "", id="attached")
        yield KeyFooter()

    def on_mount(self) -> None:
        composer = self.query_one("#composer", TextArea)
        composer.move_cursor(composer.document.end)  # on with a kept reply where it was left

    def reload(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        status = self.ticket.status if self.ticket is not None else None
        if action == "reopen":
            return status == "solved"
        if action == "rate":
            return status in RATEABLE
        if action == "close_ticket":
            return status is not None and status != "closed"
        return True

    def shows_ticket(self, ticket_id: str) -> bool:
        return ticket_id == self.ticket_id

    @work(thread=True, exclusive=True, group="thread", exit_on_error=False)
    def load(self) -> None:
        self.post_message(self.Loaded(self.api().tickets.get(self.ticket_id)))

    def on_thread_screen_loaded(self, event: Loaded) -> None:
        t = self.ticket = event.ticket
        self.refresh_bindings()  # Reopen, Close and Rate follow the status
        head = line(t.id, "bold")
        head.append("  ")
        head.append_text(line(t.subject, "bold"))
        head.append("\n")
        head.append_text(status(t.status))
        head.append(f" · {t.priority} priority · opened {when(t.created_at)}", style="dim")
        if t.order_id:
            head.append_text(line(f" · order {t.order_id}", "dim"))
        if t.rating:
            head.append(f" · rated {t.rating.score}/5", style="dim")
        if t.status == "pending":
            head.append("\nSupport is waiting for your reply.", style="yellow")
        elif t.status == "closed":
            head.append("\nClosed: a reply opens a follow-up ticket instead.", style="dim")
        self.query_one("#thread-head", Static).update(head)
        box = self.query_one("#thread-messages", VerticalScroll)
        box.remove_children()
        box.mount_all([Static(_render_message(m), classes=f"msg {m.author.role}")
                       for m in t.messages])
        box.scroll_end(animate=False)

    # --- replying -----------------------------------------------------------------------

    @on(Button.Pressed, "#send")
    def action_send(self) -> None:
        text = self.query_one("#composer", TextArea).text
        if not text.strip():
            self.notify("Write something first.", markup=False)
            return
        if self.ticket is not None and self.ticket.status == "closed":
            self._offer_follow_up(text)
            return
        self.query_one("#send", Button).disabled = True
        self.send(text, list(self.attach))

    @work(thread=True, exclusive=True, group="send", exit_on_error=False)
    def send(self, text: str, attach: list[Path]) -> None:
        from helpdesk_cli import drafts, submit

        r = self.helpdesk.session.resolved
        draft = kept = self.draft
        recovered = (draft is not None and draft.body == text
                     and [str(p.expanduser().resolve()) for p in attach] == draft.attach)
        if not recovered or draft is None:
            draft = submit.reply_draft(r, self.ticket_id, text, attach=attach)
        try:
            message = submit.send_reply(self.api(), draft, recovered=recovered)
        except BaseException:
            self.post_message(self.SendFailed(draft if draft.id else None))
            raise
        if kept is not None and kept is not draft:
            drafts.delete(kept.id)  # the text it held was edited and is sent now
        self.post_message(self.Sent(message))

    def on_thread_screen_send_failed(self, event: SendFailed) -> None:
        from helpdesk_cli import drafts

        self.query_one("#send", Button).disabled = False
        if event.draft is not None:
            # The failed attempt is the draft now: a retry reuses its key (never sent twice),
            # and a reply kept from an earlier visit is superseded by it.
            self.draft = drafts.replace(self.draft, event.draft)

    def on_thread_screen_sent(self) -> None:
        self.draft = None
        self.query_one("#composer", TextArea).clear()
        self.attach.clear()
        self.query_one("#attached", Static).update("")
        self.query_one("#send", Button).disabled = False
        self.notify("Reply sent.", markup=False, timeout=3)
        self.reload()

    def _offer_follow_up(self, text: str) -> None:
        from screens.new_ticket import NewTicketScreen

        subject = f"Follow-up: {self.ticket.subject}" if self.ticket else "Follow-up"
        self.notify("This ticket is closed; your text moves to a follow-up ticket.",
                    markup=False)
        self.app.push_screen(NewTicketScreen(subject=subject, body=text,
                                             follow_up_of=self.ticket_id))
        self.query_one("#composer", TextArea).clear()  # the form holds the text now

    # --- leaving --------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.keep_typed():
            super().action_back()

    def keep_typed(self) -> bool:
        """Keep an unsent reply as a draft (the CLI's drafts) when the thread is left; the
        thread brings it back when it is opened again. Nothing typed is lost, and nobody is
        asked. False when the text could not be kept (the thread then stays)."""
        from helpdesk_cli import drafts, submit
        from helpdesk_cli.errors import HelpdeskError

        if self.query_one("#send", Button).disabled:
            return True  # being sent: a failed send keeps its own draft
        text = self.query_one("#composer", TextArea).text
        files = [str(p.expanduser().resolve()) for p in self.attach]
        old = self.draft
        kept = f"Kept as a draft: it comes back when you open {self.ticket_id} again."
        if old is not None and (old.body, old.attach) == (text, files):
            self.notify(kept, markup=False, timeout=4)
            return True
        if not text.strip():
            if drafts.discard(old):  # emptied on purpose
                self.notify("Draft discarded: the reply was left empty.", markup=False,
                            timeout=4)
            return True
        try:
            new = drafts.save(submit.reply_draft(
                self.helpdesk.session.resolved, self.ticket_id, text,
                attach=[p for p in self.attach if p.is_file()]))
        except (HelpdeskError, OSError) as exc:
            self.notify(f"Could not keep your reply as a draft: {exc}", severity="error",
                        markup=False)
            return False
        self.draft = drafts.replace(old, new)
        self.notify(kept, markup=False, timeout=4)
        return True

    def action_editor(self) -> None:
        edit_area(self.app, self.query_one("#composer", TextArea))

    @on(Button.Pressed, "#attach")
    def action_attach(self) -> None:
        from screens.attach import ask_for_file

        ask_for_file(self, self.attach, self.query_one("#attached", Static))

    # --- close, reopen, rate --------------------------------------------------------------

    def action_close_ticket(self) -> None:
        from screens.dialogs import Confirm

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._announcing = {"closed"}
                self.change("close")

        self.app.push_screen(Confirm(f"Close {self.ticket_id} for good? A closed ticket "
                                     "cannot be reopened; later questions go in a follow-up.",
                                     "Close ticket"), confirmed)

    def action_reopen(self) -> None:
        self._announcing = {"open"}
        self.change("reopen")

    def announced(self, ticket_id: str, status: str) -> bool:
        # Closing or reopening here is told by this screen ("T1011 closed."); the live
        # update of it ("T1011 is now closed.") would say it twice.
        if ticket_id != self.ticket_id or status not in self._announcing:
            return False
        self._announcing.discard(status)
        return True

    def action_rate(self) -> None:
        from screens.dialogs import RateDialog

        t = self.ticket
        if t is None or t.status not in RATEABLE:
            self.notify("You can rate a ticket once it is solved or closed.", markup=False)
            return

        def rated(answer: tuple[int, str | None] | None) -> None:
            if answer:
                self.change("rate", *answer)

        self.app.push_screen(RateDialog(t.rating.score if t.rating else None,
                                        t.rating.comment if t.rating else None), rated)

    @work(thread=True, exclusive=True, group="change", exit_on_error=False)
    def change(self, what: str, score: int = 0, comment: str | None = None) -> None:
        try:
            self.post_message(self.Changed(self._change(what, score, comment)))
        except BaseException:
            self.post_message(self.ChangeFailed())
            raise

    def _change(self, what: str, score: int, comment: str | None) -> str:
        hd = self.api()
        if what == "close":
            hd.tickets.close(self.ticket_id)
            note = f"{self.ticket_id} closed."
        elif what == "reopen":
            hd.tickets.reopen(self.ticket_id)
            note = f"{self.ticket_id} reopened."
        else:
            hd.tickets.rate(self.ticket_id, score, comment)
            note = f"Thanks for rating {self.ticket_id} {score}/5."
        return note

    def on_thread_screen_changed(self, event: Changed) -> None:
        self.notify(event.note, markup=False, timeout=3)
        self.reload()

    def on_thread_screen_change_failed(self) -> None:
        self._announcing.clear()  # the app's live updates speak for themselves again

    def action_chat(self) -> None:
        from screens.chat import ChatScreen

        self.app.push_screen(ChatScreen(ticket_id=self.ticket_id))

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Chat with us about this ticket", "Ctrl+N", self.action_chat)
        yield ("Send reply", "Ctrl+S", self.action_send)
        yield ("Write the reply in $EDITOR", "Ctrl+G", self.action_editor)
        yield ("Attach a file", "Ctrl+O", self.action_attach)
        yield ("Close this ticket", "F8", self.action_close_ticket)
        yield ("Reopen this ticket", "F7", self.action_reopen)
        yield ("Rate the support received", "Ctrl+T", self.action_rate)


def _render_message(m: TicketMessage) -> Text:
    who = "You" if m.author.role == "customer" else m.author.name
    text = line(who, "bold")
    text.append(f"  {when(m.created_at)}", style="dim")
    return append_body(text, m.body, m.attachments)
