"""The help center in the TUI: search as you type, read an article, vote; stale results."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from screens.article import ArticleScreen
from screens.faq import FaqScreen
from screens.home import HomeScreen
from tests.helpers import AGENT, LiveServer

from .conftest import ApiFor
from .tui_helpers import RecordingApp, on_screen, plain, screen_text, settle, type_text
from .tui_helpers import wait_until as wait

pytestmark = pytest.mark.anyio


def result_ids(screen: FaqScreen) -> list[str]:
    results = screen.query_one("#faq-results", OptionList)
    return [opt.id for i in range(results.option_count)
            if (opt := results.get_option_at_index(i)).id]


async def open_faq(app: RecordingApp, pilot: Pilot[None]) -> FaqScreen:
    """Push the help center and wait for its first article list."""
    app.push_screen(FaqScreen())
    await wait(pilot, lambda: on_screen(pilot, FaqScreen) and result_ids(app.screen),
               "the article list")
    screen = app.screen
    assert isinstance(screen, FaqScreen)
    return screen


async def test_search_open_article_and_vote(alice: LiveServer, app: RecordingApp,
                                            api_for: ApiFor) -> None:
    hd = api_for(alice.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        await pilot.press("slash")
        await type_text(pilot, "refund")
        await pilot.press("enter")
        await wait(pilot, lambda: on_screen(pilot, FaqScreen) and result_ids(app.screen),
                   "search results")
        first = result_ids(app.screen)[0]
        assert "refund" in screen_text(pilot).lower()
        # Alice's earlier vote (if any) is "no", so a "yes" counts one more.
        before = hd.faq.vote(first, False).helpful_count
        await pilot.press("enter", "enter")  # to the results, open the first
        await wait(pilot, lambda: on_screen(pilot, ArticleScreen)
                   and app.screen.article is not None, "the article")
        article = app.screen
        assert isinstance(article, ArticleScreen) and article.article_id == first
        assert plain(article.query_one("#article-title", Static)) == article.article.title
        await pilot.press("y")
        await wait(pilot, lambda: "Glad it helped" in plain(
            article.query_one("#vote-status", Static)), "the vote's thanks")
    assert hd.faq.get(first).helpful_count == before + 1


async def test_older_results_never_replace_newer_ones(alice: LiveServer, app: RecordingApp,
                                                      api_for: ApiFor) -> None:
    hd = api_for(alice.url)
    older = list(hd.faq.search("password", limit=3).data)
    newer = list(hd.faq.search("refund", limit=3).data)
    assert {h.id for h in older}.isdisjoint(h.id for h in newer)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_faq(app, pilot)
        # Two searches in flight; the newer one answers first, the older one late.
        screen.seq += 2
        screen.post_message(FaqScreen.ResultsFound(
            seq=screen.seq, query="refund", items=newer, suggestion=None, search_id=None))
        screen.post_message(FaqScreen.ResultsFound(
            seq=screen.seq - 1, query="password", items=older, suggestion=None,
            search_id=None))
        await settle(pilot)
        assert result_ids(screen) == [h.id for h in newer]


async def test_results_scroll_to_their_last_line(alice: LiveServer, app: RecordingApp) -> None:
    """The list measures its results at the width its scrollbar leaves: Textual's OptionList
    kept the heights measured before the scrollbar appeared (a column wider), a line short
    for some results, and the end of the list could not be scrolled to."""
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(FaqScreen("refund"))
        await wait(pilot, lambda: on_screen(pilot, FaqScreen) and result_ids(app.screen),
                   "search results")
        results = app.screen.query_one("#faq-results", OptionList)
        assert results.show_vertical_scrollbar  # ten results are more than 80×24 shows
        region = results.scrollable_content_region
        lines = results.get_content_height(region.size, region.size, region.width)
        assert results.virtual_size.height == lines
        results.focus()
        await pilot.press("end")  # the last result
        await settle(pilot)
        assert results.scroll_y == results.max_scroll_y == lines - region.height


async def test_typing_a_search_is_one_search_in_the_agents_report(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    """Search as you type sends each keystroke's search as a refinement of the previous one,
    so the server logs one search per typing: the search-gaps report shows what the customer
    meant, not every prefix of it."""
    words = "vqxjw kzzpt"  # finds nothing: each prefix would be a gap of its own
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_faq(app, pilot)
        for end in range(1, len(words) + 1):
            await pilot.press(words[end - 1])
            typed = words[:end].strip()
            await wait(pilot, lambda typed=typed: screen.shown_query == typed,
                       f"results for {typed!r}")
    # days=2: the report counts whole UTC days, and a run across midnight UTC logged the
    # search yesterday. Only this typing's prefixes: other tests share the server.
    prefixes = {words[:end].strip() for end in range(1, len(words) + 1)}
    gaps = [g for g in api_for(alice.url, AGENT).faq.search_gaps(days=2, limit=100).data
            if g.query in prefixes]
    assert [(g.query, g.searches) for g in gaps] == [(words, 1)]


async def test_a_burst_of_keys_sends_two_searches(alice: LiveServer, app: RecordingApp,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys arriving together send the first key's search (a key after a pause is not
    delayed) and one for the whole text when they stop: not one per key, nor only the last
    (a debounce alone would hold back the first).

    The window is widened from 20 ms to 0.5 s: a loaded machine can stall the app between
    the burst's keys for longer than 20 ms, which would count as a pause."""
    import screens.faq

    monkeypatch.setattr(screens.faq, "DEBOUNCE", 0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_faq(app, pilot)
        box = screen.query_one("#faq-query", Input)
        await pilot.pause(0.6)
        before = screen.seq
        box.insert_text_at_cursor("r")
        await pilot.pause()
        assert screen.seq == before + 1
        await wait(pilot, lambda: screen.shown_query == "r", "results for 'r'")
        await pilot.pause(0.6)
        before = screen.seq
        for char in "efund":  # five changes before the screen hears of any
            box.insert_text_at_cursor(char)
        # The first key's search, then the one the timer starts once the keys stop; then
        # longer than the timer for any further search before counting.
        await wait(pilot, lambda: screen.seq == before + 2 and screen.shown_seq == screen.seq
                   and screen.shown_query == "refund", "results for 'refund', twice")
        await pilot.pause(0.6)
        await settle(pilot)
        assert screen.seq == before + 2


async def test_tab_to_the_results_then_enter_opens_the_first(alice: LiveServer,
                                                            app: RecordingApp) -> None:
    """Reached with Tab (not Enter from the query), the results still have a highlighted
    row, so Enter opens it rather than doing nothing until an arrow key."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_faq(app, pilot)
        screen.query_one("#faq-query", Input).focus()
        await type_text(pilot, "password")
        await wait(pilot, lambda: "password" in screen_text(pilot).lower()
                   and result_ids(screen), "the results")
        results = screen.query_one("#faq-results", OptionList)
        for _ in range(6):
            if app.focused is results:
                break
            await pilot.press("tab")
        assert app.focused is results and results.highlighted is not None
        await pilot.press("enter")
        await wait(pilot, lambda: on_screen(pilot, ArticleScreen), "the article")
