"""What every screen shares: the palette lists the screen's own actions, F1 help, themes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from helpdesk_cli import config
from helpdesk_cli.session import Session
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.thread import ThreadScreen
from tests.helpers import LiveServer

from .conftest import ApiFor
from .tui_helpers import RecordingApp, on_screen, run_palette, screen_text, settle
from .tui_helpers import wait_until as wait

pytestmark = pytest.mark.anyio


async def test_palette_lists_the_screens_own_actions(alice: LiveServer, app: RecordingApp,
                                                     api_for: ApiFor) -> None:
    ticket = api_for(alice.url).tickets.create(subject="Palette", body="Which keys?")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ThreadScreen(ticket.id))
        await wait(pilot, lambda: on_screen(pilot, ThreadScreen), "the thread")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Send reply", "Close this ticket", "Reopen this ticket",
                "Rate the support received", "Go to Tickets", "Sign out"} <= titles
        assert "Quit the application" in titles or "Quit" in " ".join(titles)
        await wait(pilot, lambda: app.screen.ticket is not None, "the ticket")
        home_titles = {c.title for c in app.get_system_commands(app.screen_stack[0])}
        assert "Send reply" not in home_titles  # only the current screen's actions
        assert "Go to Agent inbox" not in titles and "Go to Chat with us" in titles


async def test_back_from_a_search_home_keys_work_again(alice: LiveServer,
                                                       app: RecordingApp) -> None:
    from screens.faq import FaqScreen
    from screens.tickets import TicketsScreen

    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        await pilot.press("slash", *"refund", "enter")
        await wait(pilot, lambda: on_screen(pilot, FaqScreen), "the search results")
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home again")
        await pilot.press("t")  # Tickets, not a "t" typed onto the last question
        await wait(pilot, lambda: on_screen(pilot, TicketsScreen), "the tickets")


async def test_a_customer_is_not_sent_into_the_agent_inbox(alice: LiveServer,
                                                            app: RecordingApp) -> None:
    """`i` (listed in F1 for agents) used to open an inbox that could only say 403, and
    whose Escape stays put: a customer was stuck there."""
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen) and app.user is not None, "home")
        await pilot.press("i")
        await wait(pilot, lambda: app.noted("Agent inbox is for agents."), "the refusal")
        assert on_screen(pilot, HomeScreen) and len(app.screen_stack) == 1


async def test_f1_opens_help_with_the_screens_keys(alice: LiveServer,
                                                   app: RecordingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        await pilot.press("f1")
        await wait(pilot, lambda: on_screen(pilot, HelpScreen), "the help")
        text = screen_text(pilot)
        assert "Keys: Home" in text
        for binding in ("Help center", "New ticket", "Command palette"):
            assert binding in text, binding
        assert re.search(r"\bt +Tickets", text) and "Ctrl+R" in text  # "t" as typed, not "T"
        assert "Agent inbox" not in text and text.count("Escape") == 2  # + "closes this help"
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home again")


async def test_theme_choice_is_kept_in_the_config(alice: LiveServer,
                                                  app: RecordingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        assert app.theme != "nord"
        await run_palette(pilot, "theme", "Theme")
        await run_palette_choice(pilot, "nord")
        await wait(pilot, lambda: config.load().theme == "nord", "the theme in the config")
        assert app.theme == "nord"
    again = RecordingApp(Session())
    async with again.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        assert again.theme == "nord"
        assert isinstance(again.screen.query_one("#greeting"), Static)


async def run_palette_choice(pilot: Pilot[Any], name: str) -> None:
    """The theme picker is a second palette: type the theme's name, take it."""
    await wait(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the theme picker")
    await pilot.press(*name, "down", "enter")
    await settle(pilot)


async def test_footer_keys_are_drawn_pressed_and_follow_binding_changes(
        alice: LiveServer, app: RecordingApp) -> None:
    """The footer (one widget, screens.widgets.KeyFooter) shows the screen's keys, a click on
    one presses it, hovering shows its description, and new bindings appear."""
    from screens.faq import FaqScreen
    from screens.widgets import KeyFooter

    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        footer_row = screen_text(pilot).splitlines()[-1]
        assert footer_row.startswith(" f Help center  t Tickets  n New  o Orders ")
        assert footer_row.rstrip().endswith("▏^p palette")
        x = footer_row.index(" f Help center")
        footer = app.screen.query_one(KeyFooter)
        await pilot.hover(KeyFooter, offset=(x + 4, 0))
        assert footer.tooltip == "Help center"
        await pilot.click(KeyFooter, offset=(x + 1, 0))
        await wait(pilot, lambda: on_screen(pilot, FaqScreen), "the help center")
        assert screen_text(pilot).splitlines()[-1].startswith(" esc Back  / Search ")
        app.bind("ctrl+y", "go('orders')", description="Orders too")
        app.screen.refresh_bindings()
        await wait(pilot, lambda: "^y Orders too" in screen_text(pilot).splitlines()[-1],
                   "the new binding in the footer")


async def test_a_notice_given_at_start_is_shown(alice: LiveServer) -> None:
    """`helpdesk demo` tells, inside the TUI, how to reach its server from another terminal
    (its announcement on stdout would be hidden under the full screen)."""
    notice = "Demo server http://127.0.0.1:1. For the commands: source /tmp/x/env.sh"
    app = RecordingApp(Session(), notice=notice)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        assert app.noted(notice)
        await wait(pilot, lambda: "/tmp/x/env.sh" in screen_text(pilot), "the toast")
