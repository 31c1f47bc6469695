"""A new ticket, with matching articles shown while the subject is typed, before submitting.

The suggestions are the cheapest help there is; a person who finds the answer does not wait
for support. A failed submit keeps the form filled and saves a draft the CLI can resend.
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

    from textual.app import ComposeResult
    from textual.timer import Timer

    from api_client.models import SearchHit, TicketDetail
    from helpdesk_cli.drafts import Draft

PRIORITIES = [("Normal", "normal"), ("Low", "low"), ("High", "high"), ("Urgent", "urgent")]
SUGGEST_DELAY = 0.3  # seconds after the last keystroke in the subject
SUBJECT_MAX = 200


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
        """Not sent; the form stays filled."""

    def __init__(self, subject: str = "", body: str = "", *, order_id: str | None = None,
                 follow_up_of: str | None = None, draft: Draft | None = None,
                 search_id: str | None = None) -> None:
        super().__init__()
        self.draft = draft
        # The search this ticket follows (from the help center, or the suggestions shown
        # here): reported once the ticket exists, so search learns it did not help.
        self.search_id = search_id
        # The suggestions' own search, refined as the subject is typed (one search in the
        # server's log per typing); never the search this screen was opened from.
        self.suggest_refine_id: str | None = None
        if draft is not None:
            subject, body = draft.subject or "", draft.body
            order_id, follow_up_of = draft.order_id, draft.follow_up_of
        self.subject, self.body = subject, body
        self.order_id, self.follow_up_of = order_id, follow_up_of
        self.attach: list[Path] = []
        self.seq = 0
        self._asked: str | None = None  # the subject the last suggestions were asked for
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="new-form"):
            with Horizontal(classes="row"):
                yield Label("Subject", classes="field-label")
                yield TypingInput(self.subject, max_length=SUBJECT_MAX, id="subject",
                                  placeholder="One line: what went wrong?")
                yield Select(PRIORITIES, value="normal", allow_blank=False, id="priority")
            context = []
            if self.order_id:
                context.append(f"About order {self.order_id}")
            if self.follow_up_of:
                context.append(f"Follow-up of {self.follow_up_of}")
            if self.draft:
                context.append(f"Draft {self.draft.id}: resending keeps its key, "
                               "so it is never created twice")
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
                yield Static("", id="attached")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.subject:
            self.query_one("#body").focus()

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
        from helpdesk_cli import submit
        from helpdesk_cli.suggest import report_ticket_opened

        draft = self.draft
        recovered = (draft is not None and draft.subject == subject and draft.body == body
                     and not attach)
        if not recovered or draft is None:
            draft = submit.ticket_draft(
                self.helpdesk.session.resolved, subject=subject, body=body,
                priority=priority, order_id=self.order_id, follow_up_of=self.follow_up_of,
                attach=attach)
        hd = self.api()
        try:
            ticket = submit.create_ticket(hd, draft, recovered=recovered)
        except BaseException:
            self.post_message(self.Failed())
            raise
        self.post_message(self.Created(ticket))
        report_ticket_opened(hd, self.search_id)

    def on_new_ticket_screen_failed(self) -> None:
        self.query_one("#submit", Button).disabled = False

    def on_new_ticket_screen_created(self, event: Created) -> None:
        from screens.thread import ThreadScreen

        self.notify(f"Ticket {event.ticket.id} created. Support will answer here.",
                    markup=False)
        self.app.pop_screen()
        self.app.push_screen(ThreadScreen(event.ticket.id))

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
