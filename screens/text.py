"""Server text made inert for the screen, and the small formats every screen shares.

Everything from the server is untrusted: it is cleaned of control sequences by the core's
sanitiser and put into `rich.text.Text` (never parsed as markup), so a subject cannot style,
link, move the cursor or change the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from rich.text import Text

from helpdesk_cli.sanitize import clean, one_line
from helpdesk_cli.suggest import mark_spans

STATUS_STYLES = {
    "new": "bold cyan", "open": "green", "pending": "yellow", "on_hold": "magenta",
    "solved": "blue", "closed": "dim",
    "paid": "cyan", "shipped": "blue", "delivered": "green", "cancelled": "dim",
    "returned": "magenta",
}
# How a customer reads a ticket status (the API's words are for machines).
STATUS_WORDS = {
    "new": "new", "open": "open", "pending": "waiting for you", "on_hold": "on hold",
    "solved": "solved", "closed": "closed",
}


def safe(value: object, style: str = "") -> Text:
    """Untrusted text as inert Text: cleaned, no markup, no emoji codes."""
    return Text(clean("" if value is None else str(value)), style=style)


def line(value: object, style: str = "") -> Text:
    """Untrusted text folded onto one line (table cells, titles): every run of whitespace,
    newlines included, becomes one space; a space at either end is kept for joining."""
    return Text(re.sub(r"\s+", " ", clean("" if value is None else str(value))), style=style)


def snippet(text: str, style: str = "bold reverse") -> Text:
    """A search snippet with the server's <mark> runs highlighted, nothing else honoured."""
    out = Text()
    for part, marked in mark_spans(text):
        out.append(re.sub(r"\s+", " ", part), style=style if marked else "")
    out.rstrip()
    return out


def status(value: str, *, ticket: bool = True) -> Text:
    """A status in words, coloured by meaning (a ticket's `pending` waits for the customer;
    an order's is just pending)."""
    words = STATUS_WORDS.get(value) if ticket else None
    return Text(words or value.replace("_", " "), style=STATUS_STYLES.get(value, ""))


def when(dt: datetime | None) -> str:
    """Local time to the minute; absolute, so a screenshot means the same tomorrow."""
    if dt is None:
        return ""
    return f"{dt.astimezone():%Y-%m-%d %H:%M}"


def day(dt: datetime | None) -> str:
    """Local date only, for narrow columns."""
    return "" if dt is None else f"{dt.astimezone():%Y-%m-%d}"


def money(cents: int, currency: str) -> str:
    """Integer minor units as `12.34 USD` (the currency is server text, so cleaned)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d} {one_line(currency)}"


def count(n: int, word: str, plural: str | None = None) -> str:
    """`1 ticket`, `2 tickets`: a count the way a person writes it, not `1 ticket(s)`."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def append_body(text: Text, body: str, attachments: Iterable[Any] = ()) -> Text:
    """A ticket message's body under its heading, then its attachments (one per line)."""
    text.append("\n")
    text.append_text(safe(body.strip()))
    for a in attachments:
        text.append("\n📎 ", style="dim")
        text.append_text(line(f"{a.filename} ({a.size} bytes)", "dim"))
    return text
