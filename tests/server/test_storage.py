"""Storage as the real server process leaves it: default location, WAL, schema versions,
forward migration of an old database, and secrets that are never stored in the clear."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from helpdesk_server.config import ServerSettings, default_db_path
from helpdesk_server.db import connect, migrate, schema_version
from helpdesk_server.migrations import MIGRATIONS
from helpdesk_server.runner import start_in_thread
from helpdesk_server.startup import StorageError
from tests.helpers import ALICE, LiveServer, ServerFactory, auth_headers, login, sql


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _server_without_db_option(data_home: Path) -> Iterator[str]:
    """`python -m helpdesk_server` with no --db, its data dir pointed at ``data_home``."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    env["XDG_DATA_HOME"] = str(data_home)
    log = data_home / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "helpdesk_server", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/v1/meta", timeout=1).status_code == 200:
                    break
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_default_database_is_in_the_user_data_dir(tmp_path: Path) -> None:
    data_home = tmp_path / "xdg-data"
    data_home.mkdir()
    with _server_without_db_option(data_home) as url:
        assert httpx.get(f"{url}/v1/categories").status_code == 200
    expected = data_home / "helpdesk-cli" / "server.db"
    assert expected.is_file()
    assert [p.name for p in data_home.iterdir() if p.is_dir()] == ["helpdesk-cli"]
    conn = sqlite3.connect(expected)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent mode
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
        assert versions == list(range(1, len(MIGRATIONS) + 1))
    finally:
        conn.close()


def test_default_db_path_follows_platformdirs(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "helpdesk-cli" / "server.db"


def test_live_server_database_is_wal_at_the_latest_version(live_server: LiveServer) -> None:
    assert sql(live_server.db_path, "PRAGMA journal_mode")[0][0] == "wal"
    rows = sql(live_server.db_path, "SELECT version, applied_at FROM schema_version")
    assert [r["version"] for r in rows] == list(range(1, len(MIGRATIONS) + 1))
    assert all(r["applied_at"].endswith("Z") for r in rows)


def test_old_database_is_migrated_forward_at_startup(server_factory: ServerFactory,
                                                     tmp_path: Path) -> None:
    db = tmp_path / "hd0.db"  # the path server_factory gives its first server
    conn = connect(db)
    try:
        assert migrate(conn, MIGRATIONS[:1]) == 1  # a database of the first release
        conn.execute(
            "INSERT INTO users (email, name, role, password_hash, created_at)"
            " VALUES ('early@example.com', 'Early Bird', 'customer', 'x', '2026-01-01T00:00:00Z')"
        )
    finally:
        conn.close()
    server = server_factory()
    assert server.db_path == db
    conn = connect(db)
    try:
        assert schema_version(conn) == len(MIGRATIONS)
        early = conn.execute("SELECT name FROM users WHERE email = 'early@example.com'")
        assert early.fetchone()[0] == "Early Bird"  # old rows kept
    finally:
        conn.close()
    hits = httpx.get(f"{server.url}/v1/articles/search", params={"q": "password"}).json()
    assert hits["data"]  # the FAQ tables of version 2 exist and were seeded


def test_newer_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    conn = connect(db)
    try:
        migrate(conn)
        conn.execute("INSERT INTO schema_version VALUES (?, '2099-01-01T00:00:00Z')",
                     (len(MIGRATIONS) + 5,))
    finally:
        conn.close()
    result = subprocess.run(
        [sys.executable, "-m", "helpdesk_server", "--db", str(db), "--port", str(_free_port())],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert "newer than this server" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_passwords_and_tokens_are_stored_only_as_hashes(live_server: LiveServer) -> None:
    pair = login(live_server.url, ALICE)
    access, refresh = str(pair["access_token"]), str(pair["refresh_token"])
    personal = httpx.post(f"{live_server.url}/v1/tokens", json={"name": "hash check"},
                          headers=auth_headers(access)).json()["token"]
    digest = {t: hashlib.sha256(t.encode()).hexdigest() for t in (access, refresh, personal)}
    session = sql(live_server.db_path, "SELECT * FROM sessions WHERE access_hash = ?",
                  digest[access])
    assert len(session) == 1 and session[0]["refresh_hash"] == digest[refresh]
    assert len(sql(live_server.db_path, "SELECT * FROM personal_tokens WHERE token_hash = ?",
                   digest[personal])) == 1
    [user] = sql(live_server.db_path, "SELECT password_hash FROM users WHERE email = ?", ALICE)
    assert user["password_hash"].startswith("$argon2id$")  # memory-hard KDF
    assert "m=19456" in user["password_hash"]
    # No table holds a secret in the clear: scan the whole file, WAL included.
    raw = b"".join(p.read_bytes() for p in live_server.db_path.parent.glob(
        live_server.db_path.name + "*"))
    for secret in (access, refresh, personal, "helpdesk-demo"):
        assert secret.encode() not in raw


def test_unusable_database_path_is_a_clear_error(tmp_path: Path) -> None:
    not_a_file = tmp_path / "a-directory.db"
    not_a_file.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "helpdesk_server", "--db", str(not_a_file),
         "--port", str(_free_port())],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot use the database")
    assert str(not_a_file) in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(StorageError, match="cannot use the database"):
        start_in_thread(ServerSettings(db_path=not_a_file))
