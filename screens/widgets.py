"""Textual widgets tuned for speed: the same look and keys, less work per frame.

Textual lays out the whole screen whenever a widget's virtual size changes. A one-line
input's virtual width changes with every character, and the layout pass then refreshes
every scrollbar on the screen, so each keystroke repainted most of it (about 20 ms of CPU
per key at 80×24, measured with benchmarks/tui_bench.py). TypingInput and ResultList keep
their virtual size to themselves: their own size never depends on it, only their scrolling
does. KeyFooter draws the footer's keys as one widget instead of one per key. FollowLog is
the chat logs' scroller, which stays at the bottom through every layout while it follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, OptionList

if TYPE_CHECKING:
    from rich.style import Style
    from textual import events
    from textual.binding import Binding


class TypingInput(Input):
    """An Input whose typing repaints the box only, not the whole screen (see the module)."""

    # The box is as wide as its layout says, whatever it holds; the virtual size only bounds
    # horizontal scrolling, which the Input reads from the attribute directly.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class ResultList(OptionList):
    """An OptionList whose new options repaint the list only (its scrollbar appearing or
    going still lays the screen out, as it must: it takes room)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def on_focus(self) -> None:
        # Reached with Tab, a list with nothing highlighted ignored Enter until an arrow key.
        if self.highlighted is None and self.option_count:
            self.action_first()

    def watch_show_vertical_scrollbar(self) -> None:
        # OptionList keeps the heights it measured before its scrollbar appeared, one column
        # wider: wrapped results came out a line short each, and the last lines of the list
        # could not be scrolled to. Measure again at the width the scrollbar leaves.
        self._clear_caches()


class FollowLog(VerticalScroll):
    """A message log that follows new messages while the reader is at its bottom.

    Scrolling to the end once, after a message is mounted, is not enough: the log's content
    can grow in a later layout pass than the one that scroll waited for, which left the log a
    line short of its bottom now and then. Textual's anchor() would follow, but it also
    pushes a log shorter than its box down to the composer.
    """

    following = True  # the reader is at the bottom; scrolling up stops it, back down resumes

    def follow(self) -> None:
        """Go to the bottom now and follow from here (the reader asked, or sent a message)."""
        self.scroll_end(animate=False, immediate=True)
        self.following = True  # even before the layout that gives the bottom its new place

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.following = new_value >= self.max_scroll_y

    def watch_virtual_size(self) -> None:
        # The content grew or shrank (a message mounted, or wrapped anew).
        if self.following:
            self.scroll_end(animate=False)

    def on_resize(self) -> None:
        # The box changed (the terminal was resized): the bottom moved with it.
        if self.following:
            self.scroll_end(animate=False)


Shown = tuple["Binding", bool, str]  # a binding, whether it can run now, its tooltip


@dataclass(frozen=True)
class _Key:
    """One key drawn in the footer: its cells, what pressing it does."""

    start: int
    end: int
    key: str
    enabled: bool
    tooltip: str


class KeyFooter(Widget):
    """The screen's keys on one line, as Textual's Footer shows them, drawn by one widget.

    Textual's Footer is a container of one widget per key (a dozen on Home), each styled and
    laid out on its own, and rebuilt whenever focus moves: about 50 of the 130 ms from the
    app's start to its first frame, and again on every screen opened. This one draws the same
    line; clicking a key presses it, hovering highlights it and shows its tooltip, and a
    change of bindings (focus moving) repaints the line.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key", "key-footer--description", "key-footer--hover",
        "key-footer--edge"}
    # The colours of Textual's Footer and FooterKey (their items are transparent over it).
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--hover {
            background: $block-hover-background;
        }
        & > .key-footer--edge {
            color: $foreground 20%;
        }
    }
    """

    hovered: Reactive[int | None] = Reactive(None)
    """Which key the mouse is over (an index into the keys drawn)."""

    def __init__(self) -> None:
        super().__init__()
        self._drawn: list[_Key] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def _shown_bindings(self) -> tuple[list[Shown], Shown | None]:
        """The keys to show, as Textual's Footer picks them (the first binding of each shown
        action), and the command palette's."""
        active = self.screen.active_bindings
        shown: dict[str, Shown] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                shown.setdefault(binding.action, (binding, enabled, tooltip))
        palette = (active.get(self.app.COMMAND_PALETTE_BINDING)
                   if self.app.ENABLE_COMMAND_PALETTE else None)
        return list(shown.values()), (palette[1:] if palette else None)

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        hover_style = self.get_component_rich_style("key-footer--hover", partial=True)
        keys, palette = self._shown_bindings()
        self._drawn = []
        left = self._draw(keys, key_style, description_style, hover_style)
        right = Text()
        if palette is not None:
            right.append("▏", self.get_component_rich_style("key-footer--edge"))
            right.append_text(self._draw([palette], key_style, description_style, hover_style,
                                         at=width))
            right.append(" ")
        room = max(0, width - right.cell_len)
        left.truncate(room, pad=True)
        left.append_text(right)
        return left

    def _draw(self, keys: list[Shown], key_style: Style,
              description_style: Style, hover_style: Style, at: int | None = None) -> Text:
        """Keys as FooterKey draws each: ` key ` bold, then `description `; dim when the
        action cannot run now. With `at` (the palette key, drawn compact as Footer does), the
        keys end one cell before column `at`."""
        line = Text()
        for binding, enabled, tooltip in keys:
            start = line.cell_len
            key = self.app.get_key_display(binding)
            if not binding.description:
                line.append(key, key_style)
            elif at is None:
                line.append(f" {key} ", key_style)
                line.append(f"{binding.description} ", description_style)
            else:  # Footer draws the palette key compact: no room around the key
                line.append(key, key_style)
                line.append(f" {binding.description}", description_style)
            if not enabled:
                line.stylize("dim", start)
            index = len(self._drawn)
            self._drawn.append(_Key(start, line.cell_len, binding.key, enabled,
                                   tooltip or binding.tooltip or binding.description))
            if index == self.hovered:
                line.stylize_before(hover_style, start)
        if at is not None:  # the palette key: placed against the right edge
            shift = at - 1 - line.cell_len
            first = len(self._drawn) - len(keys)
            self._drawn[first:] = [_Key(k.start + shift, k.end + shift, k.key, k.enabled,
                                       k.tooltip) for k in self._drawn[first:]]
        return line

    def _key_at(self, x: int) -> int | None:
        for index, key in enumerate(self._drawn):
            if key.start <= x < key.end:
                return index
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self._key_at(event.x)
        self.tooltip = None if self.hovered is None else self._drawn[self.hovered].tooltip

    def on_leave(self) -> None:
        self.hovered = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._key_at(event.x)
        if index is None:
            return
        if self._drawn[index].enabled:
            self.app.simulate_key(self._drawn[index].key)
        else:
            self.app.bell()
