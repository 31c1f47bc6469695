"""From decoded JSON into the models (msgspec), and back, with our own error wording.

msgspec does the validating, in C; this module only words its verdict for a person (and for
the CLI's stable JSON errors): ``data[1].message_count: expected integer, got boolean``. Unknown
fields are ignored (the server may grow); anything missing or mistyped raises
:class:`InvalidResponseError` naming the path, so a caller never sees a KeyError.
"""

from __future__ import annotations

import re
import typing
from datetime import UTC, datetime
from typing import Any, TypeVar

import msgspec

from .errors import InvalidResponseError

T = TypeVar("T")

# msgspec's names of JSON types, in the words of docs/api.md.
_TYPE_WORDS = {"int": "integer", "str": "string", "bool": "boolean", "float": "number",
               "null": "null", "array": "array", "object": "object",
               "datetime": "RFC 3339 timestamp"}
_EXPECTED = re.compile(r"Expected `([^`]+)`, got `([^`]+)`")
_MISSING = re.compile(r"Object missing required field `([^`]+)`")


@typing.overload
def parse(tp: type[T], data: object, *, request_id: str | None = None) -> T: ...
@typing.overload
def parse(tp: Any, data: object, *, request_id: str | None = None) -> Any: ...


def parse(tp: Any, data: object, *, request_id: str | None = None) -> Any:
    """Validate ``data`` (decoded JSON) as ``tp``; raise InvalidResponseError on mismatch."""
    try:
        return msgspec.convert(data, tp)
    except msgspec.ValidationError as exc:
        path, reason = _words(str(exc))
        raise InvalidResponseError(
            f"invalid response: {path}: {reason}", field=path, request_id=request_id,
        ) from None


def _words(message: str) -> tuple[str, str]:
    """(path, reason) of a msgspec error: ``data[1].status``, ``expected one of …``."""
    text, _, where = message.partition(" - at `")
    path = where.rstrip("`") or "$"
    path = path.removeprefix("$.") if path != "$" else path
    if (missing := _MISSING.fullmatch(text)) is not None:
        name = missing.group(1)
        return (name if path == "$" else f"{path}.{name}"), "required field is missing"
    if (expected := _EXPECTED.fullmatch(text)) is not None:
        want, got = (" or ".join(_TYPE_WORDS.get(name, name) for name in names.split(" | "))
                     for names in expected.groups())
        return path, f"expected {want}, got {got}"
    if text.startswith("Invalid enum value"):
        return path, f"expected one of the documented values, got {text.split(' ', 3)[3]}"
    if text.startswith("Invalid RFC3339"):
        return path, "expected RFC 3339 timestamp"
    if "timezone component" in text:
        return path, "timestamp without a UTC offset"
    return path, text[:1].lower() + text[1:]


def to_dict(obj: object) -> dict[str, Any]:
    """A JSON-ready dict of a model: nested models become dicts, datetimes RFC 3339 ``Z``."""
    if not isinstance(obj, msgspec.Struct):
        raise TypeError(f"to_dict expects a model instance, got {type(obj).__name__}")
    result = _utc(msgspec.to_builtins(obj, builtin_types=(datetime,)))
    assert isinstance(result, dict)
    return result


def _utc(value: object) -> object:
    """Datetimes written in UTC with ``Z`` whatever offset the server sent (stable output)."""
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, dict):
        return {key: _utc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_utc(item) for item in value]
    return value


def format_timestamp(value: datetime) -> str:
    """RFC 3339 in UTC with a ``Z`` suffix, as the API writes them."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    text = value.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"
