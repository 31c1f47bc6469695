"""F1: every key of the screen underneath, and of the app, in one list."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

if TYPE_CHECKING:
    from textual.app import ComposeResult

GENERAL = (
    ("Ctrl+P", "Command palette: every action, searchable; themes too"),
    ("Tab / Shift+Tab", "Move between fields and lists"),
    ("Enter", "Open the selected row or result"),
    ("Escape", "Back (or close this help)"),
    ("Mouse", "Click rows, buttons and column headers"),
)


NAMES = {"slash": "/", "question_mark": "?", "delete": "Delete", "escape": "Escape",
         "enter": "Enter"}


def key_name(key: str) -> str:
    """`ctrl+s` as Ctrl+S, `f1` as F1, `slash` as /: one spelling for every key."""
    parts = key.strip().split("+")
    last = NAMES.get(parts[-1], parts[-1].upper() if len(parts[-1]) <= 3 else parts[-1])
    return "+".join([*(p.capitalize() for p in parts[:-1]), last])


class HelpScreen(ModalScreen[None]):
    """Keys of the screen that was showing, then the general ones."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        seen: set[str] = set()
        for binding in [*getattr(self.under, "BINDINGS", []), *self.app.BINDINGS]:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = ", ".join(key_name(k) for k in binding.key.split(","))
            if keys not in seen:
                seen.add(keys)
                table.add_row(keys, binding.description)
        for keys, what in GENERAL:
            table.add_row(keys, what)
        title = getattr(self.under, "TITLE", None) or type(self.under).__name__
        with Vertical(classes="box wide"):
            yield Label(f"Keys: {title}", classes="title")
            with VerticalScroll():
                yield Static(table)
            yield Label("Escape closes this help.", classes="muted")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
