"""Login, refresh-token rotation and logout."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from helpdesk_server import sessions
from helpdesk_server.deps import (
    BearerCredentials,
    DbConn,
    Settings,
    authenticate,
    deferred_write,
    remember_identity,
    unauthenticated,
    write_transaction,
)
from helpdesk_server.errors import problem_body, problem_response, request_id_of
from helpdesk_server.routes._openapi import problems
from helpdesk_server.schemas.auth import LogoutRequest, RefreshRequest, TokenPair, TokenRequest
from helpdesk_server.security import token_hash, verify_password
from helpdesk_server.views import load_user, user_out

router = APIRouter(prefix="/v1/auth", tags=["auth"])


def _pair(access: str, refresh: str, ttl: int, user: dict[str, Any]) -> dict[str, Any]:
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "bearer",
        "expires_in": ttl,
        "user": user,
    }


@router.post(
    "/token", response_model=TokenPair, responses=problems(400, 401, 422)
)
@deferred_write
def login(body: TokenRequest, conn: DbConn, settings: Settings) -> dict[str, Any]:
    """Exchange email + password for an access/refresh token pair.

    The argon2 check (~50 ms) runs outside any transaction; only the session insert takes
    the write lock, so a flood of logins cannot starve other writers.
    """
    row = conn.execute("SELECT * FROM users WHERE email = ?", (body.email.strip(),)).fetchone()
    if not verify_password(row["password_hash"] if row else None, body.password) or row is None:
        raise unauthenticated("Wrong email or password.")
    with write_transaction(conn):
        access, refresh = sessions.issue(conn, row["id"], settings)
    return _pair(access, refresh, settings.access_token_ttl, user_out(row))


@router.post(
    "/refresh", response_model=TokenPair, responses=problems(400, 401, 422)
)
def refresh(
    body: RefreshRequest, request: Request, conn: DbConn, settings: Settings
) -> Any:
    """Rotate: the old refresh token and its access token die, a new pair is issued.

    Presenting an already-rotated refresh token revokes the whole family, since one of the
    two holders must be an attacker (OAuth 2.0 security BCP, refresh token reuse detection).
    Within `refresh_reuse_grace` seconds of the rotation it instead gets another pair of
    the same family: parallel processes of one user refresh with the same stored token.
    """
    row = conn.execute(
        "SELECT * FROM sessions WHERE refresh_hash = ?", (token_hash(body.refresh_token),)
    ).fetchone()
    if row is None or row["refresh_expires"] <= time.time():
        raise unauthenticated("The refresh token is invalid or expired.")
    if row["revoked_at"] is not None:
        if sessions.in_reuse_grace(conn, row, settings.refresh_reuse_grace):
            access, refresh_token = sessions.issue(conn, row["user_id"], settings,
                                                   row["family_id"])
            user = user_out(load_user(conn, row["user_id"]))
            return JSONResponse(_pair(access, refresh_token, settings.access_token_ttl, user))
        sessions.revoke_family(conn, row["family_id"])
        # Returned, not raised: the revocation above must be committed.
        problem = unauthenticated("The refresh token was already used or revoked.")
        body_ = problem_body(401, problem.code, problem.detail, request_id_of(request),
                             hint=problem.hint)
        return problem_response(401, body_, problem.headers)
    sessions.rotate(conn, row["id"])
    access, refresh_token = sessions.issue(conn, row["user_id"], settings, row["family_id"])
    user = user_out(load_user(conn, row["user_id"]))
    return JSONResponse(_pair(access, refresh_token, settings.access_token_ttl, user))


@router.post(
    "/logout", status_code=204, response_class=Response, responses=problems(401, 422)
)
def logout(
    request: Request,
    conn: DbConn,
    credentials: BearerCredentials,
    body: LogoutRequest | None = None,
) -> Response:
    """End the login (the whole session family), or delete the calling personal token.

    With `{"refresh_token": …}` the family of that refresh token ends too, even when the
    access token has expired or is missing: a logout must not leave a live refresh token.
    """
    ended = False
    if body is not None and body.refresh_token is not None:
        row = conn.execute(
            "SELECT family_id FROM sessions WHERE refresh_hash = ?",
            (token_hash(body.refresh_token),),
        ).fetchone()
        if row is not None:
            sessions.revoke_family(conn, row["family_id"])
            ended = True
    token = credentials.credentials if credentials is not None else None
    user = authenticate(conn, token) if token is not None else None
    if token is not None and user is not None:
        remember_identity(request, token, user)
        if user.session_id is not None:
            family = conn.execute(
                "SELECT family_id FROM sessions WHERE id = ?", (user.session_id,)
            ).fetchone()
            sessions.revoke_family(conn, family["family_id"])
        if user.personal_token_id is not None:
            conn.execute("DELETE FROM personal_tokens WHERE id = ?", (user.personal_token_id,))
        ended = True
    if not ended:
        if credentials is None and (body is None or body.refresh_token is None):
            raise unauthenticated(
                "Send the access token as `Authorization: Bearer <token>` and/or the "
                "refresh token in the body."
            )
        raise unauthenticated("The token is invalid, expired or revoked.")
    return Response(status_code=204)
