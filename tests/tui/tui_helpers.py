"""Helpers for driving the TUI: an app that records its notifications, and waiting on state.

Tests wait for workers and conditions, never for fixed times: `settle` waits for every worker
and the messages they posted; `wait_until` repeats that until a condition holds (debounce
timers start workers later, handlers start new ones).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import WorkerCancelled, WorkerFailed

import screens.app
from screens.app import HelpdeskApp

TIMEOUT_S = 30.0
_SCREENS = Path(screens.app.__file__).parent


def _css_paths() -> list[str]:
    """The app's stylesheets as absolute paths (Textual resolves relative ones against the
    module of the class, which for a subclass is this file)."""
    paths = HelpdeskApp.CSS_PATH
    listed = [paths] if isinstance(paths, str | Path) else list(paths or [])
    return [str(_SCREENS / path) for path in listed]


@dataclass(frozen=True)
class Note:
    """One notification as the person saw it."""

    message: str
    title: str
    severity: str


class RecordingApp(HelpdeskApp):
    """The real app, keeping a list of every notification it showed."""

    CSS_PATH = _css_paths()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[Note] = []

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               **kwargs: Any) -> None:
        self.notes.append(Note(str(message), title, str(severity)))
        super().notify(message, title=title, severity=severity, **kwargs)

    def noted(self, part: str) -> bool:
        """Whether some notification contains `part`."""
        return any(part in n.message for n in self.notes)


# Workers that follow a live event stream end only when their screen or the app does.
LIVE_GROUPS = frozenset({"ticket-events", "chat-stream", "inbox-stream", "agent-chat"})


async def settle(pilot: Pilot[Any]) -> None:
    """Let every running worker finish (except the live streams, which never do) and the
    messages it posted be handled."""
    for _ in range(3):
        finite = [w for w in pilot.app.workers if w.group not in LIVE_GROUPS]
        # A failed worker is the app's to report (HelpdeskApp.report), and an exclusive worker
        # cancelled by a newer one of its group (the ticket form's suggestions while the
        # subject is set) did its part; here both are just done.
        # (An empty list would mean "all" to wait_for_complete, streams included.)
        if finite:
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await pilot.app.workers.wait_for_complete(finite)
        await pilot.pause()


async def wait_until(pilot: Pilot[Any], condition: Callable[[], object], what: str,
                     within: float = TIMEOUT_S) -> None:
    """Settle until `condition()` is true; fail naming `what` after `within` s."""
    deadline = time.monotonic() + within
    while True:
        await settle(pilot)
        try:
            if condition():
                return
        except Exception:  # a widget not mounted yet: keep waiting
            pass
        if time.monotonic() > deadline:
            notes = getattr(pilot.app, "notes", [])
            raise AssertionError(f"timed out waiting for {what}; notifications: {notes}")
        await pilot.pause(0.02)


async def poll_until(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    """Poll `condition` while the app runs, for screens that follow a live stream: its
    worker never finishes, so waiting for every worker (wait_until) would wait forever."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        with contextlib.suppress(Exception):  # a widget not mounted yet
            if condition():
                return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; "
                                 f"notifications: {getattr(pilot.app, 'notes', [])}")
        await pilot.pause(0.05)


def plain(widget: Widget) -> str:
    """The text a Static shows (its content, as rendered text without styles)."""
    assert isinstance(widget, Static)
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def screen_text(pilot: Pilot[Any]) -> str:
    """Every line of the active screen as plain text, as the terminal would show it.

    (Textual has no public "rendered text" API; the compositor's strips are what it paints.)
    """
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


async def run_palette(pilot: Pilot[Any], search: str, title: str | None = None) -> None:
    """Open the command palette, type `search`, move to the command `title` (default: the
    search itself) and run it, as a person would."""
    from textual.command import CommandList, CommandPalette

    title = title or search
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette),
                     "the command palette")
    await pilot.press(*search)
    commands = pilot.app.screen.query_one(CommandList)

    def prompts() -> list[str]:
        return [_plain(commands.get_option_at_index(i).prompt)
                for i in range(commands.option_count)]

    await wait_until(pilot, lambda: any(title in p for p in prompts()),
                     f"{title!r} in the palette")
    for _ in range(commands.option_count):
        await pilot.press("down")
        if title in prompts()[commands.highlighted or 0]:
            break
    await pilot.press("enter")
    await settle(pilot)


def _plain(prompt: object) -> str:
    return str(getattr(prompt, "plain", prompt))


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type `text` key by key into the focused widget (one line; no newlines)."""
    await pilot.press(*text)


def on_screen(pilot: Pilot[Any], screen_type: type) -> bool:
    """Whether the active screen is a `screen_type` (for `wait_until`)."""
    return isinstance(pilot.app.screen, screen_type)
