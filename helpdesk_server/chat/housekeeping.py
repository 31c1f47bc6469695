"""Queued chats are never left waiting in silence: offer a ticket when no agent is signed
in or the wait runs out. Also drops typing events nobody will replay any more."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from helpdesk_server import events
from helpdesk_server.chat import repo
from helpdesk_server.config import ServerSettings

if TYPE_CHECKING:
    from helpdesk_server.live import Live


def interval(settings: ServerSettings) -> float:
    """Often enough that an offer comes within a quarter of the wait (at most 1 s late)."""
    return max(0.05, min(1.0, settings.chat_wait / 4, settings.agent_presence / 4))


def _due(chat: dict[str, float], present: bool, wait: float, now: float) -> str | None:
    if not present:
        return "no_agent_signed_in"
    if now - chat["wait_from_epoch"] >= wait:
        return "wait_exceeded"
    return None


def run_once(live: Live) -> None:
    settings = live.settings
    conn = live.pool.acquire()
    try:
        waiting = conn.execute("SELECT id, wait_from_epoch FROM chats WHERE state = 'queued'"
                               " AND offer_sent = 0").fetchall()
        if waiting:
            present = repo.agents_signed_in(conn, settings.agent_presence)
            now = time.time()
            due = [(row["id"], reason) for row in waiting
                   if (reason := _due(dict(row), present, settings.chat_wait, now))]
            if due:
                with live.bus.write(conn):
                    for chat_id, reason in due:
                        chat = repo.load(conn, chat_id)
                        if chat["state"] == "queued" and not chat["offer_sent"]:
                            repo.offer_ticket(conn, chat, reason)
        if events.has_old_typing(conn):
            with live.bus.write(conn):
                events.delete_old_typing(conn)
    finally:
        live.pool.release(conn)
