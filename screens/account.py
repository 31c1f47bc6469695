"""Account: the profile (name and phone editable), the password, personal tokens, sign-in."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DataTable, Header, Input, Label, Static

from screens.base import BaseScreen, PaletteEntry
from screens.text import day, line
from screens.widgets import KeyFooter

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from textual.app import ComposeResult

    from api_client import Client
    from api_client.models import PersonalToken, User
    from helpdesk_cli.credentials import Tokens

SOURCES = {"env": "the HELPDESK_TOKEN environment variable", "keyring": "{}",
           "file": "plain-text file {}"}


class AccountScreen(BaseScreen):
    """Who you are here, and the keys to your account."""

    TITLE = "Account"
    AUTO_FOCUS = "#name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save profile"),
        Binding("p", "password", "Change password"),
        Binding("delete", "revoke", "Revoke token"),
    ]

    class Loaded(Message):
        """Profile, tokens and where the login is kept."""

        def __init__(self, user: User, tokens: list[PersonalToken], found: Tokens) -> None:
            super().__init__()
            self.user, self.tokens, self.found = user, tokens, found

    class Done(Message):
        """A change went through."""

        def __init__(self, note: str) -> None:
            super().__init__()
            self.note = note

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="account"):
            yield Static(Text("Loading…", style="dim"), id="who")
            with Horizontal(classes="row"):
                yield Label("Name", classes="field-label")
                yield Input(id="name", max_length=200)
            with Horizontal(classes="row"):
                yield Label("Phone", classes="field-label")
                yield Input(id="phone", placeholder="+1 503 555 0100 (empty: none)",
                            max_length=40)
            with Horizontal(classes="buttons"):
                yield Button("Save profile", id="save", variant="primary")
                yield Button("Change password…", id="password")
                yield Button("Sign out", id="sign-out", variant="error")
            yield Label("Personal access tokens (for scripts) · Delete revokes",
                        classes="panel-title", markup=False)
            yield DataTable(id="token-table", cursor_type="row")
            yield Static("", id="login-source")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#token-table", DataTable).add_columns(
            "ID", "NAME", "PREFIX", "CREATED", "LAST USED", "EXPIRES")

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="account", exit_on_error=False)
    def load(self) -> None:
        hd = self.api()
        found = self.helpdesk.session.require_tokens()
        user = hd.account.get()
        tokens = list(hd.tokens.iter(limit=100))
        self.post_message(self.Loaded(user, tokens, found))

    def on_account_screen_loaded(self, event: Loaded) -> None:
        u = event.user
        self.helpdesk.user = u
        who = line(u.name, "bold")
        who.append_text(line(f"  <{u.email}> · {u.role} · member since {day(u.created_at)}",
                             "dim"))
        self.query_one("#who", Static).update(who)
        self.query_one("#name", Input).value = u.name
        self.query_one("#phone", Input).value = u.phone or ""
        table = self.query_one("#token-table", DataTable)
        table.clear()
        for t in event.tokens:
            table.add_row(t.id, line(t.name), line(t.prefix), day(t.created_at),
                          day(t.last_used_at) or "never", day(t.expires_at) or "never",
                          key=t.id)
        r = self.helpdesk.session.resolved
        where = SOURCES.get(event.found.source, "{}").format(event.found.location)
        self.query_one("#login-source", Static).update(line(
            f"Signed in to {r.server} (profile {r.profile}); token from {where}.", "dim"))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        phone = self.query_one("#phone", Input).value.strip() or None
        if not name:
            self.notify("Your name cannot be empty.", severity="warning", markup=False)
            return
        self.change(lambda hd: hd.account.update(name=name, phone=phone), "Profile saved.")

    @on(Button.Pressed, "#password")
    def action_password(self) -> None:
        from screens.dialogs import PasswordDialog

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer:
                current, new = answer
                self.change(lambda hd: hd.account.change_password(current, new),
                            "Password changed; your other sessions were signed out.")

        self.app.push_screen(PasswordDialog(), chosen)

    def action_revoke(self) -> None:
        from screens.dialogs import Confirm

        table = self.query_one("#token-table", DataTable)
        if not table.row_count:
            self.notify("There are no personal tokens.", markup=False)
            return
        token_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change(lambda hd: hd.tokens.delete(token_id), f"Token {token_id} revoked.")

        self.app.push_screen(Confirm(f"Revoke token {token_id}? Scripts using it stop "
                                     "working.", "Revoke"), confirmed)

    @on(Button.Pressed, "#sign-out")
    def sign_out(self) -> None:
        self.helpdesk.sign_out()

    @work(thread=True, exclusive=True, group="account-change", exit_on_error=False)
    def change(self, call: Callable[[Client], object], note: str) -> None:
        call(self.api())
        self.post_message(self.Done(note))

    def on_account_screen_done(self, event: Done) -> None:
        self.notify(event.note, markup=False)
        self.reload()

    def palette_commands(self) -> Iterable[PaletteEntry]:
        yield ("Save profile", "Name and phone", self.action_save)
        yield ("Change password", "Other sessions are signed out", self.action_password)
        yield ("Revoke the selected personal token", "Scripts using it stop",
               self.action_revoke)
