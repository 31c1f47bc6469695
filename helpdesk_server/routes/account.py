"""The caller's own account: profile and password."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from helpdesk_server import sessions
from helpdesk_server.db import write_transaction
from helpdesk_server.deps import CurrentUser, DbConn
from helpdesk_server.errors import field_error
from helpdesk_server.routes._openapi import problems
from helpdesk_server.schemas.auth import AccountUpdate, PasswordChange, User
from helpdesk_server.security import hash_password, verify_password
from helpdesk_server.signin import SignInGuard
from helpdesk_server.views import load_user, user_out

router = APIRouter(prefix="/v1/me", tags=["account"])


@router.get("", response_model=User, responses=problems(401))
def get_me(user: CurrentUser, conn: DbConn) -> dict[str, Any]:
    """The caller's profile."""
    return user_out(load_user(conn, user.id))


@router.patch("", response_model=User, responses=problems(400, 401, 422))
def update_me(body: AccountUpdate, user: CurrentUser, conn: DbConn) -> dict[str, Any]:
    """Change name and/or phone; an absent field is left alone, `phone: null` clears it."""
    with write_transaction(conn):
        fields = body.model_fields_set
        if "name" in fields:
            if body.name is None:
                raise field_error("name", "Name cannot be null.")
            conn.execute("UPDATE users SET name = ? WHERE id = ?", (body.name, user.id))
        if "phone" in fields:
            conn.execute("UPDATE users SET phone = ? WHERE id = ?", (body.phone or None, user.id))
        return user_out(load_user(conn, user.id))


@router.post("/password", status_code=204, response_class=Response,
             responses=problems(400, 401, 422))
def change_password(
    body: PasswordChange, request: Request, user: CurrentUser, conn: DbConn
) -> Response:
    """Change the password; every other login session of the account is revoked.

    Both argon2 steps run before the write lock is taken. The update is conditional on the
    hash that was verified, so a concurrent change in between makes this one fail cleanly.
    """
    row = load_user(conn, user.id)
    if not verify_password(row["password_hash"], body.current_password):
        raise field_error("current_password", "The current password is wrong.")
    if body.new_password == body.current_password:
        raise field_error("new_password", "The new password must differ from the current one.")
    new_hash = hash_password(body.new_password)
    with write_transaction(conn):
        cur = conn.execute(
            "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?",
            (new_hash, user.id, row["password_hash"]),
        )
        if cur.rowcount == 0:
            raise field_error("current_password", "The password was changed meanwhile.")
        sessions.revoke_all_except(conn, user.id, user.session_id)
    # As the FAQ article "account-locked" says: a new password lifts a sign-in lock at once.
    guard: SignInGuard = request.app.state.sign_in_guard
    guard.clear(user.email)
    return Response(status_code=204)
