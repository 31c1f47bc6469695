"""Chat storage and state changes; every change records its events in the same transaction.

Functions here run inside the caller's write transaction (`EventBus.write`), so a state
change, its messages and the events announcing them commit together or not at all.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from typing import Any

from helpdesk_server import events, ids
from helpdesk_server.errors import ProblemError, not_found
from helpdesk_server.timeutil import now_iso

_CHAT_RE = re.compile(r"ch_([0-9]{1,18})")
PREVIEW_CHARS = 200


def parse_chat(text: str) -> int | None:
    match = _CHAT_RE.fullmatch(text)
    if match is None:
        return None
    value = int(match.group(1))
    return value if 0 < value < 2**63 else None


def message_public_id(row_id: int) -> str:
    return f"cm_{row_id}"


def load(conn: sqlite3.Connection, chat_id: int) -> sqlite3.Row:
    row: sqlite3.Row = conn.execute("SELECT * FROM chats WHERE id = ?", (chat_id,)).fetchone()
    return row


def find(conn: sqlite3.Connection, public_id: str, owner_id: int | None = None) -> sqlite3.Row:
    """A chat by public id (of this owner, when given); missing and foreign are one 404."""
    row_id = parse_chat(public_id)
    row: sqlite3.Row | None = None
    if row_id is not None:
        row = conn.execute("SELECT * FROM chats WHERE id = ?", (row_id,)).fetchone()
    if row is None or (owner_id is not None and row["user_id"] != owner_id):
        raise not_found(f"chat {public_id[:64]}")
    return row


def chat_closed(chat: sqlite3.Row) -> ProblemError:
    return ProblemError(409, "chat-closed", f"Chat {events.chat_public_id(chat['id'])} is closed.",
                        hint="Start a new chat (POST /v1/chats).")


# --- output ----------------------------------------------------------------------------------

def _agent(conn: sqlite3.Connection, agent_id: int | None) -> dict[str, Any] | None:
    if agent_id is None:
        return None
    row = conn.execute("SELECT name FROM users WHERE id = ?", (agent_id,)).fetchone()
    return {"id": ids.user_id(agent_id), "name": row["name"] if row else "Agent"}


def message_out(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": message_public_id(row["id"]),
        "chat_id": events.chat_public_id(row["chat_id"]),
        "author": {"id": None if row["author_id"] is None else ids.user_id(row["author_id"]),
                   "name": row["author_name"], "role": row["role"]},
        "body": row["body"],
        "client_message_id": row["client_message_id"],
        "articles": json.loads(row["articles"]),
        "created_at": row["created_at"],
    }


def messages(conn: sqlite3.Connection, chat_id: int) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT * FROM chat_messages WHERE chat_id = ? ORDER BY id", (chat_id,))
    return [message_out(r) for r in rows]


def chat_out(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    last = conn.execute(
        "SELECT role, body, created_at FROM chat_messages WHERE chat_id = ?"
        " ORDER BY id DESC LIMIT 1", (row["id"],)).fetchone()
    rating = None
    if row["rating_score"] is not None:
        rating = {"score": row["rating_score"], "comment": row["rating_comment"],
                  "rated_at": row["rated_at"]}
    return {
        "id": events.chat_public_id(row["id"]),
        "state": row["state"],
        "ticket_id": None if row["ticket_id"] is None else ids.ticket_id(row["ticket_id"]),
        "order_id": None if row["order_id"] is None else ids.order_id(row["order_id"]),
        "agent": _agent(conn, row["agent_id"]),
        "queue_position": row["queue_position"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "closed_at": row["closed_at"],
        "converted_ticket_id": None if row["converted_ticket_id"] is None
        else ids.ticket_id(row["converted_ticket_id"]),
        "rating": rating,
        "last_message": None if last is None else {
            "role": last["role"], "body": last["body"][:PREVIEW_CHARS],
            "created_at": last["created_at"]},
    }


def detail(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    """ChatDetail: the transcript and the id its event stream can resume after."""
    last = conn.execute(
        "SELECT MAX(id) FROM events WHERE chat_id = ? AND customer_id IS NOT NULL",
        (row["id"],)).fetchone()[0]
    return {**chat_out(conn, row), "messages": messages(conn, row["id"]),
            "last_event_id": None if last is None else str(last)}


def agent_chat_out(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    customer = conn.execute("SELECT id, name, email FROM users WHERE id = ?",
                            (row["user_id"],)).fetchone()
    waiting = None
    if row["state"] == "queued" and row["queued_epoch"] is not None:
        waiting = max(0, int(time.time() - row["queued_epoch"]))
    return {**chat_out(conn, row),
            "customer": {"id": ids.user_id(customer["id"]), "name": customer["name"],
                         "email": customer["email"]},
            "waiting_seconds": waiting,
            "queued_at": row["queued_at"] if row["state"] == "queued" else None}


# --- events ----------------------------------------------------------------------------------

def emit(conn: sqlite3.Connection, chat: sqlite3.Row, type_: str, data: dict[str, Any], *,
         customer: bool = True, agent: bool = True) -> None:
    """A chat event for the customer and/or the chat's current agent."""
    events.emit(conn, type_, data, chat_id=chat["id"],
                customer_id=chat["user_id"] if customer else None,
                agent_id=chat["agent_id"] if agent else None)


def emit_state(conn: sqlite3.Connection, chat_id: int) -> sqlite3.Row:
    chat = load(conn, chat_id)
    emit(conn, chat, "state", {"state": chat["state"], "queue_position": chat["queue_position"],
                               "agent": _agent(conn, chat["agent_id"])})
    return chat


def queue_changed(conn: sqlite3.Connection, chat_id: int, change: str) -> None:
    queued = conn.execute("SELECT COUNT(*) FROM chats WHERE state = 'queued'").fetchone()[0]
    events.emit(conn, "queue_changed",
                {"chat": agent_chat_out(conn, load(conn, chat_id)), "change": change,
                 "queued": queued}, chat_id=chat_id, agents=True)


def renumber_queue(conn: sqlite3.Connection) -> None:
    """Give queued chats positions 1..n and push the new position to each that moved."""
    rows = conn.execute("SELECT * FROM chats WHERE state = 'queued'"
                        " ORDER BY queued_epoch, id").fetchall()
    for position, chat in enumerate(rows, start=1):
        if chat["queue_position"] != position:
            conn.execute("UPDATE chats SET queue_position = ? WHERE id = ?",
                         (position, chat["id"]))
            emit(conn, chat, "queue_position", {"position": position, "queued": len(rows)},
                 agent=False)


# --- changes ---------------------------------------------------------------------------------

def create(conn: sqlite3.Connection, user_id: int, ticket_id: int | None,
           order_id: int | None) -> int:
    stamp = now_iso()
    cur = conn.execute(
        "INSERT INTO chats (user_id, state, ticket_id, order_id, created_at, updated_at)"
        " VALUES (?, 'assistant', ?, ?, ?, ?)", (user_id, ticket_id, order_id, stamp, stamp))
    chat_id = int(cur.lastrowid or 0)
    emit_state(conn, chat_id)
    return chat_id


def known_message(conn: sqlite3.Connection, chat: sqlite3.Row, author_id: int,
                  client_message_id: str, body: str) -> dict[str, Any] | None:
    """The message this sender already stored under this client id (a resend), if any;
    the same id with another body is a 409."""
    known = conn.execute(
        "SELECT * FROM chat_messages WHERE chat_id = ? AND author_id = ?"
        " AND client_message_id = ?", (chat["id"], author_id, client_message_id)).fetchone()
    if known is None:
        return None
    if known["body"] != body:
        raise ProblemError(409, "idempotency-key-reused",
                           "This client_message_id was already used for a different message.",
                           hint="Use a new client_message_id for each new message.")
    return message_out(known)


def add_message(
    conn: sqlite3.Connection, chat: sqlite3.Row, *, role: str, name: str, body: str,
    author_id: int | None = None, client_message_id: str | None = None,
    articles: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Store a message and its `message` event."""
    stamp = now_iso()
    cur = conn.execute(
        "INSERT INTO chat_messages (chat_id, author_id, role, author_name, body,"
        " client_message_id, articles, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (chat["id"], author_id, role, name, body, client_message_id,
         json.dumps(articles or []), stamp))
    conn.execute("UPDATE chats SET updated_at = ? WHERE id = ?", (stamp, chat["id"]))
    row = conn.execute("SELECT * FROM chat_messages WHERE id = ?", (cur.lastrowid,)).fetchone()
    message = message_out(row)
    emit(conn, chat, "message", {"message": message})
    return message


def agents_signed_in(conn: sqlite3.Connection, presence_seconds: float) -> bool:
    return conn.execute("SELECT 1 FROM agent_presence WHERE last_seen_epoch > ? LIMIT 1",
                        (time.time() - presence_seconds,)).fetchone() is not None


def enqueue(conn: sqlite3.Connection, chat: sqlite3.Row, presence_seconds: float,
            change: str = "queued") -> sqlite3.Row:
    """assistant/assigned -> queued (at its first queue time, so a transfer keeps its turn);
    a ticket is offered at once when no agent is signed in."""
    now = time.time()
    conn.execute(
        "UPDATE chats SET state = 'queued', agent_id = NULL, queue_position = NULL,"
        " queued_epoch = COALESCE(queued_epoch, ?), queued_at = COALESCE(queued_at, ?),"
        " wait_from_epoch = ?, offer_sent = 0, awaiting_feedback = 0, updated_at = ?"
        " WHERE id = ?", (now, now_iso(), now, now_iso(), chat["id"]))
    renumber_queue(conn)
    fresh = emit_state(conn, chat["id"])
    queue_changed(conn, chat["id"], change)
    if not agents_signed_in(conn, presence_seconds):
        offer_ticket(conn, fresh, "no_agent_signed_in")
    return load(conn, chat["id"])


OFFER_HINTS = {
    "no_agent_signed_in": "No agent is available right now. You can turn this chat into a "
                          "ticket with the whole conversation, and we will answer by message.",
    "wait_exceeded": "All our agents are still busy. You can keep waiting, or turn this chat "
                     "into a ticket with the whole conversation.",
}


def offer_ticket(conn: sqlite3.Connection, chat: sqlite3.Row, reason: str) -> None:
    waited = 0 if chat["wait_from_epoch"] is None else int(time.time() - chat["wait_from_epoch"])
    conn.execute("UPDATE chats SET offer_sent = 1 WHERE id = ?", (chat["id"],))
    emit(conn, chat, "ticket_offer", {"reason": reason, "waited_seconds": waited,
                                      "hint": OFFER_HINTS[reason]}, agent=False)


def claim(conn: sqlite3.Connection, chat: sqlite3.Row, agent_id: int, max_chats: int
          ) -> sqlite3.Row:
    if chat["state"] == "assigned" and chat["agent_id"] == agent_id:
        return chat
    if chat["state"] != "queued":
        who = "" if chat["agent_id"] is None else " (taken by another agent)"
        raise ProblemError(409, "conflict",
                           f"Chat {events.chat_public_id(chat['id'])} is {chat['state']}{who}; "
                           "only queued chats can be claimed.")
    held = conn.execute("SELECT COUNT(*) FROM chats WHERE agent_id = ? AND state = 'assigned'",
                        (agent_id,)).fetchone()[0]
    if held >= max_chats:
        raise ProblemError(409, "chat-limit", f"You already have {held} chats (the limit is "
                           f"{max_chats}).", hint="Close or transfer one of them first.")
    conn.execute("UPDATE chats SET state = 'assigned', agent_id = ?, queue_position = NULL,"
                 " updated_at = ? WHERE id = ?", (agent_id, now_iso(), chat["id"]))
    fresh = load(conn, chat["id"])
    emit(conn, fresh, "agent_joined", {"agent": _agent(conn, agent_id)})
    emit_state(conn, chat["id"])
    renumber_queue(conn)
    queue_changed(conn, chat["id"], "claimed")
    return load(conn, chat["id"])


def assigned_to(chat: sqlite3.Row, agent_id: int) -> None:
    """Agent actions on a chat need the chat to be theirs (closed: `chat-closed`)."""
    if chat["state"] == "closed":
        raise chat_closed(chat)
    if chat["state"] != "assigned" or chat["agent_id"] != agent_id:
        raise ProblemError(409, "conflict",
                           f"Chat {events.chat_public_id(chat['id'])} is not assigned to you.",
                           hint="Claim it first (POST /v1/agent/chats/{id}/claim).")


def transfer(conn: sqlite3.Connection, chat: sqlite3.Row, presence_seconds: float
             ) -> sqlite3.Row:
    emit(conn, chat, "transferred", {"agent": _agent(conn, chat["agent_id"])})
    return enqueue(conn, chat, presence_seconds, change="transferred")


def close(conn: sqlite3.Connection, chat: sqlite3.Row, by: str,
          ticket_id: int | None = None) -> sqlite3.Row:
    if chat["state"] == "closed":
        return chat
    stamp = now_iso()
    conn.execute("UPDATE chats SET state = 'closed', queue_position = NULL, closed_at = ?,"
                 " updated_at = ?, converted_ticket_id = COALESCE(?, converted_ticket_id)"
                 " WHERE id = ?", (stamp, stamp, ticket_id, chat["id"]))
    emit(conn, chat, "closed", {"closed_by": by, "converted_ticket_id": None
                                if ticket_id is None else ids.ticket_id(ticket_id)})
    emit_state(conn, chat["id"])
    emit(conn, chat, "rating_requested", {}, agent=False)
    if chat["state"] == "queued":
        renumber_queue(conn)
        queue_changed(conn, chat["id"], "left")
    return load(conn, chat["id"])


def rate(conn: sqlite3.Connection, chat: sqlite3.Row, score: int, comment: str | None
         ) -> dict[str, Any]:
    if chat["state"] != "closed":
        raise ProblemError(409, "conflict", f"Chat {events.chat_public_id(chat['id'])} is "
                           f"{chat['state']}; rate it once it is closed.")
    stamp = now_iso()
    conn.execute("UPDATE chats SET rating_score = ?, rating_comment = ?, rated_at = ?"
                 " WHERE id = ?", (score, comment, stamp, chat["id"]))
    return {"score": score, "comment": comment, "rated_at": stamp}


def typing(conn: sqlite3.Connection, chat: sqlite3.Row, role: str, name: str) -> None:
    """Shown to the other side only."""
    emit(conn, chat, "typing", {"role": role, "name": name},
         customer=role != "customer", agent=role != "agent")
