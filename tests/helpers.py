"""Shared by the server, client and CLI tests: demo constants, login helpers, LiveServer."""

from __future__ import annotations

import contextlib
import os
import random
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

DEMO_PASSWORD = "helpdesk-demo"
ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"
AGENT = "agent@example.com"


def unmatched_word() -> str:
    """A fresh word no search can match, for tests that need a search with no results.

    Letters only (the search log masks numbers), and only rare ones: a word of any letters can
    land within the typo tolerance of a real word ("zqips" is one edit from "zips"), which made
    such tests fail now and then. No article word is near a string of j, q, x and z.
    """
    return "zq" + "".join(random.choices("jqxz", k=10))


def login(url: str, email: str, password: str = DEMO_PASSWORD) -> dict[str, object]:
    """POST /v1/auth/token with raw httpx; returns the TokenPair JSON."""
    response = httpx.post(f"{url}/v1/auth/token", json={"email": email, "password": password})
    response.raise_for_status()
    data: dict[str, object] = response.json()
    return data


def login_token(url: str, email: str, password: str = DEMO_PASSWORD) -> str:
    """An access token for a demo user."""
    return str(login(url, email, password)["access_token"])


def auth_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sql(db_path: Path, statement: str, *params: Any) -> list[sqlite3.Row]:
    """Arrange state the public API cannot produce (agent actions, the passing of time)."""
    conn = sqlite3.connect(db_path, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        with conn:
            return conn.execute(statement, params).fetchall()
    finally:
        conn.close()


def ticket_row_id(ticket_id: str) -> int:
    """The database row of a public ticket id (`T1001` is row 1), for `sql` arrangements."""
    return int(ticket_id[1:]) - 1000


_START_TIMEOUT_S = 60.0
_OPTION_FLAGS = {
    "rate_limit_per_minute": "--rate-limit",
    "access_token_ttl": "--access-token-ttl",
    "refresh_token_ttl": "--refresh-token-ttl",
    "max_upload_bytes": "--max-upload-bytes",
    "refresh_reuse_grace": "--refresh-grace",
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """`python -m helpdesk_server` in a subprocess on a fixed loopback port and database."""

    def __init__(self, db_path: Path, *, seed: bool = True, **options: int) -> None:
        unknown = set(options) - set(_OPTION_FLAGS)
        if unknown:
            raise TypeError(f"unknown server options: {sorted(unknown)}")
        self.db_path = db_path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = db_path.with_suffix(".log")
        self._seed = seed
        self._options = options
        self._proc: subprocess.Popen[bytes] | None = None

    def _command(self) -> list[str]:
        cmd = [sys.executable, "-m", "helpdesk_server", "--host", "127.0.0.1",
               "--port", str(self.port), "--db", str(self.db_path)]
        if self._seed:
            cmd.append("--seed")
        for name, value in self._options.items():
            cmd += [_OPTION_FLAGS[name], str(value)]
        return cmd

    def start(self) -> None:
        """Start (or restart) the server on the same port and database; wait until it answers."""
        if self._proc is not None and self._proc.poll() is None:
            return
        env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
        with open(self.log_path, "ab") as log:
            self._proc = subprocess.Popen(
                self._command(), stdout=log, stderr=subprocess.STDOUT, env=env
            )
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"server exited at startup:\n{self.log()}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.url}/v1/meta", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server did not answer within {_START_TIMEOUT_S} s:\n{self.log()}")

    def stop(self) -> None:
        """Terminate (SIGTERM, uvicorn shuts down cleanly) and wait."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def log(self) -> str:
        """The server's output so far (for failure messages)."""
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return ""


ServerFactory = Callable[..., LiveServer]
"""Type of the `server_factory` fixture: `(**options) -> LiveServer`."""
