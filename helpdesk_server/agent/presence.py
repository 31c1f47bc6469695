"""Whether agents are signed in: seen on an agent route or holding the agent stream.

A write per agent request would be wasteful, so this process records an agent at most
every few seconds (`Live.presence`); the record lives in the database so every server
process on it agrees.
"""

from __future__ import annotations

import sqlite3
import time
from typing import TYPE_CHECKING

from helpdesk_server.db import write_transaction

if TYPE_CHECKING:
    from helpdesk_server.live import Live


def touch(live: Live, conn: sqlite3.Connection, user_id: int) -> None:
    if live.presence.ready(user_id):
        record(conn, user_id)


def record(conn: sqlite3.Connection, user_id: int) -> None:
    """Write that the agent was seen now (callers throttle with `Live.presence`)."""
    with write_transaction(conn):
        conn.execute(
            "INSERT INTO agent_presence (user_id, last_seen_epoch) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET last_seen_epoch = excluded.last_seen_epoch",
            (user_id, time.time()))
