"""Public ids: typeable strings that hide row ids behind a prefix and an offset.

Parsers return None for anything that is not a well-formed id of that kind, so routes can
answer 404 exactly as they would for a missing row.
"""

from __future__ import annotations

import re
import secrets

_USER_OFFSET = 0
_TICKET_OFFSET = 1000
_MESSAGE_OFFSET = 5000
_ORDER_OFFSET = 10000
_RETURN_OFFSET = 500

_MAX_ROWID = 2**63 - 1


def _parse(text: str, pattern: re.Pattern[str], offset: int) -> int | None:
    match = pattern.fullmatch(text)
    if match is None:
        return None
    value = int(match.group(1)) - offset
    return value if 0 < value <= _MAX_ROWID else None


_TICKET_RE = re.compile(r"T([0-9]{1,18})", re.IGNORECASE)
_ORDER_RE = re.compile(r"SO([0-9]{1,18})", re.IGNORECASE)


def user_id(row_id: int) -> str:
    return f"u_{row_id + _USER_OFFSET}"


def ticket_id(row_id: int) -> str:
    return f"T{row_id + _TICKET_OFFSET}"


def parse_ticket(text: str) -> int | None:
    return _parse(text, _TICKET_RE, _TICKET_OFFSET)


def message_id(row_id: int) -> str:
    return f"m_{row_id + _MESSAGE_OFFSET}"


def order_id(row_id: int) -> str:
    return f"SO{row_id + _ORDER_OFFSET}"


def parse_order(text: str) -> int | None:
    return _parse(text, _ORDER_RE, _ORDER_OFFSET)


def return_id(row_id: int) -> str:
    return f"R{row_id + _RETURN_OFFSET}"


def new_attachment_id() -> str:
    """`att_` + 22 url-safe chars (132 random bits): unguessable, unlike row-based ids."""
    return "att_" + secrets.token_urlsafe(17)[:22]


def new_token_id() -> str:
    return "pat_" + secrets.token_hex(6)


def item_id(row_id: int) -> str:
    return f"it_{row_id}"


_ITEM_RE = re.compile(r"it_([0-9]{1,18})")


def parse_item(text: str) -> int | None:
    return _parse(text, _ITEM_RE, 0)


def payment_id(row_id: int) -> str:
    return f"pay_{row_id}"


def shipment_id(row_id: int) -> str:
    return f"shp_{row_id}"
