"""A chat turned into a ticket: the transcript becomes the ticket's first message."""

from __future__ import annotations

import json
import sqlite3

from helpdesk_server import events
from helpdesk_server import tickets_repo as tickets
from helpdesk_server.chat import repo

TICKET_BODY_MAX = 20_000
SUBJECT_MAX = 200


def transcript(conn: sqlite3.Connection, chat: sqlite3.Row) -> str:
    """Plain text, one paragraph per message, cited articles named; cut to fit a ticket."""
    lines = [f"Transcript of chat {events.chat_public_id(chat['id'])} "
             f"(started {chat['created_at']}):", ""]
    for row in conn.execute("SELECT * FROM chat_messages WHERE chat_id = ? ORDER BY id",
                            (chat["id"],)):
        lines.append(f"[{row['created_at'][11:16]}] {row['author_name']} ({row['role']}):")
        lines.append(row["body"])
        cited = json.loads(row["articles"])
        if cited:
            lines.append("Articles: " + ", ".join(f"{a['id']} {a['title']}" for a in cited))
        lines.append("")
    text = "\n".join(lines).strip()
    if len(text) <= TICKET_BODY_MAX:
        return text
    note = "\n\n(The transcript is longer than a ticket message; its start is cut here.)"
    return text[: TICKET_BODY_MAX - len(note)] + note


def _subject(conn: sqlite3.Connection, chat: sqlite3.Row) -> str:
    first = conn.execute("SELECT body FROM chat_messages WHERE chat_id = ? AND role = 'customer'"
                         " ORDER BY id LIMIT 1", (chat["id"],)).fetchone()
    if first is None:
        return f"Chat {events.chat_public_id(chat['id'])}"
    text = " ".join(first["body"].split())
    return text if len(text) <= 80 else text[:79].rsplit(" ", 1)[0] + "…"


def to_ticket(conn: sqlite3.Connection, chat: sqlite3.Row, subject: str | None,
              by: str) -> tuple[int, bool]:
    """(ticket row id, created). A chat already converted answers with its ticket."""
    if chat["converted_ticket_id"] is not None:
        return int(chat["converted_ticket_id"]), False
    if chat["state"] == "closed":
        raise repo.chat_closed(chat)
    ticket_id = tickets.create_ticket(
        conn, chat["user_id"], (subject or _subject(conn, chat))[:SUBJECT_MAX],
        transcript(conn, chat), category="chat", order_id=chat["order_id"])
    repo.close(conn, chat, by, ticket_id=ticket_id)
    return ticket_id, True
