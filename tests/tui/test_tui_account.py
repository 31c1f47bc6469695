"""Account and sign-in in the TUI: edit the name, change the password, sign in and out."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.widgets import Input, Static

from api_client import Client
from api_client import errors as api_errors
from helpdesk_cli.session import Session
from screens.account import AccountScreen
from screens.dialogs import Confirm, PasswordDialog
from screens.home import HomeScreen
from screens.signin import SignInScreen
from tests.cli.hd_test_keyring import MemoryKeyring
from tests.helpers import ALICE, DEMO_PASSWORD, LiveServer, login

from .conftest import SignIn
from .tui_helpers import RecordingApp, on_screen, plain, run_palette, type_text
from .tui_helpers import wait_until as wait

pytestmark = pytest.mark.anyio


async def test_edit_name_and_change_password(server_factory: Any, sign_in: SignIn,
                                             app: RecordingApp) -> None:
    server = server_factory()  # both change Alice for good: not on the shared server
    sign_in(server.url)
    new_password = "a-new-secret-42"
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        await pilot.press("a")
        await wait(pilot, lambda: on_screen(pilot, AccountScreen)
                   and app.screen.query_one("#name", Input).value == "Alice Martin",
                   "the profile")
        screen = app.screen
        name = screen.query_one("#name", Input)
        name.focus()
        await pilot.press("end", *["backspace"] * len("Martin"))
        await type_text(pilot, "Martin-Lopez")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: app.noted("Profile saved.")
                   and "Alice Martin-Lopez" in plain(screen.query_one("#who", Static)),
                   "the saved name")
        await pilot.click("#password")
        await wait(pilot, lambda: on_screen(pilot, PasswordDialog), "the password dialog")
        app.screen.query_one("#current", Input).focus()
        await type_text(pilot, DEMO_PASSWORD)
        for field in ("#new", "#again"):
            app.screen.query_one(field, Input).focus()
            await type_text(pilot, new_password)
        await pilot.press("enter")
        await wait(pilot, lambda: app.noted("Password changed"), "the password change")
        # This session survives its own password change: the account reloads, no sign-in.
        await wait(pilot, lambda: on_screen(pilot, AccountScreen)
                   and "Alice Martin-Lopez" in plain(screen.query_one("#who", Static)),
                   "the account after the change")
        assert not any(n.severity == "error" for n in app.notes), app.notes
    assert login(server.url, ALICE, new_password)["access_token"]
    with pytest.raises(httpx.HTTPStatusError):
        login(server.url, ALICE, DEMO_PASSWORD)


async def test_sign_in_without_credentials_then_sign_out(
        live_server: LiveServer, app: RecordingApp, tui_env: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_SERVER", live_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, SignInScreen), "the sign-in screen")
        screen = app.screen
        assert screen.query_one("#server", Input).value == live_server.url
        screen.query_one("#email", Input).focus()
        await type_text(pilot, ALICE)
        screen.query_one("#password", Input).focus()
        await type_text(pilot, DEMO_PASSWORD)
        await pilot.press("enter")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen) and "Hello Alice Martin." in
                   plain(app.screen.query_one("#greeting", Static)), "home, signed in")
        assert app.user is not None and app.user.email == ALICE
        kept = Session().tokens()
        assert kept is not None and kept.source == "keyring"
        await run_palette(pilot, "sign out", "Sign out")
        await wait(pilot, lambda: on_screen(pilot, Confirm), "the sign-out confirmation")
        await pilot.press("enter")
        await wait(pilot, lambda: on_screen(pilot, SignInScreen), "the sign-in screen again")
        assert app.noted("Signed out.")
    assert tui_env.store == {}
    # The session was revoked on the server, not only forgotten here.
    with Client(live_server.url, token=kept.access_token) as hd, \
            pytest.raises(api_errors.AuthenticationError):
        hd.account.get()
