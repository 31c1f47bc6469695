"""Lists and identifiers as people type them, the same in every front end."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from helpdesk_cli.errors import bad_input

if TYPE_CHECKING:
    from api_client.models import Page

T = TypeVar("T")


def fetch_list(list_fn: Callable[..., Page[T]], iter_fn: Callable[..., Iterable[T]], *,
               limit: int, all_: bool, **filters: Any) -> tuple[list[T], str | None]:
    """One page (with its cursor) or, for `all_`, every page (cursor None), so "all" and
    "limit" mean the same everywhere."""
    if all_:
        return list(iter_fn(**filters)), None
    page = list_fn(limit=limit, **filters)
    return list(page.data), page.next_cursor


def parse_statuses(values: list[str] | None, allowed: tuple[str, ...]) -> list[str]:
    """`a`, `b` and `a,b` mean the same; an unknown status is refused rather than giving a
    silently empty result."""
    wanted: list[str] = []
    # `on hold`, `On-Hold` and `on_hold` are the same status: people type what they read.
    for s in (part.strip().lower().replace(" ", "_").replace("-", "_")
              for item in values or [] for part in item.split(",")):
        if not s:
            continue
        if s not in allowed:
            raise bad_input(f"Unknown status {s!r}.", f"one of: {', '.join(allowed)}")
        if s not in wanted:
            wanted.append(s)
    return wanted


def ticket_id(value: str) -> str:
    """`1001`, `#1001` and `t1001` all mean T1001: people copy the number, not the prefix.

    Anything else passes through for the server to judge (so its not-found error names what
    was typed).
    """
    text = value.strip().lstrip("#")
    if text.isascii() and text.isdigit():
        return f"T{text}"
    if text[:1] in "tT" and text[1:].isascii() and text[1:].isdigit():
        return f"T{text[1:]}"
    return value
