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
    key = parts[-1]
    # A letter stays as typed ("f", not "F", which reads as Shift+F); f1, up: F1, UP.
    alone = len(parts) == 1
    last = NAMES.get(key, key if len(key) == 1 and alone
                     else key.upper() if len(key) <= 3 else key)
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
            if not self._offered(binding.action):
                continue
            keys = ", ".join(key_name(k) for k in binding.key.split(","))
            if keys not in seen:
                seen.add(keys)
                # The tooltip is the long form of a description the footer keeps short.
                table.add_row(keys, binding.tooltip or binding.description)
        for keys, what in GENERAL:
            if keys not in seen:
                table.add_row(keys, what)
        title = getattr(self.under, "TITLE", None) or type(self.under).__name__
        with Vertical(classes="box wide"):
            yield Label(f"Keys: {title}", classes="title")
            with VerticalScroll():
                yield Static(table)
            yield Label("Escape closes this help.", classes="muted")

    def _offered(self, action: str) -> bool:
        """Whether the signed-in user may use it (the agent inbox is not for customers)."""
        from screens.app import HelpdeskApp

        if action.startswith("app.go('") and isinstance(self.app, HelpdeskApp):
            return self.app.area_is_for_me(action[len("app.go('"):].rstrip("')"))
        return True

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
