"""Timestamps: stored and served as RFC 3339 UTC strings with a `Z` suffix."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    """The current time, timezone-aware UTC, truncated to whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


def iso(dt: datetime) -> str:
    """Format as `2026-11-24T10:15:00Z` (lexically sortable, so SQL can compare them)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    """`iso(utcnow())`."""
    return iso(utcnow())


def parse_iso(text: str) -> datetime:
    """Inverse of `iso`."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def ago(**delta: float) -> str:
    """An ISO timestamp in the past, e.g. `ago(days=3, hours=2)`; used by the seed."""
    return iso(utcnow() - timedelta(**delta))
