"""An article: Markdown, "Was this helpful?", and the next step when it was not.

Progressive disclosure: the article first, then a ticket prefilled from what was searched.
Links in the body do not open a browser on their own; a link to another article opens it
here, any other link is shown so the reader decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Header, Label, Markdown, Static

from helpdesk_cli.sanitize import clean
from screens.base import BaseScreen, PaletteEntry
from screens.text import day, line
from screens.widgets import KeyFooter

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import ComposeResult

    from api_client.models import Article, VoteResult


class ArticleScreen(BaseScreen):
    """One article with its vote and "Still need help?" footer."""

    TITLE = "Article"
    AUTO_FOCUS = "#article-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "vote(True)", "Helpful"),
        Binding("n", "vote(False)", "Not helpful"),
        Binding("t", "new_ticket", "Open a ticket"),
        Binding("c", "chat", "Chat with us"),
    ]

    class Loaded(Message):
        """The article arrived."""

        def __init__(self, article: Article) -> None:
            super().__init__()
            self.article = article

    class Voted(Message):
        """The vote was counted."""

        def __init__(self, result: VoteResult) -> None:
            super().__init__()
            self.result = result

    def __init__(self, article_id: str, query: str = "", search_id: str | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.search_text = query
        self.search_id = search_id  # the search that led here learns from the vote
        self.article: Article | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="article-scroll"):
            yield Static(Text("Loading…", style="dim"), id="article-title")
            yield Static("", id="article-meta")
            yield Markdown("", id="article-body", open_links=False)
            with Horizontal(classes="vote-row"):
                yield Label("Was this helpful?", markup=False)
                yield Button("Yes", id="yes", variant="success")
                yield Button("No", id="no", variant="error")
                yield Static("", id="vote-status")
            yield Static(Text("Still need help? Open a ticket (what you searched for is "
                              "filled in), or chat with us.", style="bold"),
                         classes="next-step")
            with Horizontal(classes="vote-row"):
                yield Button("Open a ticket", id="ticket", variant="primary")
                yield Button("Chat with us", id="chat")
        yield KeyFooter()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load(self) -> None:
        self.post_message(self.Loaded(self.api().faq.get(self.article_id)))

    def on_article_screen_loaded(self, event: Loaded) -> None:
        a = self.article = event.article
        self.query_one("#article-title", Static).update(line(a.title, "bold"))
        self.query_one("#article-meta", Static).update(line(
            f"{a.id} · {a.category.name} · updated {day(a.updated_at)} · "
            f"{a.helpful_count} found it helpful", "dim"))
        self.query_one("#article-body", Markdown).update(clean(a.body))

    @on(Markdown.LinkClicked)
    def link(self, event: Markdown.LinkClicked) -> None:
        href = clean(event.href).strip()
        target = href.rsplit("/", 1)[-1] if "/articles/" in href or href.startswith("KB") else ""
        if target:
            self.app.push_screen(ArticleScreen(target, self.search_text))
        else:
            self.notify(f"Link: {href}", markup=False, timeout=10)

    @on(Button.Pressed, "#yes")
    def yes(self) -> None:
        self.action_vote(True)

    @on(Button.Pressed, "#no")
    def no(self) -> None:
        self.action_vote(False)

    def action_vote(self, helpful: bool) -> None:
        self.query_one("#vote-status", Static).update(Text("Sending…", style="dim"))
        self.vote(helpful)

    @work(thread=True, exclusive=True, group="vote", exit_on_error=False)
    def vote(self, helpful: bool) -> None:
        self.post_message(self.Voted(self.api().faq.vote(self.article_id, helpful,
                                                         search_id=self.search_id)))

    def on_article_screen_voted(self, event: Voted) -> None:
        if event.result.helpful:
            text = Text("Thanks! Glad it helped.", style="green")
        else:
            text = Text("Thanks for telling us. Open a ticket below if you still need help.",
                        style="yellow")
        self.query_one("#vote-status", Static).update(text)

    @on(Button.Pressed, "#ticket")
    def action_new_ticket(self) -> None:
        from screens.new_ticket import NewTicketScreen

        subject = self.search_text or (self.article.title if self.article else "")
        self.app.push_screen(NewTicketScreen(subject=subject, search_id=self.search_id))

    @on(Button.Pressed, "#chat")
    def action_chat(self) -> None:
        from screens.chat import ChatScreen

        self.app.push_screen(ChatScreen())

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Chat with us", "The assistant answers first, then a person", self.action_chat)
        yield ("Mark this article helpful", "Vote yes", lambda: self.action_vote(True))
        yield ("Mark this article not helpful", "Vote no", lambda: self.action_vote(False))
        yield ("Still need help? Open a ticket", "Prefilled from your search",
               self.action_new_ticket)
