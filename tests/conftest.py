"""Fixtures shared by the whole suite: real servers in subprocesses, and an isolated HOME.

`live_server` is one seeded server per xdist worker (session scope); tests that need their
own data or options use `server_factory`.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Make `tests.helpers` importable whatever directory pytest was started from.
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from tests.helpers import LiveServer, ServerFactory  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    """Give the programs the tests start a working Ctrl-C.

    A shell without job control starts background jobs (`./scripts/test &`, some CI
    runners) with SIGINT ignored, and an ignored signal stays ignored across exec: every
    `helpdesk` the tests start would then ignore Ctrl-C, the watchdog's timeout and the
    demo's stop, and the tests of those would hang. A handler (unlike SIG_IGN) is reset to
    the default in a new program.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One seeded server for this test process; tests must not rely on global counts."""
    server = LiveServer(tmp_path_factory.mktemp("live") / "hd.db")
    server.start()
    yield server
    server.stop()



@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[ServerFactory]:
    """Isolated servers with their own seeded db and options, stopped at test end."""
    servers: list[LiveServer] = []

    def make(*, seed: bool = True, **options: int) -> LiveServer:
        server = LiveServer(tmp_path / f"hd{len(servers)}.db", seed=seed, **options)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the developer's real config, data, cache and tokens."""
    base = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        path = base / sub
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    for var in ("HELPDESK_TOKEN", "HELPDESK_SERVER", "HELPDESK_PROFILE"):
        monkeypatch.delenv(var, raising=False)
