"""Ticket storage shared by the ticket routes and order returns (which open tickets too)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from helpdesk_server import ids
from helpdesk_server.errors import field_error, not_found
from helpdesk_server.timeutil import now_iso
from helpdesk_server.views import attachment_out

_TICKET_SELECT = (
    "SELECT t.*, (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id) AS message_count"
    " FROM tickets t"
)


def claim_attachments(
    conn: sqlite3.Connection, user_id: int, public_ids: Sequence[str]
) -> list[int]:
    """Row ids of the caller's not-yet-used uploads; anything else is a 422 on the field."""
    if len(set(public_ids)) != len(public_ids):
        raise field_error("attachment_ids", "The same attachment is listed twice.")
    row_ids: list[int] = []
    for index, public_id in enumerate(public_ids):
        row = conn.execute(
            "SELECT id, message_id FROM attachments WHERE public_id = ? AND user_id = ?",
            (public_id, user_id),
        ).fetchone()
        if row is None:
            raise field_error(f"attachment_ids.{index}", f"No attachment {public_id[:64]} "
                              "uploaded by you.")
        if row["message_id"] is not None:
            raise field_error(f"attachment_ids.{index}",
                              f"Attachment {public_id} is already part of a message.")
        row_ids.append(int(row["id"]))
    return row_ids


def add_message(
    conn: sqlite3.Connection,
    ticket_id: int,
    author_id: int,
    body: str,
    attachment_ids: Sequence[int] = (),
    created_at: str | None = None,
) -> int:
    """Append a message (and its attachments) and bump the ticket's updated_at."""
    stamp = created_at or now_iso()
    cur = conn.execute(
        "INSERT INTO messages (ticket_id, author_id, body, created_at) VALUES (?, ?, ?, ?)",
        (ticket_id, author_id, body, stamp),
    )
    message_id = int(cur.lastrowid or 0)
    for attachment_id in attachment_ids:
        conn.execute(
            "UPDATE attachments SET message_id = ? WHERE id = ?", (message_id, attachment_id)
        )
    conn.execute("UPDATE tickets SET updated_at = ? WHERE id = ?", (stamp, ticket_id))
    return message_id


def create_ticket(
    conn: sqlite3.Connection,
    user_id: int,
    subject: str,
    body: str,
    *,
    priority: str = "normal",
    category: str | None = None,
    order_id: int | None = None,
    follow_up_of: int | None = None,
    attachment_ids: Sequence[int] = (),
    status: str = "new",
    created_at: str | None = None,
) -> int:
    """Insert a ticket with its first message from the requester."""
    stamp = created_at or now_iso()
    cur = conn.execute(
        "INSERT INTO tickets (user_id, subject, status, priority, category, order_id,"
        " follow_up_of, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (user_id, subject, status, priority, category, order_id, follow_up_of, stamp, stamp),
    )
    ticket_id = int(cur.lastrowid or 0)
    add_message(conn, ticket_id, user_id, body, attachment_ids, created_at=stamp)
    return ticket_id


def owned_ticket(conn: sqlite3.Connection, user_id: int, public_id: str) -> sqlite3.Row:
    """The caller's ticket by public id; missing and foreign tickets are the same 404."""
    row_id = ids.parse_ticket(public_id)
    row: sqlite3.Row | None = None
    if row_id is not None:
        row = conn.execute(
            _TICKET_SELECT + " WHERE t.id = ? AND t.user_id = ?", (row_id, user_id)
        ).fetchone()
    if row is None:
        raise not_found(f"ticket {public_id[:64]}")
    return row


def load_ticket(conn: sqlite3.Connection, ticket_id: int) -> sqlite3.Row:
    row: sqlite3.Row = conn.execute(_TICKET_SELECT + " WHERE t.id = ?", (ticket_id,)).fetchone()
    return row


def list_tickets(
    conn: sqlite3.Connection, user_id: int, statuses: Sequence[str], before: int | None,
    limit: int,
) -> list[sqlite3.Row]:
    """Newest first (by id, which follows creation), `limit + 1` rows for paging."""
    sql = _TICKET_SELECT + " WHERE t.user_id = ? AND t.id < ?"
    params: list[Any] = [user_id, before if before is not None else 2**63 - 1]
    if statuses:
        sql += f" AND t.status IN ({','.join('?' * len(statuses))})"
        params += list(statuses)
    sql += " ORDER BY t.id DESC LIMIT ?"
    params.append(limit + 1)
    return conn.execute(sql, params).fetchall()


def rating_out(row: sqlite3.Row) -> dict[str, Any] | None:
    if row["rating_score"] is None:
        return None
    return {"score": row["rating_score"], "comment": row["rating_comment"],
            "rated_at": row["rated_at"]}


def ticket_out(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": ids.ticket_id(row["id"]),
        "subject": row["subject"],
        "status": row["status"],
        "priority": row["priority"],
        "category": row["category"],
        "order_id": None if row["order_id"] is None else ids.order_id(row["order_id"]),
        "follow_up_of": None if row["follow_up_of"] is None else ids.ticket_id(row["follow_up_of"]),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "message_count": row["message_count"],
        "rating": rating_out(row),
    }


def messages_out(
    conn: sqlite3.Connection, ticket_id: int, message_id: int | None = None
) -> list[dict[str, Any]]:
    """A ticket's messages oldest first (or just one of them), with authors and files."""
    sql = (
        "SELECT m.*, u.name AS author_name, u.role AS author_role FROM messages m"
        " JOIN users u ON u.id = m.author_id WHERE m.ticket_id = ?"
    )
    params: list[Any] = [ticket_id]
    if message_id is not None:
        sql += " AND m.id = ?"
        params.append(message_id)
    rows = conn.execute(sql + " ORDER BY m.id", params).fetchall()
    files: dict[int, list[dict[str, Any]]] = {}
    for att in conn.execute(
        "SELECT a.* FROM attachments a JOIN messages m ON m.id = a.message_id"
        " WHERE m.ticket_id = ? ORDER BY a.id",
        (ticket_id,),
    ):
        files.setdefault(att["message_id"], []).append(attachment_out(att))
    return [
        {
            "id": ids.message_id(r["id"]),
            "ticket_id": ids.ticket_id(ticket_id),
            "author": {"id": ids.user_id(r["author_id"]), "name": r["author_name"],
                       "role": r["author_role"]},
            "body": r["body"],
            "created_at": r["created_at"],
            "attachments": files.get(r["id"], []),
        }
        for r in rows
    ]


def ticket_detail(conn: sqlite3.Connection, ticket_id: int) -> dict[str, Any]:
    return {**ticket_out(load_ticket(conn, ticket_id)), "messages": messages_out(conn, ticket_id)}
