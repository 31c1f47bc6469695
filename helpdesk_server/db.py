"""SQLite connections and forward-only migrations.

WAL lets readers run while one request writes. Connections are opened in autocommit mode;
every write runs in `write_transaction`, which takes this process's writer lock, then the
database's lock file (shared with the other server processes on it), then SQLite's
(`BEGIN IMMEDIATE`), and gives all back before the calling thread returns. So a request
never holds the write lock while it waits for a worker thread, and writers queue on locks
that hand over at once instead of in SQLite's busy handler, whose sleeps grow to 100 ms:
with two worker processes writing a few hundred times a second, that backoff starved one
of them for most of a second (chat_bench p99 0.75 s, against 0.1 s with the lock file).
busy_timeout stays for writers that do not take the lock file.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

logger = logging.getLogger("helpdesk_server")

BUSY_TIMEOUT_MS = 5_000  # writes are short; a longer wait only delays the 503 + retry

_WRITER_LOCKS: dict[str, threading.Lock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def _writer_lock(db_path: Path) -> threading.Lock:
    """One lock per database file, shared by every connection this process opens to it."""
    key = str(Path(db_path).resolve())
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(key, threading.Lock())


_LOCK_FILES: dict[tuple[int, str], int] = {}  # (pid, database) -> fd, open for the process


def _lock_file(db_path: Path) -> int:
    """This process's descriptor of the database's writer lock file (-1: none can be had).

    flock belongs to an open file description, which a fork shares: a worker must open its
    own, or it would hold the lock together with its siblings. Never closed, as the lock is
    wanted for as long as the process writes. Where the file cannot be made or locked (a
    read-only directory, a file system without flock) writers fall back to SQLite's busy
    handler, as before the lock file existed; that is said once in the log.
    """
    key = (os.getpid(), str(Path(db_path).resolve()))
    with _WRITER_LOCKS_GUARD:
        known = _LOCK_FILES.get(key)
        if known is not None:
            return known
        path = f"{key[1]}.writer-lock"
        fd = -1
        try:
            mode = os.stat(key[1]).st_mode & 0o666 if os.path.exists(key[1]) else 0o600
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, mode)
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # can this file be locked?
            fcntl.flock(fd, fcntl.LOCK_UN)
        except BlockingIOError:
            pass  # a writer of another process holds it: it works
        except OSError as exc:
            logger.warning("cannot use the writer lock file %s (%s); writers of several "
                           "processes wait in SQLite's busy handler", path, exc)
            if fd >= 0:
                os.close(fd)
            fd = -1
        _LOCK_FILES[key] = fd
        return fd


def other_writers_excluded(conn: sqlite3.Connection) -> AbstractContextManager[None]:
    """Hold the database's lock file for up to the busy timeout: for a writer outside
    `write_transaction` (seeding) that must queue with the servers' writers."""
    return _lock_file_held(conn, time.monotonic() + BUSY_TIMEOUT_MS / 1000)


@contextmanager
def _lock_file_held(conn: sqlite3.Connection, deadline: float | None) -> Iterator[None]:
    db_path: Path | None = getattr(conn, "db_path", None)
    fd = None if db_path is None else _lock_other_processes(db_path, deadline)
    try:
        yield
    finally:
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)


def _lock_other_processes(db_path: Path, deadline: float | None) -> int | None:
    """Take the lock file, waiting for another process's writer at most until `deadline`
    (None: not at all, `WouldWait` instead). A poll every 0.2 ms, not a queue: flock has
    no timeout, and a write takes about 0.5 ms. None when there is no usable lock file."""
    fd = _lock_file(db_path)
    if fd < 0:
        return None
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if deadline is None:
                raise WouldWait from None
            if time.monotonic() >= deadline:
                raise WriterBusyError("database is locked (another server process)") from None
            time.sleep(0.0002)  # a write takes ~0.5 ms: hand over within a fraction of it


class Connection(sqlite3.Connection):
    """A connection that knows its database's writer lock (see `write_transaction`)."""

    writer_lock: threading.Lock
    db_path: Path


def connect(db_path: Path) -> Connection:
    """Open a connection configured the way every part of the server expects."""
    conn = sqlite3.connect(
        db_path,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,  # a pooled connection serves request after request
        factory=Connection,
    )
    conn.writer_lock = _writer_lock(db_path)
    conn.db_path = Path(db_path)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


class WriterBusyError(sqlite3.OperationalError):
    """The writer lock stayed taken for the whole busy timeout (answered as 503)."""


class WouldWait(Exception):
    """`write_transaction(wait=False)` found a writer lock taken; nothing was done."""


@contextmanager
def write_transaction(conn: sqlite3.Connection, *, wait: bool = True) -> Iterator[None]:
    """Run the block as one short IMMEDIATE transaction, serialised with this process's writers.

    Call it inside one synchronous function (a route body, never around an `await`), so the
    write lock is released by the same thread call that took it. `wait=False` raises
    `WouldWait` instead of queueing behind another writer: for a write on the event loop,
    which must not block (it then goes to the threadpool).
    """
    lock: threading.Lock | None = getattr(conn, "writer_lock", None)
    if conn.in_transaction:
        raise RuntimeError("write_transaction does not nest")
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000 if wait else None
    if lock is not None and not (lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000) if wait
                                 else lock.acquire(blocking=False)):
        if not wait:
            raise WouldWait
        raise WriterBusyError("database is locked (writer queue)")
    try:
        with _lock_file_held(conn, deadline):
            _begin(conn, wait)
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
    finally:
        if lock is not None:
            lock.release()


def _begin(conn: sqlite3.Connection, wait: bool) -> None:
    """BEGIN IMMEDIATE; without `wait`, a writer that holds SQLite's lock without the lock
    file (an older server, the sqlite3 shell) gives `WouldWait`, not the busy handler's
    wait of up to the busy timeout."""
    if wait:
        conn.execute("BEGIN IMMEDIATE")
        return
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise WouldWait from exc
        raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


@contextmanager
def joined_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Join the caller's open transaction, or run the block as a `write_transaction` of its
    own: for writes that both routes (inside theirs) and start-up seeding (outside) make."""
    if conn.in_transaction:
        yield
        return
    with write_transaction(conn):
        yield


def enable_wal(conn: sqlite3.Connection) -> None:
    """Switch the database file to WAL (persistent, so once at startup is enough)."""
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise RuntimeError(f"could not enable WAL journal mode (got {mode!r})")


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer server; migrations only go forward."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The highest applied migration, 0 for a fresh database."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, migrations: Sequence[str] | None = None) -> int:
    """Apply the missing migrations, each in its own transaction; return the new version.

    `migrations[i]` is the SQL of version i + 1. A failing migration rolls back entirely
    and leaves the database at the previous version.
    """
    if migrations is None:
        from helpdesk_server.migrations import MIGRATIONS

        migrations = MIGRATIONS
    current = schema_version(conn)
    if current > len(migrations):
        raise SchemaTooNewError(
            f"database schema version {current} is newer than this server "
            f"({len(migrations)}); upgrade helpdesk-cli"
        )
    for version in range(current + 1, len(migrations) + 1):
        _apply(conn, version, migrations[version - 1])
    return len(migrations)


def _apply(conn: sqlite3.Connection, version: int, sql: str) -> None:
    with write_transaction(conn):
        for statement in _split(sql):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO schema_version (version, applied_at)"
            " VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (version,),
        )


def _split(sql: str) -> list[str]:
    """Split a script into complete statements (executescript would commit on its own)."""
    statements: list[str] = []
    start = 0
    for index, char in enumerate(sql):
        if char == ";" and sqlite3.complete_statement(sql[start : index + 1]):
            statements.append(sql[start : index + 1].strip())
            start = index + 1
    if sql[start:].strip():
        statements.append(sql[start:].strip())
    return statements


def init_db(db_path: Path) -> None:
    """Create the directory, enable WAL and bring the schema up to date."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(db_path)
    try:
        enable_wal(conn)
        migrate(conn)
    finally:
        conn.close()


class ConnectionPool:
    """Idle connections to one database, reused by request after request.

    Why: a new connection parses the whole schema (FTS5 tables included) on first use and
    starts with an empty page cache and statement cache; reusing one saves that on every
    request (0.3 to 1.5 ms, the larger figure on searches for very common words). This
    caches no results: every statement still runs against the current database, and WAL
    readers see each other's commits at their next statement.

    Up to `max_idle` are kept: as many as requests can use at once in the threadpool (40
    threads) and on the loop, so a busy server does not close and reopen connections
    (a live chat under load keeps that many in flight); an idle one costs a few KiB.
    """

    def __init__(self, db_path: Path, max_idle: int = 48) -> None:
        self.db_path = db_path
        self.max_idle = max_idle
        self._idle: list[Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def acquire(self) -> Connection:
        """An idle connection, or a new one when none is free."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return connect(self.db_path)

    def release(self, conn: Connection) -> None:
        """Take a connection back; one left inside a transaction is rolled back first."""
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error:
            conn.close()  # unusable: never hand it to another request
            return
        with self._lock:
            if not self._closed and len(self._idle) < self.max_idle:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        """Close the idle connections (at shutdown); later releases close theirs."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
