"""Small formatting helpers for human output (times, money, ids, statuses)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text


def when(dt: datetime | None) -> str:
    """Local time, minute precision, with the zone's abbreviation so that nobody has to
    guess whether a table shows UTC or their own clock."""
    if dt is None:
        return ""
    local = dt.astimezone()
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or local.strftime('%z')}"


def money(cents: int, currency: str) -> str:
    """Integer minor units as `12.34 USD`; the currency is server text, so it is cleaned."""
    from helpdesk_cli.sanitize import clean

    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d} {clean(currency)}"


# Colours carry meaning at a glance (like gh's open/closed states); text stays the same
# without colour, and piped output is plain.
STATUS_STYLES = {
    "new": "bold cyan", "open": "green", "pending": "yellow", "on_hold": "magenta",
    "solved": "blue", "closed": "dim",
    "paid": "cyan", "shipped": "blue", "delivered": "green", "cancelled": "dim",
    "returned": "magenta",
}


def human_status(value: str) -> str:
    """`on_hold` → `on hold`: people read words; JSON keeps the API's snake_case."""
    return value.replace("_", " ")


def status(value: str) -> Text:
    """A table cell for a status: words, coloured by meaning, on a terminal; the API value
    when piped, so that `awk '$2 == "on_hold"'` keeps working (tab-separated, like gh)."""
    from commands import tty
    from commands.output import safe

    text = human_status(value) if tty.stdout_is_tty() else value
    return safe(text, STATUS_STYLES.get(value, ""))
