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


def size(n: int) -> str:
    """A file size people read at a glance (`532 bytes`, `1.4 KiB`, `12 MiB`); binary units,
    as the upload progress bar uses."""
    if n < 1024:
        return f"{n} byte" if n == 1 else f"{n} bytes"
    value = float(n)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            break
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"


def ago(dt: datetime, now: datetime | None = None) -> str:
    """How long ago, in a few characters (`5 min ago`, `3 h ago`, `2 d ago`), for columns
    that must fit 80 columns; older than a month shows the date."""
    from datetime import UTC

    seconds = ((now or datetime.now(UTC)) - dt).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60:.0f} min ago"
    if seconds < 86400:
        return f"{seconds // 3600:.0f} h ago"
    if seconds < 30 * 86400:
        return f"{seconds // 86400:.0f} d ago"
    return f"{dt.astimezone():%Y-%m-%d}"


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
