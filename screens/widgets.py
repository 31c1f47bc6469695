"""Textual widgets tuned for typing speed: the same look and keys, less work per keystroke.

Textual lays out the whole screen whenever a widget's virtual size changes. A one-line
input's virtual width changes with every character, and the layout pass then refreshes
every scrollbar on the screen, so each keystroke repainted most of it (about 20 ms of CPU
per key at 80×24, measured with benchmarks/tui_bench.py). These widgets keep their virtual
size to themselves: their own size never depends on it, only their scrolling does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Footer, Input, OptionList

if TYPE_CHECKING:
    from textual.app import ComposeResult


class TypingInput(Input):
    """An Input whose typing repaints the box only, not the whole screen (see the module)."""

    # The box is as wide as its layout says, whatever it holds; the virtual size only bounds
    # horizontal scrolling, which the Input reads from the attribute directly.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class ResultList(OptionList):
    """An OptionList whose new options repaint the list only (its scrollbar appearing or
    going still lays the screen out, as it must: it takes room)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def watch_show_vertical_scrollbar(self) -> None:
        # OptionList keeps the heights it measured before its scrollbar appeared, one column
        # wider: wrapped results came out a line short each, and the last lines of the list
        # could not be scrolled to. Measure again at the width the scrollbar leaves.
        self._clear_caches()


class KeyFooter(Footer):
    """A Footer that shows its keys in the screen's first frame and rebuilds them only when
    the keys it would show change.

    Textual's Footer starts empty and recomposes (a dozen widgets, styled afresh) on every
    bindings signal: focus moving, the app gaining focus. At start that was three rebuilds of
    the same keys, 40 to 80 ms each, the first after the first frame, while the first data was
    on its way. The keys a screen shows come from its own and the app's bindings, which are
    known at compose; focus only adds keys when the focused widget shows some.
    """

    _shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """What compose shows: every shown binding with its state, and the palette key."""
        active = self.screen.active_bindings
        keys = tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip,
             (binding.group.description, binding.group.compact) if binding.group else None)
            for _node, binding, enabled, tooltip in active.values() if binding.show)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return (keys, palette[2:] if palette else None, self.show_command_palette,
                self.combine_groups)

    def compose(self) -> ComposeResult:
        self._bindings_ready = True
        self._shown = self._keys()
        yield from super().compose()

    async def recompose(self) -> None:
        # A footer of a screen that is going away has no keys to compare (nor to show).
        if self.is_attached and self._keys() != self._shown:
            await super().recompose()
