"""A new ticket, with matching articles shown while the subject is typed, before submitting.

The suggestions are the cheapest help there is; a person who finds the answer does not wait
for support. A failed submit keeps the form filled and saves a draft the CLI can resend;
leaving the form with unsent text keeps it as a draft too, and the form brings it back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import (
    Button,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from screens.base import BaseScreen, PaletteEntry
from screens.editor import edit_area
from screens.text import line, snippet
from screens.widgets import KeyFooter, TypingInput

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.text import Text
    from textual.app import ComposeResult
    from textual.timer import Timer

    from api_client.models import SearchHit, TicketDetail
    from helpdesk_cli.drafts import Draft

PRIORITIES = [("Normal", "normal"), ("Low", "low"), ("High", "high"), ("Urgent", "urgent")]
SUGGEST_DELAY = 0.3  # seconds after the last keystroke in the subject
SUBJECT_MAX = 200
KEPT = "Kept as a draft: it comes back when you open this form again."


class NewTicketScreen(BaseScreen):
    """Subject, priority, description; suggestions under the form."""

    TITLE = "New ticket"
    AUTO_FOCUS = "#subject"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+g", "editor", "$EDITOR"),  # ctrl+e is the text boxes' own "end"
        Binding("ctrl+o", "attach", "Attach"),
    ]

    class Suggested(Message):
        """Articles matching the subject so far."""

        def __init__(self, seq: int, hits: list[SearchHit], search_id: str | None) -> None:
            super().__init__()
            self.seq, self.hits, self.search_id = seq, hits, search_id

    class Created(Message):
        """The server has the ticket."""

        def __init__(self, ticket: TicketDetail) -> None:
            super().__init__()
            self.ticket = ticket

    class Failed(Message):
        """Not sent; the form stays filled (and `draft` holds it, when one was saved)."""

        def __init__(self, draft: Draft | None) -> None:
            super().__init__()
            self.draft = draft

    def __init__(self, subject: str = "", body: str = "", *, order_id: str | None = None,
                 follow_up_of: str | None = None, draft: Draft | None = None,
                 search_id: str | None = None) -> None:
        super().__init__()
        self.draft = draft
        # Opened plainly (or about an order): the newest draft left in this form comes back.
        # Not when opened with a subject of its own (a search) or text moved from a thread.
        self._restore = draft is None and not body and (not subject or bool(order_id))
        self._given_subject = subject if draft is None else ""  # not typed in this form
        self.priority = "normal"
        # The search this ticket follows (from the help center, or the suggestions shown
        # here): reported once the ticket exists, so search learns it did not help.
        self.search_id = search_id
        # The suggestions' own search, refined as the subject is typed (one search in the
        # server's log per typing); never the search this screen was opened from.
        self.suggest_refine_id: str | None = None
        self.subject, self.body = subject, body
        self.order_id, self.follow_up_of = order_id, follow_up_of
        self.attach: list[Path] = []
        if draft is not None:
            self._use_draft(draft)
        self.created: str | None = None  # the ticket, once the server has it
        self.seq = 0
        self._asked: str | None = None  # the subject the last suggestions were asked for
        self._timer: Timer | None = None

    def _use_draft(self, draft: Draft) -> None:
        self.draft = draft
        self.subject, self.body = draft.subject or "", draft.body
        self.order_id, self.follow_up_of = draft.order_id, draft.follow_up_of
        known = [value for _label, value in PRIORITIES]
        self.priority = draft.priority if draft.priority in known and draft.priority else "normal"
        self.attach = [Path(p) for p in draft.attach]

    def compose(self) -> ComposeResult:
        if self._restore:
            from helpdesk_cli import drafts

            kept = drafts.latest(self.helpdesk.session.resolved, "ticket",
                                 order_id=self.order_id, follow_up_of=self.follow_up_of)
            if kept is not None:
                self._use_draft(kept)
        yield Header()
        with Vertical(id="new-form"):
            with Horizontal(classes="row"):
                yield Label("Subject", classes="field-label")
                yield TypingInput(self.subject, max_length=SUBJECT_MAX, id="subject",
                                  placeholder="One line: what went wrong?")
                yield Select(PRIORITIES, value=self.priority, allow_blank=False,
                             id="priority")
            context = []
            if self.order_id:
                context.append(f"About order {self.order_id}")
            if self.follow_up_of:
                context.append(f"Follow-up of {self.follow_up_of}")
            if self.draft and self.draft.error:
                context.append(f"Draft {self.draft.id}: resending keeps its key, "
                               "so it is never created twice")
            elif self.draft:
                context.append(f"Your draft {self.draft.id}, not sent yet")
            yield Static(line(" · ".join(context), "dim"), id="new-context")
            yield TextArea(self.body, id="body",
                           placeholder="Describe the problem: what you did, what happened, "
                                       "order numbers… (Ctrl+G opens $EDITOR)")
            yield Label("These articles may answer it already:", id="suggest-title",
                        markup=False)
            yield OptionList(id="suggestions")
            with Horizontal(classes="buttons"):
                yield Button("Submit ticket", id="submit", variant="primary")
                yield Button("Attach…", id="attach")
                yield Static(_attached(self.attach), id="attached")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.subject:
            body = self.query_one("#body", TextArea)
            body.focus()
            body.move_cursor(body.document.end)  # on with the text where it was left

    def reload(self) -> None:
        if self.subject:
            self.start_suggest()

    @on(Input.Changed, "#subject")
    def subject_typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SUGGEST_DELAY, self._suggest_if_changed)

    def _suggest_if_changed(self) -> None:
        # A subject given up front fires Changed as the form mounts, while the first load
        # already asks for it: one search for it is enough.
        if self.query_one("#subject", Input).value.strip() != self._asked:
            self.start_suggest()

    @on(Input.Submitted, "#subject")
    def subject_done(self) -> None:
        self.query_one("#body", TextArea).focus()

    def start_suggest(self) -> None:
        self.seq += 1
        self._asked = self.query_one("#subject", Input).value.strip()
        self.suggest(self.seq, self._asked, self.suggest_refine_id)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def suggest(self, seq: int, subject: str, refines: str | None = None) -> None:
        from helpdesk_cli.suggest import suggestions

        page = suggestions(self.api(), subject, refines=refines) if subject else None
        self.post_message(self.Suggested(seq, list(page.data) if page else [],
                                         page.search_id if page else None))

    def on_new_ticket_screen_suggested(self, event: Suggested) -> None:
        if event.seq != self.seq:
            return
        self.suggest_refine_id = event.search_id  # also with no hits: a prefix is no gap
        if event.hits and event.search_id:
            self.search_id = event.search_id
        options = self.query_one("#suggestions", OptionList)
        options.clear_options()
        for hit in event.hits:
            prompt = line(hit.title, "bold")
            prompt.append(" — ")
            prompt.append_text(snippet(hit.snippet))
            options.add_option(Option(prompt, id=hit.id))
        shown = bool(event.hits)
        options.display = shown
        self.query_one("#suggest-title").display = shown

    @on(OptionList.OptionSelected, "#suggestions")
    def read_suggestion(self, event: OptionList.OptionSelected) -> None:
        from screens.article import ArticleScreen

        if event.option.id:
            self.app.push_screen(ArticleScreen(event.option.id, search_id=self.search_id))

    # --- submitting -----------------------------------------------------------------------

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        subject = self.query_one("#subject", Input).value.strip()
        body = self.query_one("#body", TextArea).text
        if not subject:
            self.notify("A subject is needed.", severity="warning", markup=False)
            self.query_one("#subject").focus()
            return
        if not body.strip():
            self.notify("Describe the problem first.", severity="warning", markup=False)
            self.query_one("#body").focus()
            return
        priority = self.query_one("#priority", Select).value
        self.query_one("#submit", Button).disabled = True
        self.create(subject, body, priority if isinstance(priority, str) else None,
                    list(self.attach))

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def create(self, subject: str, body: str, priority: str | None, attach: list[Path]) -> None:
        from helpdesk_cli import drafts, submit
        from helpdesk_cli.suggest import report_ticket_opened

        draft = kept = self.draft
        recovered = (draft is not None and draft.subject == subject and draft.body == body
                     and _paths(attach) == draft.attach)
        if not recovered or draft is None:
            draft = submit.ticket_draft(
                self.helpdesk.session.resolved, subject=subject, body=body,
                priority=priority, order_id=self.order_id, follow_up_of=self.follow_up_of,
                attach=attach)
        hd = self.api()
        try:
            ticket = submit.create_ticket(hd, draft, recovered=recovered)
        except BaseException:
            self.post_message(self.Failed(draft if draft.id else None))
            raise
        if kept is not None and kept is not draft:
            drafts.delete(kept.id)  # the text it held was edited and is sent now
        self.post_message(self.Created(ticket))
        report_ticket_opened(hd, self.search_id)

    def on_new_ticket_screen_failed(self, event: Failed) -> None:
        from helpdesk_cli import drafts

        self.query_one("#submit", Button).disabled = False
        if event.draft is not None:
            # The failed attempt is the draft now: a retry reuses its key (never created
            # twice), and a draft kept from an earlier visit is superseded by it.
            self.draft = drafts.replace(self.draft, event.draft)

    def on_new_ticket_screen_created(self, event: Created) -> None:
        self.notify(f"Ticket {event.ticket.id} created. Support will answer here.",
                    markup=False)
        self.draft = None
        self.created = event.ticket.id
        if self.is_current:
            self._show_created()
        # else a dialog or the palette covers the form: it gives way when it is shown again

    def on_screen_resume(self) -> None:
        if self.created is not None:
            self._show_created()

    def _show_created(self) -> None:
        """The new ticket's thread takes the form's place, so Escape from it goes back to
        where the form was opened from, not to the form that was already sent."""
        from screens.thread import ThreadScreen

        assert self.created is not None
        self.app.switch_screen(ThreadScreen(self.created))

    # --- leaving --------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.keep_typed():
            super().action_back()

    def keep_typed(self) -> bool:
        """Keep unsent text as a draft (the CLI's drafts) when the form is left; the form
        brings it back next time. Nothing typed is lost, and nobody is asked. False when the
        text could not be kept (the form then stays)."""
        from helpdesk_cli import drafts, submit
        from helpdesk_cli.errors import HelpdeskError

        if self.created is not None or self.query_one("#submit", Button).disabled:
            return True  # sent or being sent: a failed send keeps its own draft
        subject = self.query_one("#subject", Input).value
        body = self.query_one("#body", TextArea).text
        value = self.query_one("#priority", Select).value
        priority = value if isinstance(value, str) else "normal"
        old = self.draft
        if old is not None and (old.subject or "", old.body, old.priority or "normal",
                                old.attach) == (subject, body, priority, _paths(self.attach)):
            self.notify(KEPT, markup=False, timeout=4)
            return True
        if not body.strip() and subject.strip() in ("", self._given_subject.strip()):
            if drafts.discard(old):  # emptied on purpose
                self.notify("Draft discarded: the form was left empty.", markup=False,
                            timeout=4)
            return True  # nothing was typed here
        try:
            new = drafts.save(submit.ticket_draft(
                self.helpdesk.session.resolved, subject=subject, body=body, priority=priority,
                order_id=self.order_id, follow_up_of=self.follow_up_of,
                attach=[p for p in self.attach if p.is_file()]))
        except (HelpdeskError, OSError) as exc:
            self.notify(f"Could not keep your text as a draft: {exc}", severity="error",
                        markup=False)
            return False
        self.draft = drafts.replace(old, new)
        self.notify(KEPT, markup=False, timeout=4)
        return True

    def action_editor(self) -> None:
        edit_area(self.app, self.query_one("#body", TextArea))

    @on(Button.Pressed, "#attach")
    def action_attach(self) -> None:
        from screens.attach import ask_for_file

        ask_for_file(self, self.attach, self.query_one("#attached", Static))

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Submit this ticket", "Ctrl+S", self.action_submit)
        yield ("Write the description in $EDITOR", "Ctrl+G", self.action_editor)
        yield ("Attach a file", "Ctrl+O", self.action_attach)


def _paths(files: list[Path]) -> list[str]:
    """Files as a draft keeps them (absolute), to compare with a draft's."""
    return [str(p.expanduser().resolve()) for p in files]


def _attached(files: list[Path]) -> Text | str:
    return line("Attached: " + ", ".join(f.name for f in files)) if files else ""
