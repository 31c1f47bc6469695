"""Login, refresh-token rotation and logout."""

from __future__ import annotations

import math
import time
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from helpdesk_server import sessions
from helpdesk_server.bodylimit import max_body
from helpdesk_server.db import write_transaction
from helpdesk_server.deps import (
    BearerCredentials,
    DbConn,
    Settings,
    authenticate,
    remember_identity,
    unauthenticated,
)
from helpdesk_server.errors import problem_body, problem_response, request_id_of
from helpdesk_server.routes._openapi import problems
from helpdesk_server.schemas.auth import LogoutRequest, RefreshRequest, TokenPair, TokenRequest
from helpdesk_server.security import token_hash, verify_password
from helpdesk_server.signin import SignInGuard
from helpdesk_server.views import load_user, user_out

router = APIRouter(prefix="/v1/auth", tags=["auth"])

_LOCKED: dict[int | str, dict[str, Any]] = {429: {**problems(429)[429], "description": (
    "Rate limit exceeded, or the account is locked after failed sign-ins (`account-locked`); "
    "see `Retry-After`.")}}
# Public routes whose bodies are an email, a password or a token: a few hundred bytes.
_AUTH_MAX_BODY = 16 * 1024


def _pair(access: str, refresh: str, ttl: int, user: dict[str, Any]) -> dict[str, Any]:
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "bearer",
        "expires_in": ttl,
        "user": user,
    }


@router.post(
    "/token", response_model=TokenPair, responses=problems(400, 401, 413, 422) | _LOCKED,
)
@max_body(_AUTH_MAX_BODY)
def login(
    body: TokenRequest, request: Request, conn: DbConn, settings: Settings
) -> dict[str, Any]:
    """Exchange email + password for an access/refresh token pair.

    The argon2 check (~50 ms) runs outside any transaction; only the session insert takes
    the write lock, so a flood of logins cannot starve other writers. Wrong passwords count
    towards the account's sign-in lock (see `signin`).
    """
    guard: SignInGuard = request.app.state.sign_in_guard
    with guard.attempt(body.email) as attempt:
        row = conn.execute("SELECT * FROM users WHERE email = ?",
                           (body.email.strip(),)).fetchone()
        if not verify_password(row["password_hash"] if row else None, body.password) \
                or row is None:
            problem = unauthenticated("Wrong email or password.")
            if attempt.failed():
                problem.hint = (f"That was {guard.max_failures} failed attempts in a row: "
                                "sign-in to this account is now paused for "
                                f"{math.ceil(guard.lock_seconds / 60)} minutes.")
            raise problem
        with write_transaction(conn):
            access, refresh = sessions.issue(conn, row["id"], settings)
        attempt.succeeded()
    return _pair(access, refresh, settings.access_token_ttl, user_out(row))


@router.post(
    "/refresh", response_model=TokenPair, responses=problems(400, 401, 422)
)
@max_body(_AUTH_MAX_BODY)
def refresh(
    body: RefreshRequest, request: Request, conn: DbConn, settings: Settings
) -> Any:
    """Rotate: the old refresh token and its access token die, a new pair is issued.

    Presenting an already-rotated refresh token revokes the whole family, since one of the
    two holders must be an attacker (OAuth 2.0 security BCP, refresh token reuse detection).
    Within `refresh_reuse_grace` seconds of the rotation it instead gets another pair of
    the same family: parallel processes of one user refresh with the same stored token.
    """
    with write_transaction(conn):
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
    "/logout", status_code=204, response_class=Response, responses=problems(401, 422),
    # The bearer is optional here (a refresh token in the body is enough): "either".
    openapi_extra={"security": [{}]},
)
@max_body(_AUTH_MAX_BODY)
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
    with write_transaction(conn):
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
