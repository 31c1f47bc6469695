"""A simulated agent for `helpdesk demo`, so handed-off chats get answered with nobody else
around. It works through the same functions as the agent routes, so the customer sees
exactly what a real agent's actions produce; a real agent who claims a chat first keeps it.
"""

from __future__ import annotations

import sqlite3
import time
from typing import TYPE_CHECKING

from helpdesk_server.agent import presence
from helpdesk_server.chat import assistant, repo
from helpdesk_server.errors import ProblemError
from helpdesk_server.timeutil import now_iso

if TYPE_CHECKING:
    from helpdesk_server.live import Live

EMAIL = "sim-agent@example.com"
NAME = "Riley (simulated agent)"
STEP = 0.5  # seconds between looks at the queue and the chats


def ensure_user(conn: sqlite3.Connection, live: Live) -> int:
    """The simulated agent's account; it has no usable password ("!" is no argon2 hash)."""
    row = conn.execute("SELECT id FROM users WHERE email = ?", (EMAIL,)).fetchone()
    if row is not None:
        return int(row["id"])
    with live.bus.write(conn):
        cur = conn.execute("INSERT OR IGNORE INTO users (email, name, role, password_hash,"
                           " created_at) VALUES (?, ?, 'agent', '!', ?)", (EMAIL, NAME, now_iso()))
        if cur.lastrowid:
            return int(cur.lastrowid)
    return int(conn.execute("SELECT id FROM users WHERE email = ?", (EMAIL,)).fetchone()["id"])


def _first_name(conn: sqlite3.Connection, user_id: int) -> str:
    name = str(conn.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()["name"])
    return name.split()[0] if name.split() else name


class SimulatedAgent:
    def __init__(self, live: Live) -> None:
        self.live = live
        self.user_id: int | None = None

    def step(self, live: Live) -> None:
        conn = live.pool.acquire()
        try:
            if self.user_id is None:
                self.user_id = ensure_user(conn, live)
            presence.touch(live, conn, self.user_id)
            self._claim(conn, self.user_id)
            self._answer(conn, self.user_id)
        finally:
            live.pool.release(conn)

    def _claim(self, conn: sqlite3.Connection, me: int) -> None:
        ready = time.time() - self.live.settings.simulated_agent_delay
        queued = conn.execute("SELECT id FROM chats WHERE state = 'queued' AND"
                              " wait_from_epoch <= ? ORDER BY queued_epoch, id",
                              (ready,)).fetchall()
        for row in queued:
            with self.live.bus.write(conn):
                chat = repo.load(conn, row["id"])
                if chat["state"] != "queued":
                    continue
                try:
                    chat = repo.claim(conn, chat, me, self.live.settings.agent_max_chats)
                except ProblemError:
                    return  # at the limit
                first = _first_name(conn, chat["user_id"])
                # Show the handoff worked: the customer must not have to say it again.
                asked = _last_question(conn, chat["id"])
                about = f" about \u201c{_gist(asked)}\u201d" if asked else ""
                repo.add_message(
                    conn, chat, role="agent", name=NAME, author_id=me,
                    body=f"Hi {first}, I'm Riley, a simulated agent in this demo. I've read "
                         f"your conversation with the assistant{about}; give me a moment "
                         "to look into it.")

    def _answer(self, conn: sqlite3.Connection, me: int) -> None:
        mine = conn.execute(
            "SELECT c.id, (SELECT MAX(id) FROM chat_messages m WHERE m.chat_id = c.id AND"
            " m.role = 'customer') AS asked, (SELECT MAX(id) FROM chat_messages m WHERE"
            " m.chat_id = c.id AND m.author_id = ?) AS answered FROM chats c"
            " WHERE c.agent_id = ? AND c.state = 'assigned'", (me, me)).fetchall()
        for row in mine:
            if row["asked"] is None or (row["answered"] or 0) > row["asked"]:
                continue
            with self.live.bus.write(conn):
                chat = repo.load(conn, row["id"])
                if chat["state"] != "assigned" or chat["agent_id"] != me:
                    continue
                repo.add_message(
                    conn, chat, role="agent", name=NAME, author_id=me,
                    body="Thanks, noted. As a simulated agent I can't look into real orders, "
                         "but a real agent would take it from here. Anything else? You can "
                         "close the chat when you're done, and rate it.")


def _last_question(conn: sqlite3.Connection, chat_id: int) -> str | None:
    """The customer's latest question: not "talk to a person", not a yes or no."""
    rows = conn.execute("SELECT body FROM chat_messages WHERE chat_id = ? AND"
                        " role = 'customer' ORDER BY id DESC LIMIT 20", (chat_id,))
    for row in rows:
        if assistant.classify(row["body"], awaiting_feedback=True) == "question":
            return str(row["body"])
    return None


def _gist(text: str, limit: int = 80) -> str:
    """A message on one line, cut at a word near `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "\u2026"
