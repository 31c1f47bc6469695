"""Idempotency-Key support for creates: replay the first response, refuse a changed body.

The lookup, the create and the stored response share the request's IMMEDIATE
transaction, so two concurrent retries with one key serialise: the second one replays.
Failed requests roll back and store nothing, so a corrected retry may reuse the key.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from helpdesk_server.errors import ProblemError

KEEP_SECONDS = 24 * 3600


def fingerprint(method: str, path: str, body: Any) -> str:
    """What "the same request" means: route and the parsed (normalised) body."""
    canonical = json.dumps(
        {"method": method, "path": path, "body": jsonable_encoder(body)},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class Idempotency:
    """One create under an optional key."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        user_id: int,
        key: str | None,
        request_fingerprint: str,
        *,
        secret_field: str | None = None,
    ) -> None:
        """`secret_field`: a response field shown once; it is never stored, and a replay
        becomes a 409 instead (the stored response would not be the same any more)."""
        self.conn = conn
        self.user_id = user_id
        self.key = key
        self.fingerprint = request_fingerprint
        self.secret_field = secret_field

    def replay(self) -> Response | None:
        """The stored response for this key, None if the create should run."""
        if self.key is None:
            return None
        row = self.conn.execute(
            "SELECT * FROM idempotency_keys WHERE user_id = ? AND key = ?",
            (self.user_id, self.key),
        ).fetchone()
        if row is None:
            return None
        if row["created_epoch"] < time.time() - KEEP_SECONDS:
            self.conn.execute(
                "DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?",
                (self.user_id, self.key),
            )
            return None
        if row["fingerprint"] != self.fingerprint:
            raise ProblemError(
                409,
                "idempotency-key-reused",
                "This Idempotency-Key was already used with a different request.",
                hint="Generate a new key for each new create; reuse it only for retries.",
            )
        if self.secret_field is not None:
            created = json.loads(bytes(row["body"])).get("id", "")
            raise ProblemError(
                409,
                "conflict",
                f"This Idempotency-Key already created {created}; its secret can be shown "
                "only once and is not stored.",
                hint="If the first response was lost, delete that one and create a new one.",
            )
        return Response(
            content=bytes(row["body"]),
            status_code=row["status"],
            media_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )

    def respond(self, status: int, content: Any) -> JSONResponse:
        """Build the response and, under a key, remember it for replays."""
        response = JSONResponse(jsonable_encoder(content), status_code=status)
        if self.key is not None:
            stored = bytes(response.body)
            if self.secret_field is not None:
                redacted = {k: v for k, v in jsonable_encoder(content).items()
                            if k != self.secret_field}
                stored = json.dumps(redacted).encode()
            now = time.time()
            self.conn.execute(
                "DELETE FROM idempotency_keys WHERE created_epoch < ?", (now - KEEP_SECONDS,)
            )
            self.conn.execute(
                "INSERT INTO idempotency_keys (user_id, key, fingerprint, status, body,"
                " created_epoch) VALUES (?, ?, ?, ?, ?, ?)",
                (self.user_id, self.key, self.fingerprint, status, stored, now),
            )
        return response
