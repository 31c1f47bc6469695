"""OpenAPI declarations shared by the routers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header

from helpdesk_server.errors import PROBLEM_MEDIA_TYPE

_DESCRIPTIONS = {
    400: "Malformed request: a body that is not JSON (or a malformed multipart body), or a "
         "`cursor` that is not the unchanged `next_cursor` of an earlier page of the same "
         "query (cursors are opaque: no schema can tell a forged one from a real one).",
    401: "Missing, invalid, expired or revoked token.",
    403: "Forbidden.",
    404: "No such resource (or it belongs to someone else).",
    409: "Conflict with the current state.",
    413: "The request body is larger than this route's limit.",
    415: "The request body is not in a media type this route takes.",
    422: "Validation failed; `errors` names the fields.",
    429: "Rate limit exceeded; see `Retry-After`.",
    503: "The database is busy; retry after `Retry-After` seconds.",
}

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries declaring problem+json errors for a route.

    429 and 503 are not listed per route: `app._polish` adds them to every rate-limited
    path, from the same set the middleware exempts.
    """
    return {
        status: {
            "description": _DESCRIPTIONS[status],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}},
        }
        for status in statuses
    }


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Retry-safe creates: the same key and body replay the first response.",
    ),
]
