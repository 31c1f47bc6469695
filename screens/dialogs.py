"""Small modal dialogs: each returns its answer through `dismiss`, None when cancelled."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from screens.text import line, money

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from api_client.models import OrderDetail


T = TypeVar("T")


class Dialog(ModalScreen[T | None], Generic[T]):
    """A centred box; Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CLASSES = "dialog"
    # A Label is as wide as its text: a long question ran past the box's edge and was cut.
    # As wide as the box, it wraps, and the box grows to hold it.
    DEFAULT_CSS = """
    Dialog .box > Label {
        width: 100%;
    }
    """

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        elif event.button.id == "ok":
            self.submit()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.submit()

    def submit(self) -> None:
        """Validate and dismiss with the answer."""


def buttons(ok: str) -> Horizontal:
    """The OK/Cancel row every dialog ends with."""
    return Horizontal(Button(ok, id="ok", variant="primary"), Button("Cancel", id="cancel"),
                      classes="buttons")


class Confirm(Dialog[bool]):
    """Yes or no."""

    def __init__(self, question: str, ok: str = "Yes") -> None:
        super().__init__()
        self.question, self.ok = question, ok

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label(line(self.question))
            yield buttons(self.ok)

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def submit(self) -> None:
        self.dismiss(True)


class AskText(Dialog[str]):
    """One line of text (a file path to attach, a comment)."""

    def __init__(self, question: str, ok: str = "OK", placeholder: str = "") -> None:
        super().__init__()
        self.question, self.ok, self.placeholder = question, ok, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label(line(self.question))
            yield Input(placeholder=self.placeholder, id="answer")
            yield Static("", id="problem", classes="problem")
            yield buttons(self.ok)

    def submit(self) -> None:
        value = self.query_one("#answer", Input).value.strip()
        if value:
            self.dismiss(value)


class RateDialog(Dialog[tuple[int, str | None]]):
    """A satisfaction score (1–5) with an optional comment."""

    SCORES: ClassVar[list[tuple[str, int]]] = [
        ("5 – excellent", 5), ("4 – good", 4), ("3 – okay", 3), ("2 – poor", 2),
        ("1 – very poor", 1)]

    def __init__(self, score: int | None = None, comment: str | None = None) -> None:
        super().__init__()
        self.score, self.comment = score, comment

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label("How was the support you received?")
            yield Select(self.SCORES, value=self.score or 5, allow_blank=False, id="score")
            yield Input(self.comment or "", placeholder="Comment (optional)", id="comment")
            yield buttons("Rate")

    def submit(self) -> None:
        score = self.query_one("#score", Select).value
        comment = self.query_one("#comment", Input).value.strip() or None
        if isinstance(score, int):
            self.dismiss((score, comment))


class PasswordDialog(Dialog[tuple[str, str]]):
    """Current and new password; the new one typed twice, checked before sending."""

    MIN_LENGTH = 8

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label("Change your password")
            yield Input(password=True, placeholder="Current password", id="current")
            yield Input(password=True, placeholder="New password (8+ characters)", id="new")
            yield Input(password=True, placeholder="New password again", id="again")
            yield Static("", id="problem", classes="problem")
            yield buttons("Change")

    def submit(self) -> None:
        current = self.query_one("#current", Input).value
        new = self.query_one("#new", Input).value
        again = self.query_one("#again", Input).value
        problem = self.query_one("#problem", Static)
        if not current:
            problem.update("Type your current password.")
        elif len(new) < self.MIN_LENGTH:
            problem.update(f"The new password needs at least {self.MIN_LENGTH} characters.")
        elif new != again:
            problem.update("The two new passwords differ.")
        else:
            self.dismiss((current, new))


class OrderHelp(Dialog[str]):
    """What kind of help with an order: a return request or a ticket about it."""

    def __init__(self, order: OrderDetail) -> None:
        super().__init__()
        self.order = order

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label(line(f"Get help with order {self.order.number}"))
            yield Button("Request a return", id="return", variant="primary")
            yield Button("Open a ticket about this order", id="ticket")
            yield Button("Chat with us about it", id="chat")
            yield Button("Cancel", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        wanted = event.button.id if event.button.id in ("return", "ticket", "chat") else None
        self.dismiss(wanted)


class ReturnDialog(Dialog[tuple[list[tuple[str, int]], str]]):
    """Which items (and how many) to return, and why."""

    def __init__(self, order: OrderDetail) -> None:
        super().__init__()
        self.order = order

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Label(line(f"Return items of order {self.order.number}"))
            for item in self.order.items:
                choices = [(str(n), n) for n in range(item.quantity + 1)]
                with Horizontal(classes="item-row"):
                    yield Select(choices, value=0, allow_blank=False, id=f"qty-{item.id}",
                                 classes="qty")
                    price = money(item.unit_price_cents, self.order.currency)
                    yield Label(line(f"{item.name} ({price} each)"))
            yield Input(placeholder="Why are you returning it?", id="reason")
            yield Static("", id="problem", classes="problem")
            yield buttons("Request return")

    def submit(self) -> None:
        picked: list[tuple[str, int]] = []
        for item in self.order.items:
            qty = self.query_one(f"#qty-{item.id}", Select).value
            if isinstance(qty, int) and qty > 0:
                picked.append((item.id, qty))
        reason = self.query_one("#reason", Input).value.strip()
        problem = self.query_one("#problem", Static)
        if not picked:
            problem.update("Choose at least one item to return.")
        elif not reason:
            problem.update("Say why you return it; it helps the team.")
        else:
            self.dismiss((picked, reason))
