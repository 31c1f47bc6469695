"""The `status` list filter shared by the ticket and order listings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import Query

from helpdesk_server.errors import field_error

StatusQuery = Annotated[
    list[str] | None,
    Query(description="Filter by status; repeat the parameter or separate with commas.",
          max_length=20),
]


def parse_statuses(raw: list[str] | None, allowed: Iterable[str]) -> list[str]:
    """Flatten repeated and comma-separated values; an unknown one is a 422, never ignored."""
    known = tuple(allowed)
    wanted = [s.strip() for item in raw or [] for s in item.split(",") if s.strip()]
    for status in wanted:
        if status not in known:
            raise field_error("status", f"Unknown status {status[:32]!r}; expected one of "
                              + ", ".join(known) + ".")
    return sorted(set(wanted))
