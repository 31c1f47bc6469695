"""Small formatting helpers for human output (times, money, ids)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text


def when(dt: datetime | None) -> str:
    """Local time, minute precision: what a person scanning a table needs."""
    if dt is None:
        return ""
    return dt.astimezone().strftime("%Y-%m-%d %H:%M")


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


def status(value: str) -> Text:
    """A ticket or order status, coloured by meaning."""
    from helpdesk_cli.output import safe

    return safe(value, STATUS_STYLES.get(value, ""))
