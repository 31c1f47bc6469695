"""The help center: results update as you type, categories to browse, Enter to read.

A keystroke after a pause searches at once; keystrokes in a burst (each within DEBOUNCE of
the last search) restart a short debounce, so a burst sends its first key's search and one
when it pauses. Each search carries a sequence number, and only the newest one's results are
shown, so a slow answer to an old query never overwrites a newer one.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from screens.base import BaseScreen, PaletteEntry
from screens.text import line, snippet
from screens.widgets import KeyFooter, ResultList, TypingInput

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import ComposeResult
    from textual.timer import Timer

    from api_client.models import ArticleSummary, Category, SearchHit

DEBOUNCE = 0.02  # seconds: a fast burst of keys sends two searches, not one per key
ALL = "*all*"
RESULTS = 10  # a screenful; more would only cost rendering time while typing


def result_options(items: Iterable[SearchHit | ArticleSummary]) -> list[Option | None]:
    """Each result as a title and its snippet (search) or excerpt (listing), separated."""
    options: list[Option | None] = []
    for item in items:
        if options:
            options.append(None)  # a separator line between results
        prompt = line(item.title, "bold")
        body = getattr(item, "snippet", None)
        prompt.append("\n")
        prompt.append_text(snippet(body, "bold reverse") if body is not None
                           else line(getattr(item, "excerpt", "")))
        options.append(Option(prompt, id=item.id))
    return options


class FaqScreen(BaseScreen):
    """Search box, categories on the left, results on the right."""

    TITLE = "Help center"
    AUTO_FOCUS = "#faq-query"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("n", "new_ticket", "New ticket"),
    ]

    class ResultsFound(Message):
        """A search or a category listing finished."""

        def __init__(self, seq: int, query: str, items: list[SearchHit | ArticleSummary],
                     suggestion: str | None, search_id: str | None) -> None:
            super().__init__()
            self.seq, self.query, self.items = seq, query, items
            self.suggestion, self.search_id = suggestion, search_id
            # Built where the message is made (the search worker), so the UI thread only
            # swaps them in; `shown` tells whether they differ from what is on screen.
            self.options = result_options(items)
            self.shown = tuple((item.id, item.title, getattr(item, "snippet", None),
                                getattr(item, "excerpt", None)) for item in items)

    class CategoriesLoaded(Message):
        """The category list arrived."""

        def __init__(self, categories: list[Category]) -> None:
            super().__init__()
            self.categories = categories

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.category: str | None = None
        self.seq = 0
        self.shown_seq = 0
        self.shown_query: str | None = None  # what the results on screen are for
        self.search_id: str | None = None  # of the results shown: votes and tickets cite it
        # The search that the next keystroke's search refines: the server keeps one search
        # per typing in its log (not one per prefix), which is what search-gaps reports.
        self.refine_id: str | None = None
        self._timer: Timer | None = None
        self._searched_at = 0.0  # time.monotonic() of the last search started
        self._shown: tuple[object, ...] | None = None  # the results on screen (ResultsFound)

    def compose(self) -> ComposeResult:
        yield Header()
        yield TypingInput(self.initial, id="faq-query",
                          placeholder="Describe your problem, e.g. “refund not received”")
        with Horizontal(id="faq-body"):
            yield ResultList(id="faq-categories")
            yield ResultList(id="faq-results")
        yield Static("", id="faq-status")
        yield KeyFooter()

    def reload(self) -> None:
        self.load_categories()
        self.start_search()

    @property
    def query_text(self) -> str:
        return self.query_one("#faq-query", Input).value.strip()

    @on(Input.Changed, "#faq-query")
    def typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if time.monotonic() - self._searched_at >= DEBOUNCE:
            self.start_search()  # nothing to wait for: a person types slower than this
        else:
            self._timer = self.set_timer(DEBOUNCE, self.start_search)

    @on(Input.Submitted, "#faq-query")
    def submitted(self) -> None:
        results = self.query_one("#faq-results", OptionList)
        if results.option_count and results.get_option_at_index(0).id:
            results.focus()
            results.highlighted = 0

    def start_search(self) -> None:
        """Search (or list the category) for what is typed now."""
        self._searched_at = time.monotonic()
        self.seq += 1
        self.search(self.seq, self.query_text, self.category, self.refine_id)

    @work(thread=True, exclusive=True, group="faq-search", exit_on_error=False)
    def search(self, seq: int, query: str, category: str | None,
               refines: str | None = None) -> None:
        hd = self.api()
        items: list[SearchHit | ArticleSummary]
        suggestion = search_id = None
        if query:
            page = hd.faq.search(query, category=category, limit=RESULTS, refines=refines)
            items = list(page.data)
            suggestion, search_id = page.did_you_mean, page.search_id
        else:
            items = list(hd.faq.list(category=category, limit=50).data)
        self.post_message(self.ResultsFound(seq, query, items, suggestion, search_id))

    def on_faq_screen_results_found(self, event: ResultsFound) -> None:
        if event.seq < self.shown_seq:
            return  # an older query answered late: the newer results stay
        self.shown_seq = event.seq
        self.shown_query = event.query
        self.search_id = event.search_id
        self.refine_id = event.search_id if event.query else None
        if event.shown != self._shown:
            # Often the same articles as for one letter less (about 4 keys in 10): then the
            # list is not repainted. One call for the lot: clearing first would empty the
            # list and lay the screen out.
            self._shown = event.shown
            self.query_one("#faq-results", OptionList).set_options(event.options)
        if event.items and event.suggestion:
            text = Text("Nothing matched what you typed; showing results for ")
            text.append_text(line(event.suggestion, "italic"))
            text.append(".")
        elif event.items:
            what = "results" if self.query_text else "articles"
            text = Text(f"{len(event.items)} {what}. Enter reads one; n opens a ticket instead.",
                        style="dim")
        else:
            text = Text("Nothing found. ", style="bold")
            text.append("Try other words, or press n to ask support.")
        self._show_status(text)

    def _show_status(self, text: Text) -> None:
        """Update the status line, laying the screen out only when its height changes."""
        status = self.query_one("#faq-status", Static)
        status.update(text, layout=False)
        region = status.content_region
        if region.height != status.get_content_height(region.size, region.size, region.width):
            status.refresh(layout=True)

    @work(thread=True, exclusive=True, group="faq-categories", exit_on_error=False)
    def load_categories(self) -> None:
        self.post_message(self.CategoriesLoaded(self.api().faq.categories()))

    def on_faq_screen_categories_loaded(self, event: CategoriesLoaded) -> None:
        options = self.query_one("#faq-categories", OptionList)
        options.clear_options()
        options.add_option(Option(Text("All topics", style="bold"), id=ALL))
        for c in event.categories:
            options.add_option(Option(line(f"{c.name} ({c.article_count})"), id=c.slug))

    @on(OptionList.OptionSelected, "#faq-categories")
    def pick_category(self, event: OptionList.OptionSelected) -> None:
        self.category = None if event.option.id in (None, ALL) else event.option.id
        self.start_search()

    @on(OptionList.OptionSelected, "#faq-results")
    def open_article(self, event: OptionList.OptionSelected) -> None:
        from screens.article import ArticleScreen

        if event.option.id:
            self.refine_id = None  # read an answer: typing again is a new search
            self.app.push_screen(ArticleScreen(event.option.id, self.query_text,
                                               self.search_id))

    def action_focus_search(self) -> None:
        self.query_one("#faq-query", Input).focus()

    def action_new_ticket(self) -> None:
        from screens.new_ticket import NewTicketScreen

        self.refine_id = None
        self.app.push_screen(NewTicketScreen(subject=self.query_text,
                                             search_id=self.search_id))

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Open a ticket with this search", "Nothing here helped: ask support",
               self.action_new_ticket)
