"""Row -> response dict conversions shared by several routers."""

from __future__ import annotations

import sqlite3
from typing import Any

from helpdesk_server import ids


def user_out(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": ids.user_id(row["id"]),
        "email": row["email"],
        "name": row["name"],
        "phone": row["phone"],
        "role": row["role"],
        "created_at": row["created_at"],
    }


def attachment_out(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["public_id"],
        "filename": row["filename"],
        "content_type": row["content_type"],
        "size": row["size"],
        "sha256": row["sha256"],
        "created_at": row["created_at"],
    }


def load_user(conn: sqlite3.Connection, user_id: int) -> sqlite3.Row:
    row: sqlite3.Row = conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
    return row
