"""References in request bodies to the caller's own tickets and orders."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from helpdesk_server.errors import field_error


def owned_ref(conn: sqlite3.Connection, user_id: int, table: str, field: str,
              public_id: str | None, parse: Callable[[str], int | None]) -> int | None:
    """Resolve an optional reference to one of the caller's rows, or 422 on the field.

    An order may also be named by its receipt number (`NW-48102`, any case): that is the one
    customers know, from their emails and the order list, so a chat or ticket about it must
    accept it as the order routes do.
    """
    if public_id is None:
        return None
    row_id = parse(public_id)
    row: sqlite3.Row | tuple[int] | None = None
    if row_id is not None:
        row = conn.execute(f"SELECT id FROM {table} WHERE id = ? AND user_id = ?",
                           (row_id, user_id)).fetchone()
    elif table == "orders":
        row = conn.execute("SELECT id FROM orders WHERE number = ? COLLATE NOCASE"
                           " AND user_id = ?", (public_id.strip(), user_id)).fetchone()
    if row is not None:
        return int(row[0])
    raise field_error(field, f"No {field.replace('_', ' ')} {public_id[:64]} in your account.")
