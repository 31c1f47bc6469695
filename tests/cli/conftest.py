"""CLI test fixtures: the real `helpdesk` app, a test keyring, a logged-in demo customer."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import keyring
import pytest
from hd_test_keyring import MemoryKeyring
from typer.testing import CliRunner, Result

from commands.main import app

HERE = Path(__file__).parent
REPO = HERE.parent.parent
HELPDESK = Path(sys.executable).parent / "helpdesk"
DEMO_PASSWORD = "helpdesk-demo"
ALICE = "alice@example.com"
BOB = "bob@example.com"

Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """A fresh in-memory keyring in-process and a file keyring for subprocesses."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "hd_test_keyring.FileKeyring")
    monkeypatch.setenv("HD_TEST_KEYRING_FILE", str(tmp_path / "keyring.json"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [
        str(HERE), os.environ.get("PYTHONPATH")])))
    monkeypatch.delenv("NO_COLOR", raising=False)
    for var in ("VISUAL", "EDITOR"):  # the developer's editor must not open in a test
        monkeypatch.delenv(var, raising=False)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def run() -> Run:
    """Invoke the root app in-process: run("faq", "search", "x", input=..., env=...)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None
               ) -> Result:
        return runner.invoke(app, list(args), input=input, env=env)

    return invoke


def run_sub(args: Sequence[str], *, input: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the installed `helpdesk` console script."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([str(HELPDESK), *args], input=input, capture_output=True, text=True,
                          env=full_env, timeout=timeout, check=False)


def ok_json(result: Result) -> Any:
    """Assert success with JSON-only stdout and empty stderr; return the parsed document."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == "", result.stderr
    return json.loads(result.stdout)


def err_json(result: Result, exit_code: int) -> dict[str, Any]:
    """Assert a failure with `exit_code`, nothing on stdout and a JSON error on stderr."""
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    doc: dict[str, Any] = json.loads(result.stderr)["error"]
    assert doc["exit_code"] == exit_code
    return doc


@pytest.fixture
def server_env(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the CLI at the shared live server via HELPDESK_SERVER."""
    monkeypatch.setenv("HELPDESK_SERVER", live_server.url)
    return str(live_server.url)


@pytest.fixture
def alice(run: Run, server_env: str) -> str:
    """Log the demo customer in through the CLI (token in the test keyring)."""
    result = run("auth", "login", "--email", ALICE, "--password-stdin",
                 input=DEMO_PASSWORD + "\n")
    assert result.exit_code == 0, result.stderr
    return server_env


@pytest.fixture
def dead_url() -> str:
    """A loopback URL where nothing listens (connection refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person is at the terminal (prompts allowed)."""
    from commands import tty as tty_mod

    monkeypatch.setattr(tty_mod, "interactive", lambda: True)
