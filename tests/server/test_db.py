"""Database layer: WAL, pragmas, forward-only migrations, idempotent seed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpdesk_server.db import ConnectionPool, connect, init_db, migrate, schema_version
from helpdesk_server.migrations import MIGRATIONS
from helpdesk_server.seed import seed_demo


def test_init_db_enables_wal_and_applies_all_migrations(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "hd.db"
    init_db(db)
    conn = connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert schema_version(conn) == len(MIGRATIONS) >= 2
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"users", "tickets", "articles", "categories"} <= tables
    finally:
        conn.close()


def test_migrate_applies_only_missing_versions(tmp_path: Path) -> None:
    conn = connect(tmp_path / "m.db")
    try:
        steps = ["CREATE TABLE a (x INTEGER);", "CREATE TABLE b (y INTEGER);"]
        assert migrate(conn, steps[:1]) == 1
        conn.execute("INSERT INTO a VALUES (1)")
        assert migrate(conn, steps) == 2  # would fail on "table a exists" if re-applied
        assert migrate(conn, steps) == 2
        assert conn.execute("SELECT x FROM a").fetchone()[0] == 1
        with pytest.raises(RuntimeError, match="newer"):
            migrate(conn, steps[:1])
    finally:
        conn.close()


def test_failed_migration_rolls_back_entirely(tmp_path: Path) -> None:
    conn = connect(tmp_path / "f.db")
    try:
        with pytest.raises(sqlite3.OperationalError):
            migrate(conn, ["CREATE TABLE ok (x INTEGER); CREATE TABLE broken (;"])
        assert schema_version(conn) == 0
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'ok'").fetchone() is None
    finally:
        conn.close()


def test_seed_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    init_db(db)
    conn = connect(db)
    try:
        counts = []
        for _ in range(2):
            seed_demo(conn)
            counts.append([conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                           for t in ("users", "orders", "tickets", "messages", "articles")])
        assert counts[0] == counts[1]
        assert counts[0][0] == 4 and all(counts[0])
    finally:
        conn.close()


def test_pool_reuses_clean_connections_and_sees_other_writers(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    init_db(db)
    pool = ConnectionPool(db, max_idle=1)
    first = pool.acquire()
    first.execute("BEGIN IMMEDIATE")
    first.execute("CREATE TABLE t (x INTEGER)")
    pool.release(first)  # an error left the transaction open: rolled back, then kept
    again = pool.acquire()
    assert again is first and not again.in_transaction
    assert again.execute("SELECT name FROM sqlite_master WHERE name = 't'").fetchone() is None
    other = pool.acquire()  # none idle: a new connection
    assert other is not first
    other.execute("CREATE TABLE seen (x INTEGER)")
    other.execute("INSERT INTO seen VALUES (1)")
    assert again.execute("SELECT x FROM seen").fetchone()[0] == 1  # no stale reads
    pool.release(again)
    pool.release(other)  # beyond max_idle: closed
    with pytest.raises(sqlite3.ProgrammingError):
        other.execute("SELECT 1")
    pool.close()
    with pytest.raises(sqlite3.ProgrammingError):
        again.execute("SELECT 1")
    late = connect(db)
    pool.release(late)  # after close nothing is kept
    with pytest.raises(sqlite3.ProgrammingError):
        late.execute("SELECT 1")
