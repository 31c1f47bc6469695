"""Parallel `helpdesk` processes after the access token expired must not log the user out.

Refresh tokens rotate and reusing a rotated one revokes the session family, so processes
that share a stored login refresh one at a time (an flock) and adopt a pair another process
stored. The servers here get the shortest reuse grace the server allows (1 s), so the CLI's
lock, not the server's leniency, is what keeps the login alive. Access tokens are expired
in the database rather than by a 1-second lifetime: a pair adopted or refreshed more than
a second before its retry (a loaded CI machine) would expire again, and a call refreshes
only once.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import time
from typing import Any

import httpx
import pytest
from conftest import ALICE, DEMO_PASSWORD, HELPDESK, run_sub
from helpers import LiveServer, sql

from helpdesk_cli import config, credentials, tokenlock


def _login(url: str) -> None:
    done = run_sub(["--server", url, "auth", "login", "--email", ALICE, "--password-stdin",
                    "--insecure-storage"], input=DEMO_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr


def _spawn(url: str, n: int) -> list[subprocess.Popen[str]]:
    env = {**os.environ, "HELPDESK_SERVER": url}
    return [subprocess.Popen([str(HELPDESK), "ticket", "list", "--json"], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(n)]


def _all_succeed(procs: list[subprocess.Popen[str]]) -> None:
    results = [(p.wait(timeout=90), *p.communicate()) for p in procs]
    failed = [(rc, err) for rc, _out, err in results if rc != 0]
    assert not failed, failed
    for _rc, out, _err in results:
        assert "data" in json.loads(out)


def _stored(url: str) -> credentials.Tokens:
    os.environ["HELPDESK_SERVER"] = url  # restored by the autouse fixture's monkeypatch
    found = credentials.lookup(config.resolve(None, url))
    assert found is not None and found.refresh_token
    return found


def _refresh(url: str, refresh_token: str) -> dict[str, Any]:
    answer = httpx.post(f"{url}/v1/auth/refresh", json={"refresh_token": refresh_token})
    assert answer.status_code == 200, answer.text
    pair: dict[str, Any] = answer.json()
    return pair


def _expire_access_tokens(srv: LiveServer) -> None:
    """The passing of time, arranged: every stored access token is now expired."""
    sql(srv.db_path, "UPDATE sessions SET access_expires = 0")


@pytest.fixture
def live(server_factory: Any, monkeypatch: pytest.MonkeyPatch) -> LiveServer:
    srv: LiveServer = server_factory(refresh_reuse_grace=1)
    monkeypatch.setenv("HELPDESK_SERVER", srv.url)
    return srv


@pytest.fixture
def server(live: LiveServer) -> str:
    return str(live.url)


def test_six_parallel_runs_after_expiry_all_succeed(live: LiveServer, server: str) -> None:
    _login(server)
    before = _stored(server)
    _expire_access_tokens(live)
    _all_succeed(_spawn(server, 6))
    after = _stored(server)
    assert after.refresh_token != before.refresh_token
    time.sleep(1.5)  # past the reuse grace: a family revoked by a reuse would show now
    _all_succeed(_spawn(server, 1))


def test_waiting_runs_adopt_the_pair_another_process_stored(live: LiveServer,
                                                           server: str) -> None:
    """Deterministic: the test holds the lock, rotates and stores like another process
    would, and releases it only after the server's grace has passed."""
    _login(server)
    old = _stored(server)
    _expire_access_tokens(live)
    lock = tokenlock.lock_path()
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        procs = _spawn(server, 3)  # each loads the old pair, gets a 401, waits for the lock
        time.sleep(3)  # let them get there (a late one just loads the new pair: no harm)
        # Without the lock they would have refreshed by now, and this reuse (> 1 s later)
        # would revoke the family: 401 here.
        pair = _refresh(server, old.refresh_token or "")
        time.sleep(1.5)  # past the 1 s grace: the old refresh token is now poison
        pair = _refresh(server, pair["refresh_token"])  # fresh 1 s access token to adopt
        credentials.store(config.resolve(None, server),
                          credentials.Tokens(pair["access_token"], pair["refresh_token"]),
                          insecure=True)
    finally:
        os.close(fd)
    _all_succeed(procs)
    assert _stored(server).refresh_token == pair["refresh_token"]  # nobody refreshed again
    _all_succeed(_spawn(server, 1))
