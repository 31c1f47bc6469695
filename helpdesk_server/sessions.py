"""Login sessions: an access + refresh token pair, rotated as a family on refresh."""

from __future__ import annotations

import sqlite3
import time

from helpdesk_server.config import ServerSettings
from helpdesk_server.security import ACCESS_PREFIX, REFRESH_PREFIX, new_token, token_hash
from helpdesk_server.timeutil import now_iso


def issue(
    conn: sqlite3.Connection, user_id: int, settings: ServerSettings, family_id: int | None = None
) -> tuple[str, str]:
    """Create a session; return (access token, refresh token). Secrets are never stored."""
    access, refresh = new_token(ACCESS_PREFIX), new_token(REFRESH_PREFIX)
    now = time.time()
    cur = conn.execute(
        "INSERT INTO sessions (user_id, family_id, access_hash, refresh_hash, access_expires,"
        " refresh_expires, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            user_id,
            family_id,
            token_hash(access),
            token_hash(refresh),
            now + settings.access_token_ttl,
            now + settings.refresh_token_ttl,
            now_iso(),
        ),
    )
    if family_id is None:
        conn.execute("UPDATE sessions SET family_id = id WHERE id = ?", (cur.lastrowid,))
    return access, refresh


def revoke(conn: sqlite3.Connection, session_id: int) -> None:
    conn.execute(
        "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        (now_iso(), session_id),
    )


def rotate(conn: sqlite3.Connection, session_id: int) -> None:
    """Retire a session because its refresh token was exchanged (not because of theft)."""
    conn.execute(
        "UPDATE sessions SET revoked_at = ?, rotated_epoch = ? WHERE id = ?"
        " AND revoked_at IS NULL",
        (now_iso(), time.time(), session_id),
    )


def in_reuse_grace(conn: sqlite3.Connection, row: sqlite3.Row, grace_s: float) -> bool:
    """A rotated token presented again shortly after, while its family is still alive.

    That is a second process of the same user that loaded the token pair before the first
    one rotated it (parallel CLI runs). A token revoked by logout or theft detection, or
    presented after the window, gets no grace.
    """
    rotated = row["rotated_epoch"]
    if rotated is None or time.time() - rotated > grace_s:
        return False
    alive = conn.execute(
        "SELECT 1 FROM sessions WHERE family_id = ? AND revoked_at IS NULL LIMIT 1",
        (row["family_id"],),
    ).fetchone()
    return alive is not None


def revoke_family(conn: sqlite3.Connection, family_id: int) -> None:
    """A used refresh token came back: assume theft and end every descendant session."""
    conn.execute(
        "UPDATE sessions SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
        (now_iso(), family_id),
    )


def revoke_all_except(conn: sqlite3.Connection, user_id: int, keep_session: int | None) -> None:
    """After a password change: every other login session ends.

    Personal tokens are deliberately kept: scripts should not break because a person
    changed their password (they are revoked one by one with DELETE /v1/tokens/{id}).
    """
    conn.execute(
        "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"
        " AND id IS NOT ?",
        (now_iso(), user_id, keep_session),
    )
