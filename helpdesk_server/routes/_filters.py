"""The `status` list filter shared by the ticket and order listings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import Query

from helpdesk_server.errors import field_error


def status_query(allowed: Iterable[str]) -> Any:
    """The `Query` of a status filter: an array of the allowed values in the contract.

    The parameter is parsed as plain strings (not validated by FastAPI against the enum)
    because a comma-separated value such as `open,pending` is accepted too: that is what
    the API client sends. `parse_statuses` holds every value to the same enum.
    """
    known = list(allowed)
    return Query(
        default_factory=list,
        max_length=20,
        description="Filter by status; repeat the parameter (`status=open&status=pending`). "
        "A comma-separated list of the same values (`status=open,pending`; spaces around "
        "the commas are ignored) is accepted too.",
        json_schema_extra={"items": {"type": "string", "enum": known}},
    )


def parse_statuses(raw: list[str], allowed: Iterable[str]) -> list[str]:
    """Flatten repeated and comma-separated values; an unknown or empty one is a 422.

    A single value must be one of the contract's enum exactly (nothing stripped, an empty
    one refused); only in the comma-separated form may spaces follow the commas.
    """
    known = tuple(allowed)
    wanted = [s.strip() if "," in item else s for item in raw for s in item.split(",")]
    for status in wanted:
        if status not in known:
            raise field_error("status", f"Unknown status {status[:32]!r}; expected one of "
                              + ", ".join(known) + ".")
    return sorted(set(wanted))
