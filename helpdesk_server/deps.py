"""FastAPI dependencies: settings, one database connection per request, the caller."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from helpdesk_server import ids
from helpdesk_server.config import ServerSettings
from helpdesk_server.db import ConnectionPool, write_transaction
from helpdesk_server.errors import ProblemError
from helpdesk_server.middleware import RateIdentities
from helpdesk_server.security import ACCESS_PREFIX, PERSONAL_PREFIX, token_hash
from helpdesk_server.timeutil import now_iso


@dataclass(frozen=True)
class AuthUser:
    """The authenticated caller, and which credential it used (for logout)."""

    id: int
    public_id: str
    email: str
    name: str
    role: str
    session_id: int | None = None
    personal_token_id: int | None = None


def get_settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


async def get_conn(request: Request) -> AsyncIterator[sqlite3.Connection]:
    """One pooled connection per request, in autocommit; it opens no transaction.

    Async, so taking and giving back a pooled connection costs no hop to the threadpool
    (two per request as a sync generator): both are a list pop/append under a lock.

    Routes wrap their writes in `write_transaction` inside their own body. Opening the
    transaction here instead would hold SQLite's write lock from this dependency (one worker
    thread) across the waits for the next threads (auth, route body), while other writers
    sit in the 40 worker threads waiting for that lock: at 41 concurrent writers nobody
    could move until the busy timeout ran out.
    """
    pool: ConnectionPool = request.app.state.db_pool
    conn = pool.acquire()
    try:
        yield conn
    finally:
        pool.release(conn)  # rolls back whatever an error left open


DbConn = Annotated[sqlite3.Connection, Depends(get_conn, scope="function")]
Settings = Annotated[ServerSettings, Depends(get_settings)]

_bearer = HTTPBearer(
    auto_error=False, description="An access token (hda_…) or personal token (hdp_…)."
)
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def unauthenticated(detail: str) -> ProblemError:
    return ProblemError(
        401,
        "unauthenticated",
        detail,
        hint="Log in again (POST /v1/auth/token) or use a valid personal access token.",
        headers={"WWW-Authenticate": 'Bearer realm="helpdesk"'},
    )


def _user_from_row(row: sqlite3.Row, **credential: int | None) -> AuthUser:
    return AuthUser(
        id=row["id"],
        public_id=ids.user_id(row["id"]),
        email=row["email"],
        name=row["name"],
        role=row["role"],
        **credential,
    )


def authenticate(conn: sqlite3.Connection, token: str, *, touch: bool = True) -> AuthUser | None:
    """Resolve a bearer token to its user, or None if unknown, expired or revoked.

    `touch=False` leaves a personal token's `last_used_at` alone, for read-only callers.
    """
    now = time.time()
    digest = token_hash(token)
    if token.startswith(ACCESS_PREFIX):
        row = conn.execute(
            "SELECT u.*, s.id AS session_id FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.access_hash = ? AND s.revoked_at IS NULL AND s.access_expires > ?",
            (digest, now),
        ).fetchone()
        return None if row is None else _user_from_row(row, session_id=row["session_id"])
    if token.startswith(PERSONAL_PREFIX):
        row = conn.execute(
            "SELECT u.*, t.id AS token_id, t.last_used_at FROM personal_tokens t"
            " JOIN users u ON u.id = t.user_id"
            " WHERE t.token_hash = ? AND (t.expires_epoch IS NULL OR t.expires_epoch > ?)",
            (digest, now),
        ).fetchone()
        if row is None:
            return None
        if touch:
            _touch_token(conn, row["token_id"], row["last_used_at"])
        return _user_from_row(row, personal_token_id=row["token_id"])
    return None


def token_identity(conn: sqlite3.Connection, token: str) -> str | None:
    """Whom a valid bearer token bills for rate limiting (`u:<user id>`); None if invalid.

    The rate limiter runs before the route, so it asks `authenticate` (one definition of a
    valid token) without recording the use.
    """
    user = authenticate(conn, token, touch=False)
    return None if user is None else f"u:{user.id}"


def _touch_token(conn: sqlite3.Connection, token_id: int, last_used_at: str | None) -> None:
    """Record use at minute resolution so reads rarely turn into writes."""
    stamp = now_iso()
    if last_used_at is not None and last_used_at[:16] == stamp[:16]:
        return
    update = "UPDATE personal_tokens SET last_used_at = ? WHERE id = ?"
    if conn.in_transaction:  # already inside the caller's write transaction
        conn.execute(update, (stamp, token_id))
        return
    with write_transaction(conn):
        conn.execute(update, (stamp, token_id))


def remember_identity(request: Request, token: str, user: AuthUser) -> None:
    """Let the rate limiter bill this token's later requests to its user, not the IP."""
    identities: RateIdentities | None = getattr(request.app.state, "rate_identities", None)
    if identities is not None:
        identities.remember(token, f"u:{user.id}")


def verified_user(request: Request, conn: sqlite3.Connection, token: str) -> AuthUser:
    """Authenticate a bearer token or raise the 401 problem."""
    user = authenticate(conn, token)
    if user is None:
        raise unauthenticated("The token is invalid, expired or revoked.")
    remember_identity(request, token, user)
    return user


async def current_user(request: Request, conn: DbConn, credentials: BearerCredentials
                       ) -> AuthUser:
    """The authenticated caller; 401 problem when the token is missing or not valid.

    An access token is one indexed read and never a write: checked on the event loop, which
    is cheaper than a hop to the threadpool (as the event streams' reads are). A personal
    token may record its use (a write that can wait for the writer lock): in the threadpool.
    """
    if credentials is None:
        raise unauthenticated("This route needs an `Authorization: Bearer <token>` header.")
    token = credentials.credentials
    if token.startswith(ACCESS_PREFIX):
        return verified_user(request, conn, token)
    return await run_in_threadpool(verified_user, request, conn, token)


CurrentUser = Annotated[AuthUser, Depends(current_user)]
