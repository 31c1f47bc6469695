"""Sign-in: the same credential rules as `helpdesk auth login` (keyring, or an opted-in file).

HELPDESK_TOKEN wins over anything stored, as in the CLI; the screen says so instead of
storing a login that would never be used.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Header, Input, Label, Select, Static

from screens.errors import describe
from screens.text import line
from screens.widgets import KeyFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from api_client.models import User
    from screens.app import HelpdeskApp


class SignInScreen(Screen[None]):
    """Email and password, the profile and server they are for, and where to keep the token."""

    TITLE = "Sign in"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "sign_in", "Sign in"),
        Binding("escape", "app.quit", "Quit"),
    ]

    class Done(Message):
        """Signed in."""

        def __init__(self, user: User) -> None:
            super().__init__()
            self.user = user

    class Failed(Message):
        """The sign-in was refused or could not be tried."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    @property
    def helpdesk(self) -> HelpdeskApp:
        from screens.app import HelpdeskApp

        assert isinstance(self.app, HelpdeskApp)
        return self.app

    def compose(self) -> ComposeResult:
        from helpdesk_cli import auth

        yield Header()
        with Vertical(classes="form box"):
            yield Label("Sign in to the help desk", classes="title")
            with Horizontal(classes="row"):
                yield Label("Profile", classes="field-label")
                yield Select(self._profile_options(), allow_blank=False, id="profile",
                             compact=True)
            with Horizontal(classes="row"):
                yield Label("Server", classes="field-label")
                yield Input(id="server", placeholder="https://help.example.com", compact=True)
            with Horizontal(classes="row"):
                yield Label("Email", classes="field-label")
                yield Input(id="email", placeholder="you@example.com", compact=True)
            with Horizontal(classes="row"):
                yield Label("Password", classes="field-label")
                yield Input(id="password", password=True, compact=True)
            yield Checkbox("No keyring here: keep the token in a plain-text file (0600)",
                           id="insecure")
            yield Static("", id="problem", classes="problem")
            if auth.env_token_set():
                yield Static("HELPDESK_TOKEN is set: it is used instead of any stored login; "
                             "unset it to sign in here.", classes="problem")
            yield Button("Sign in", id="sign-in", variant="primary")
        yield KeyFooter()

    def _profile_options(self) -> list[tuple[str, str]]:
        """Profiles from the config (a local file) and the one in use."""
        from helpdesk_cli import config
        from helpdesk_cli.errors import HelpdeskError

        names = {config.DEFAULT_PROFILE}
        with contextlib.suppress(HelpdeskError):  # _fill_profiles shows it
            names |= {*config.load().profiles, self.helpdesk.session.resolved.profile}
        return [(n, n) for n in sorted(names)]

    def on_mount(self) -> None:
        self._fill_profiles()

    def _fill_profiles(self) -> None:
        """The selected profile's server and email, the profile list up to date."""
        from helpdesk_cli.errors import HelpdeskError

        session = self.helpdesk.session
        try:
            r = session.resolved
        except HelpdeskError as exc:
            self.query_one("#problem", Static).update(line(exc.message))
            return
        select = self.query_one("#profile", Select)
        select.set_options(self._profile_options())
        select.value = r.profile
        self.query_one("#server", Input).value = r.server
        self.query_one("#email", Input).value = r.email or ""
        self.query_one("#password" if r.email else "#email", Input).focus()

    @on(Select.Changed, "#profile")
    def profile_changed(self, event: Select.Changed) -> None:
        session = self.helpdesk.session
        if isinstance(event.value, str) and event.value != session.resolved.profile:
            session.profile = event.value
            session.server = None
            session.reset()
            self.helpdesk.forget_client()
            self._fill_profiles()

    @on(Button.Pressed, "#sign-in")
    @on(Input.Submitted)
    def action_sign_in(self) -> None:
        email = self.query_one("#email", Input).value.strip()
        password = self.query_one("#password", Input).value
        server = self.query_one("#server", Input).value.strip()
        if not email or not password:
            self.query_one("#problem", Static).update("Type your email and password.")
            return
        self.query_one("#problem", Static).update("Signing in…")
        self.query_one("#sign-in", Button).disabled = True
        self.sign_in(email, password, server,
                     self.query_one("#insecure", Checkbox).value)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def sign_in(self, email: str, password: str, server: str, insecure: bool) -> None:
        from helpdesk_cli import auth

        session = self.helpdesk.session
        try:
            if server and server != session.resolved.server:
                session.server = server
                session.reset()
            done = auth.sign_in(session, email=email, password=password, insecure=insecure)
        except Exception as exc:
            self.post_message(self.Failed(describe(exc).text))
            return
        self.post_message(self.Done(done.user))

    def on_sign_in_screen_failed(self, event: Failed) -> None:
        self.query_one("#problem", Static).update(line(event.text))
        self.query_one("#sign-in", Button).disabled = False
        self.query_one("#password", Input).focus()

    def on_sign_in_screen_done(self, event: Done) -> None:
        self.notify(f"Signed in as {event.user.name}.", markup=False)
        self.helpdesk.signed_in(event.user)
