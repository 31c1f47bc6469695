"""Events as records: write them with the change, wake the streams after commit, read by id.

An event row says who may see it: `customer_id` (that customer's chat stream and, for
ticket events, their `/v1/events`), `agent_id` (that agent's stream), `agents` (every
agent's stream). Ids come from an AUTOINCREMENT key inside serialised write transactions,
so they increase in commit order and a reader asking for `id > last` misses nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from helpdesk_server import ids
from helpdesk_server import tickets_repo as tickets
from helpdesk_server.db import write_transaction
from helpdesk_server.notifier import Notifier
from helpdesk_server.timeutil import now_iso

TYPING_TTL = 5.0  # typing events older than this are not replayed
TYPING_KEEP = 60.0  # and are deleted after this
BATCH = 200  # rows per read, so a long replay does not hold the loop


def chat_topic(chat_id: int) -> str:
    return f"chat:{chat_id}"


def customer_topic(user_id: int) -> str:
    return f"customer:{user_id}"


def agent_topic(user_id: int) -> str:
    return f"agent:{user_id}"


AGENTS_TOPIC = "agents"


def emit(
    conn: sqlite3.Connection,
    type_: str,
    data: dict[str, Any],
    *,
    chat_id: int | None = None,
    ticket_id: int | None = None,
    customer_id: int | None = None,
    agent_id: int | None = None,
    agents: bool = False,
) -> int:
    """Record one event inside the caller's write transaction; returns its id."""
    if not conn.in_transaction:
        raise RuntimeError("events are written inside the write transaction of their change")
    cur = conn.execute(
        "INSERT INTO events (type, chat_id, ticket_id, customer_id, agent_id, agents, data,"
        " created_at, created_epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (type_, chat_id, ticket_id, customer_id, agent_id, int(agents),
         json.dumps(data, separators=(",", ":")), now_iso(), time.time()),
    )
    return int(cur.lastrowid or 0)


def _topics(row: sqlite3.Row) -> set[str]:
    topics: set[str] = set()
    if row["chat_id"] is not None:
        topics.add(chat_topic(row["chat_id"]))
    elif row["customer_id"] is not None:
        topics.add(customer_topic(row["customer_id"]))
    if row["agent_id"] is not None:
        topics.add(agent_topic(row["agent_id"]))
    if row["agents"]:
        topics.add(AGENTS_TOPIC)
    return topics


def newest_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])


class PeerNudge:
    """"Look at the events table now", from one worker process of a server to its siblings.

    A byte down a pipe per sibling, made by the supervisor before it forks the workers.
    It carries nothing: the sibling's watcher reads what is new from the database, so a
    nudge lost to a full pipe (the sibling is already behind and will read everything) or
    to a dead sibling costs nothing. The Redis follow-up replaces this with pub/sub.
    """

    def __init__(self, read_fd: int, peer_fds: list[int]) -> None:
        self.read_fd = read_fd
        self.peer_fds = peer_fds

    @classmethod
    def pipes(cls, workers: int) -> list[PeerNudge]:
        """One per worker: its own pipe's read end and its siblings' write ends."""
        ends = [os.pipe() for _ in range(workers)]
        for read_fd, write_fd in ends:
            os.set_blocking(read_fd, False)
            os.set_blocking(write_fd, False)
        return [cls(ends[i][0], [w for j, (_r, w) in enumerate(ends) if j != i])
                for i in range(workers)]

    def send(self) -> None:
        """Called after a commit that wrote events, from any thread."""
        for fd in self.peer_fds:
            try:  # noqa: SIM105 (per commit: a plain try costs less than suppress)
                os.write(fd, b"!")
            except OSError:  # full (a nudge is already waiting) or the sibling is gone
                pass

    def drain(self) -> None:
        """Empty the pipe (every byte says the same thing)."""
        try:
            while os.read(self.read_fd, 4096):
                pass
        except BlockingIOError:
            pass


class EventBus:
    """The notifier plus what this process already published, so the watcher (which wakes
    streams for events written elsewhere) does not wake them twice for the same rows."""

    def __init__(self, notifier: Notifier, nudge: PeerNudge | None = None) -> None:
        self.notifier = notifier
        self.nudge = nudge
        self._published: set[int] = set()
        self._lock = threading.Lock()
        self.watched = 0

    @contextmanager
    def write(self, conn: sqlite3.Connection, *, wait: bool = True) -> Iterator[None]:
        """`write_transaction` that wakes the topics of every event it wrote (triggers'
        included) right after the commit."""
        rows: list[sqlite3.Row] = []
        with write_transaction(conn, wait=wait):
            start = newest_id(conn)
            yield
            rows = conn.execute(
                "SELECT id, chat_id, customer_id, agent_id, agents FROM events WHERE id > ?",
                (start,),
            ).fetchall()
        self._publish(rows, remember=True)
        if rows and self.nudge is not None:
            self.nudge.send()

    def _publish(self, rows: list[sqlite3.Row], *, remember: bool) -> None:
        topics: set[str] = set()
        for row in rows:
            topics |= _topics(row)
        if remember and rows:
            with self._lock:
                self._published.update(int(r["id"]) for r in rows)
        if topics:
            self.notifier.publish(*topics)

    def watch_once(self, conn: sqlite3.Connection) -> None:
        """Wake streams for events this process did not publish (other processes)."""
        rows = conn.execute(
            "SELECT id, chat_id, customer_id, agent_id, agents FROM events WHERE id > ?"
            " ORDER BY id", (self.watched,),
        ).fetchall()
        if not rows:
            return
        self.watched = int(rows[-1]["id"])
        with self._lock:
            foreign = [r for r in rows if int(r["id"]) not in self._published]
            self._published = {i for i in self._published if i > self.watched}
        self._publish(foreign, remember=False)


# --- reading -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Audience:
    """Which events a stream shows: one chat (customer view), one customer's tickets, or an
    agent's stream."""

    chat_id: int | None = None
    customer_id: int | None = None
    agent_id: int | None = None

    def topics(self) -> list[str]:
        if self.chat_id is not None:
            return [chat_topic(self.chat_id)]
        if self.customer_id is not None:
            return [customer_topic(self.customer_id)]
        assert self.agent_id is not None
        return [AGENTS_TOPIC, agent_topic(self.agent_id)]


_COLUMNS = "SELECT * FROM events"
_FRESH_TYPING = "(type != 'typing' OR created_epoch > ?)"


def read(conn: sqlite3.Connection, audience: Audience, after: int) -> list[sqlite3.Row]:
    """Up to BATCH events after `after` for this audience, oldest first."""
    fresh = time.time() - TYPING_TTL
    if audience.chat_id is not None:
        return conn.execute(
            f"{_COLUMNS} WHERE chat_id = ? AND customer_id IS NOT NULL AND id > ?"
            f" AND {_FRESH_TYPING} ORDER BY id LIMIT ?",
            (audience.chat_id, after, fresh, BATCH)).fetchall()
    if audience.customer_id is not None:
        return conn.execute(
            f"{_COLUMNS} WHERE customer_id = ? AND chat_id IS NULL AND id > ?"
            " ORDER BY id LIMIT ?", (audience.customer_id, after, BATCH)).fetchall()
    mine = conn.execute(
        f"{_COLUMNS} WHERE agent_id = ? AND id > ? AND {_FRESH_TYPING} ORDER BY id LIMIT ?",
        (audience.agent_id, after, fresh, BATCH)).fetchall()
    shared = conn.execute(
        f"{_COLUMNS} WHERE agents = 1 AND id > ? ORDER BY id LIMIT ?",
        (after, BATCH)).fetchall()
    merged = {int(r["id"]): r for r in [*mine, *shared]}
    return [merged[i] for i in sorted(merged)[:BATCH]]


def render(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    """The Event JSON of docs/api.md."""
    data: dict[str, Any] = json.loads(row["data"])
    event: dict[str, Any] = {
        "id": str(row["id"]),
        "type": row["type"],
        "created_at": row["created_at"],
        "chat_id": None if row["chat_id"] is None else chat_public_id(row["chat_id"]),
        "ticket_id": None if row["ticket_id"] is None else ids.ticket_id(row["ticket_id"]),
    }
    kind = row["type"]
    if kind == "ticket_message":
        found = tickets.messages_out(conn, row["ticket_id"], row["ref_id"])
        data = {"message": found[0] if found else None}
    elif kind == "ticket_note":
        data = {"note": note_out(conn, row["ref_id"])}
    elif kind == "ticket_created":
        data = {"subject": data.get("subject"),
                "requester": {"id": ids.user_id(int(data.get("requester_id") or 0)),
                              "name": data.get("requester_name")}}
    event.update(data)
    return event


def chat_public_id(row_id: int) -> str:
    return f"ch_{row_id}"


def note_out(conn: sqlite3.Connection, note_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT n.*, u.name AS author_name, u.role AS author_role FROM ticket_notes n"
        " JOIN users u ON u.id = n.author_id WHERE n.id = ?", (note_id,)).fetchone()
    if row is None:
        return None
    return {"id": f"n_{row['id']}", "ticket_id": ids.ticket_id(row["ticket_id"]),
            "author": {"id": ids.user_id(row["author_id"]), "name": row["author_name"],
                       "role": row["author_role"]},
            "body": row["body"], "created_at": row["created_at"]}


def has_old_typing(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM events WHERE type = 'typing' AND created_epoch < ?"
                        " LIMIT 1", (time.time() - TYPING_KEEP,)).fetchone() is not None


def delete_old_typing(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM events WHERE type = 'typing' AND created_epoch < ?",
                 (time.time() - TYPING_KEEP,))
