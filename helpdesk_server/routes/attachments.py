"""Attachments: upload (multipart, streamed to disk) and owner/agent-only download."""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from helpdesk_server import ids
from helpdesk_server.bodylimit import max_body
from helpdesk_server.db import connect, write_transaction
from helpdesk_server.deps import (
    AuthUser,
    BearerCredentials,
    CurrentUser,
    DbConn,
    Settings,
    unauthenticated,
    verified_user,
)
from helpdesk_server.errors import not_found
from helpdesk_server.idempotency import Idempotency, fingerprint
from helpdesk_server.routes._openapi import IdempotencyKey, problems
from helpdesk_server.schemas.tickets import Attachment
from helpdesk_server.timeutil import now_iso
from helpdesk_server.uploads import StoredUpload, receive_upload
from helpdesk_server.views import attachment_out

router = APIRouter(prefix="/v1/attachments", tags=["attachments"])

_UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {
                    "type": "string", "format": "binary", "minLength": 1,
                    "description": "The file: at least 1 byte (an empty file is refused), at "
                                   "most the server's upload limit (10 MiB by default; 413 "
                                   "beyond it).",
                }},
            }
        }
    },
}


def _authenticate(request: Request, settings_db: Any, credentials: Any) -> AuthUser:
    """Auth on a short-lived connection: no transaction may stay open during an upload."""
    if credentials is None:
        raise unauthenticated("This route needs an `Authorization: Bearer <token>` header.")
    conn = connect(settings_db)
    try:
        return verified_user(request, conn, credentials.credentials)
    finally:
        conn.close()


def _record(db_path: Any, user: AuthUser, upload: StoredUpload, key: str | None, path: str,
            files_dir: Any) -> Response:
    conn = connect(db_path)
    try:
        with write_transaction(conn):
            idem = Idempotency(conn, user.id, key, fingerprint("POST", path, {
                "filename": upload.filename, "content_type": upload.content_type,
                "size": upload.size, "sha256": upload.sha256}))
            replayed = idem.replay()
            if replayed is not None:
                upload.discard()
                return replayed
            public_id = ids.new_attachment_id()
            upload.move_to(files_dir / public_id)
            conn.execute(
                "INSERT INTO attachments (public_id, user_id, filename, content_type, size,"
                " sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (public_id, user.id, upload.filename, upload.content_type, upload.size,
                 upload.sha256, now_iso()),
            )
            row = conn.execute("SELECT * FROM attachments WHERE public_id = ?",
                               (public_id,)).fetchone()
            return idem.respond(201, attachment_out(row))
    except BaseException:
        upload.discard()
        raise
    finally:
        conn.close()


@router.post(
    "",
    status_code=201,
    response_model=Attachment,
    responses=problems(400, 401, 409, 413, 415, 422),
    openapi_extra={"requestBody": _UPLOAD_BODY},
)
@max_body(None)  # streamed to disk; receive_upload enforces max_upload_bytes
async def upload(
    request: Request,
    credentials: BearerCredentials,
    settings: Settings,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Upload one file (form field `file`); use its id in `attachment_ids` of a ticket/reply."""
    user = await run_in_threadpool(_authenticate, request, settings.db_path, credentials)
    stored = await receive_upload(
        request.headers.get("content-type"),
        request.headers.get("content-length"),
        request.stream(),
        settings.files_dir,
        settings.max_upload_bytes,
    )
    return await run_in_threadpool(_record, settings.db_path, user, stored, idempotency_key,
                                   request.url.path, settings.files_dir)


@router.get(
    "/{attachment_id}",
    response_class=FileResponse,
    responses={
        200: {"description": "The file's bytes.",
              "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
        **problems(401, 404),
    },
)
def download(attachment_id: str, user: CurrentUser, conn: DbConn, settings: Settings) -> Response:
    """The bytes, to the uploader or an agent; anyone else gets the same 404 as for no file."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM attachments WHERE public_id = ?", (attachment_id,)
    ).fetchone()
    if row is None or (row["user_id"] != user.id and user.role != "agent"):
        raise not_found(f"attachment {attachment_id[:64]}")
    path = settings.files_dir / row["public_id"]
    if not path.is_file():
        raise not_found(f"file for attachment {row['public_id']} (it was removed)")
    return FileResponse(
        path,
        media_type=row["content_type"],
        headers={"Content-Disposition": content_disposition(row["filename"]),
                 "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII-only quoted `filename` for old clients, plus `filename*` (RFC 8187).

    The fallback replaces anything that could break out of the quoted string or confuse a
    naive `;` split (quotes, backslashes, semicolons, controls, non-ASCII) with `_`; the
    exact name travels percent-encoded in `filename*`, which clients prefer.
    """
    fallback = "".join(
        c if " " <= c <= "~" and c not in '"\\;%' else "_" for c in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
