"""Database layer: WAL, pragmas, forward-only migrations, idempotent seed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpdesk_server.db import connect, init_db, migrate, schema_version
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
