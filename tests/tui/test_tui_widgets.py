"""screens.widgets.FollowLog on its own: the chat logs' follow-the-bottom behaviour, with
content that grows after it was scrolled to (which no server timing can force on demand)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from screens.widgets import FollowLog

pytestmark = pytest.mark.anyio


async def settle(pilot: Pilot[LogApp]) -> None:
    """A few refreshes: the log scrolls after the refresh that laid its new content out."""
    for _ in range(3):
        await pilot.pause()


class LogApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FollowLog(*(Static(f"line {n}") for n in range(30)), id="log")


async def test_a_following_log_stays_at_the_bottom_as_its_last_message_grows() -> None:
    app = LogApp()
    async with app.run_test(size=(40, 10)) as pilot:
        log = app.query_one(FollowLog)
        await settle(pilot)
        assert log.max_scroll_y > 0 and log.scroll_y == log.max_scroll_y and log.following
        last = Static("short")
        await log.mount(last)
        await settle(pilot)
        assert log.scroll_y == log.max_scroll_y
        last.update("a message that wraps onto several more lines once it is laid out " * 3)
        await settle(pilot)
        assert last.size.height > 1 and log.scroll_y == log.max_scroll_y

        log.scroll_home(animate=False)  # the reader scrolls up: growth must not move the log
        await settle(pilot)
        assert not log.following
        await log.mount(Static("another"))
        await settle(pilot)
        assert log.scroll_y == 0

        log.scroll_end(animate=False)  # back at the bottom: following again
        await settle(pilot)
        assert log.following
        await log.mount(Static("and one more"))
        await settle(pilot)
        assert log.scroll_y == log.max_scroll_y
