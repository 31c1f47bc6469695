"""Personal access tokens for scripts: list, create (secret shown once), delete."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request, Response

from helpdesk_server import ids
from helpdesk_server.db import write_transaction
from helpdesk_server.deps import CurrentUser, DbConn
from helpdesk_server.errors import ProblemError, not_found
from helpdesk_server.idempotency import Idempotency, fingerprint
from helpdesk_server.pagination import CursorQuery, LimitQuery, Page, cursor_int, page_by_id
from helpdesk_server.routes._openapi import IdempotencyKey, problems
from helpdesk_server.schemas.auth import PersonalToken, PersonalTokenCreate, PersonalTokenCreated
from helpdesk_server.security import PERSONAL_PREFIX, new_token, token_hash
from helpdesk_server.timeutil import iso, utcnow

router = APIRouter(prefix="/v1/tokens", tags=["tokens"])


def _token_out(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["public_id"],
        "name": row["name"],
        "prefix": row["prefix"],
        "created_at": row["created_at"],
        "last_used_at": row["last_used_at"],
        "expires_at": row["expires_at"],
    }


@router.get("", response_model=Page[PersonalToken], responses=problems(400, 401, 422))
def list_tokens(
    user: CurrentUser, conn: DbConn, limit: LimitQuery = 20, cursor: CursorQuery = None
) -> dict[str, Any]:
    """The caller's personal tokens, newest first (never the secrets)."""
    after = cursor_int(cursor)
    rows = conn.execute(
        "SELECT * FROM personal_tokens WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
        (user.id, after if after is not None else 2**63 - 1, limit + 1),
    ).fetchall()
    page, next_cursor = page_by_id(rows, limit)
    return {"data": [_token_out(r) for r in page], "next_cursor": next_cursor}


@router.post(
    "",
    status_code=201,
    response_model=PersonalTokenCreated,
    responses=problems(400, 401, 403, 409, 422),
)
def create_token(
    body: PersonalTokenCreate,
    request: Request,
    user: CurrentUser,
    conn: DbConn,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Create a token; its secret is in this response only (never stored, never replayed).

    Only a login session may create one: a leaked personal token must not be able to mint a
    successor that outlives its revocation or expiry.
    """
    with write_transaction(conn):
        if user.personal_token_id is not None:
            raise ProblemError(
                403, "forbidden",
                "A personal access token cannot create personal access tokens.",
                hint="Sign in with your password and create the token from that session.",
            )
        idem = Idempotency(conn, user.id, idempotency_key,
                           fingerprint("POST", request.url.path, body), secret_field="token")
        if (replayed := idem.replay()) is not None:
            return replayed
        secret = new_token(PERSONAL_PREFIX)
        now = utcnow()
        days = body.expires_in_days
        expires = None if days is None else now + timedelta(days=days)
        public_id = ids.new_token_id()
        conn.execute(
            "INSERT INTO personal_tokens (public_id, user_id, name, token_hash, prefix, created_at,"
            " expires_at, expires_epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                public_id,
                user.id,
                body.name,
                token_hash(secret),
                secret[:8],
                iso(now),
                None if expires is None else iso(expires),
                None if expires is None else time.time() + body.expires_in_days * 86400,  # type: ignore[operator]
            ),
        )
        row = conn.execute("SELECT * FROM personal_tokens WHERE public_id = ?",
                           (public_id,)).fetchone()
        return idem.respond(201, {**_token_out(row), "token": secret})


@router.delete("/{token_id}", status_code=204, response_class=Response,
               responses=problems(401, 404))
def delete_token(token_id: str, user: CurrentUser, conn: DbConn) -> Response:
    """Revoke a token at once; someone else's token is a 404 like a missing one."""
    with write_transaction(conn):
        cur = conn.execute(
            "DELETE FROM personal_tokens WHERE public_id = ? AND user_id = ?", (token_id, user.id)
        )
        if cur.rowcount == 0:
            raise not_found(f"token {token_id}")
        return Response(status_code=204)
