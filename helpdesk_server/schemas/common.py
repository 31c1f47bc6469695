"""Shared model pieces: strict request bases, timestamps, problems, meta."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from annotated_types import GroupedMetadata, Interval
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)

Timestamp = Annotated[
    str, Field(json_schema_extra={"format": "date-time"}, examples=["2026-11-24T10:15:00Z"])
]


# What counts as whitespace in user text: exactly the `\s` of ECMA-262, the regex dialect
# of JSON Schema patterns, spelled out so that every engine (Python's `re` here, the
# contract's readers and property-based testers) agrees; Python's own `\s` and
# `str.strip()` differ from it (U+001C..U+001F, U+0085, U+FEFF).
_WS_CLASS = r"\u0009-\u000d\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
WHITESPACE = "".join(
    chr(c) for c in (*range(0x09, 0x0E), 0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028,
                     0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF)
)
# Required text must hold a character that is not whitespace.
NON_BLANK = f"^[{_WS_CLASS}]*[^{_WS_CLASS}]"


def _strip(value: str) -> str:
    return value.strip(WHITESPACE)


@dataclass(frozen=True)
class _Text(GroupedMetadata):
    min_length: int
    max_length: int

    def __iter__(self) -> Iterator[object]:
        yield StringConstraints(max_length=self.max_length,
                                pattern=NON_BLANK if self.min_length > 0 else None)
        yield AfterValidator(_strip)


def text(min_length: int, max_length: int) -> object:
    """Constraints for user text, as the contract states them: at most `max_length`
    characters as sent, non-blank when `min_length` > 0; stored without surrounding
    whitespace (so a non-blank value is never empty once stripped)."""
    return _Text(min_length, max_length)


class RequestModel(BaseModel):
    """Request bodies reject unknown fields so typos fail loudly (422).

    Strict: a JSON string is not a number and `1` is not `true`, as the contract's types
    say (lax pydantic took `"score": "1"`); integers use `json_int`. Patterns run on
    Python's `re` (not the default Rust engine), which reads the explicit classes of
    `NON_BLANK` exactly as ECMA-262 does.
    """

    model_config = ConfigDict(extra="forbid", strict=True, regex_engine="python-re")


def _no_text_or_bool(value: object) -> object:
    if isinstance(value, str | bool):
        raise ValueError("Input should be a valid integer")
    return value


@dataclass(frozen=True)
class _JsonInt(GroupedMetadata):
    ge: int
    le: int

    def __iter__(self) -> Iterator[object]:
        # Bounds before the validator, so the contract shows them as minimum/maximum.
        yield Strict(False)
        yield Interval(ge=self.ge, le=self.le)
        yield BeforeValidator(_no_text_or_bool)


def json_int(ge: int, le: int) -> object:
    """A JSON Schema integer in [ge, le]: `1` and `1.0` (integral), never `"1"` or `true`."""
    return _JsonInt(ge, le)


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, as served with `application/problem+json`."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    request_id: str
    errors: list[FieldError] | None = None
    hint: str | None = None


class Meta(BaseModel):
    name: str
    api_version: str
    server_version: str
    features: list[str]
