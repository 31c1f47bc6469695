"""TUI test fixtures: the real app over the real server on loopback, signed in through the core.

The customer signs in the way the app does (`helpdesk_cli.auth.sign_in`, token in an
in-memory test keyring), so every screen builds its client exactly as in production. Local
times render in UTC and cursors do not blink, so what a test sees (and every snapshot) is the
same on every run. Snapshot servers seed with a fixed clock (HELPDESK_SEED_CLOCK).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from textual.widgets import Input, TextArea

from api_client import Client
from helpdesk_cli import auth
from helpdesk_cli.session import Session
from tests.cli.hd_test_keyring import MemoryKeyring
from tests.helpers import ALICE, DEMO_PASSWORD, LiveServer, login_token

from .tui_helpers import RecordingApp

SEED_CLOCK = "2026-11-24T10:15:00Z"


@pytest.fixture
def anyio_backend() -> str:
    """Textual runs on asyncio."""
    return "asyncio"


@pytest.fixture(autouse=True)
def tui_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """A fresh in-memory keyring, UTC local time and no cursor blink (stable screens)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    old_tz = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    # A blinking cursor is visible or not depending on when the screen is captured.
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)
    for var in ("EDITOR", "VISUAL", "HELPDESK_EDITOR"):
        monkeypatch.delenv(var, raising=False)
    yield backend
    keyring.set_keyring(previous)
    if old_tz is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old_tz
    time.tzset()


SignIn = Callable[..., str]


@pytest.fixture
def sign_in(monkeypatch: pytest.MonkeyPatch) -> SignIn:
    """Point the app at `url` (HELPDESK_SERVER) and store `email`'s login in the keyring."""

    def do(url: str, email: str = ALICE) -> str:
        monkeypatch.setenv("HELPDESK_SERVER", url)
        auth.sign_in(Session(), email=email, password=DEMO_PASSWORD)
        return url

    return do


@pytest.fixture
def alice(live_server: LiveServer, sign_in: SignIn) -> LiveServer:
    """The shared live server with the demo customer signed in."""
    sign_in(live_server.url)
    return live_server


@pytest.fixture
def app() -> RecordingApp:
    """The app as `helpdesk tui` builds it (a Session from env and config)."""
    return RecordingApp(Session())


ApiFor = Callable[..., Client]


@pytest.fixture
def api_for() -> Iterator[ApiFor]:
    """A blocking API client as some user, to arrange data and check what the TUI did."""
    clients: list[Client] = []

    def make(url: str, email: str = ALICE) -> Client:
        client = Client(url, token=login_token(url, email))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


class ClockedServer(LiveServer):
    """A seeded server whose demo data is dated from SEED_CLOCK, not from now.

    LiveServer drops HELPDESK_* variables from the child's environment (the developer's own
    must not leak in), so the clock is passed through `env` in the command itself.
    """

    def _command(self) -> list[str]:
        return ["env", f"HELPDESK_SEED_CLOCK={SEED_CLOCK}", *super()._command()]


@pytest.fixture
def clocked_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A fresh fixed-clock server for one snapshot test (no other test's writes show)."""
    server = ClockedServer(tmp_path / "snap.db")
    server.start()
    yield server
    server.stop()
