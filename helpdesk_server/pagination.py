"""Opaque keyset cursors and the list envelope shared by every collection route."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from helpdesk_server.errors import ProblemError

T = TypeVar("T")

MAX_CURSOR_CHARS = 1024

LimitQuery = Annotated[int, Query(ge=1, le=100, description="Page size (1..100).")]
CursorQuery = Annotated[
    str | None,
    Query(max_length=MAX_CURSOR_CHARS, description="`next_cursor` of the previous page."),
]


class Page(BaseModel, Generic[T]):
    """`{"data": [...], "next_cursor": ...}`; a null cursor means this is the last page."""

    data: list[T]
    next_cursor: str | None


def encode_cursor(data: dict[str, Any]) -> str:
    """Serialise keyset state as unpadded url-safe base64 JSON."""
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _bad_cursor() -> ProblemError:
    return ProblemError(
        400,
        "bad-request",
        "The cursor is malformed.",
        hint="Pass the next_cursor of a previous page unchanged, or omit it to start over.",
    )


def decode_cursor(cursor: str) -> dict[str, Any]:
    """Inverse of `encode_cursor`; anything that is not one of ours is a 400."""
    if not cursor or len(cursor) > MAX_CURSOR_CHARS:
        raise _bad_cursor()
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii"))
        data = json.loads(raw)
    except (ValueError, UnicodeError, binascii.Error):
        raise _bad_cursor() from None
    if not isinstance(data, dict):
        raise _bad_cursor()
    return data


def cursor_int(cursor: str | None, key: str = "k") -> int | None:
    """The integer keyset position in a cursor, None when there is no cursor."""
    if cursor is None:
        return None
    value = decode_cursor(cursor).get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise _bad_cursor()
    return value


def page_by_id(rows: list[Any], limit: int, key: str = "id") -> tuple[list[Any], str | None]:
    """Split `limit + 1` fetched rows into a page and the cursor after its last row."""
    if len(rows) <= limit:
        return rows, None
    page = rows[:limit]
    return page, encode_cursor({"k": int(page[-1][key])})
