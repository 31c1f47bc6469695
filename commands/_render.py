"""Small formatting helpers for human output (times, money, ids)."""

from __future__ import annotations

from datetime import datetime


def when(dt: datetime | None) -> str:
    """Local time, minute precision: what a person scanning a table needs."""
    if dt is None:
        return ""
    return dt.astimezone().strftime("%Y-%m-%d %H:%M")


def money(cents: int, currency: str) -> str:
    """Integer minor units as `12.34 USD`."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d} {currency}"
