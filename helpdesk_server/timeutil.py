"""Timestamps: stored and served as RFC 3339 UTC strings with a `Z` suffix."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

SEED_CLOCK_ENV = "HELPDESK_SEED_CLOCK"
"""RFC 3339 instant (e.g. `2026-11-24T10:15:00Z`) that `ago()` counts back from instead of now.

For screenshots and snapshot tests: with it the demo data has the same dates on every run.
Only `ago()` reads it; request handling (`utcnow`, `now_iso`) always uses the real clock.
"""


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


def seed_clock() -> datetime:
    """The instant `ago()` counts back from: HELPDESK_SEED_CLOCK when set, else now.

    A malformed value raises ValueError, so a server started with it fails at once instead
    of seeding dates nobody asked for.
    """
    raw = os.environ.get(SEED_CLOCK_ENV, "").strip()
    if not raw:
        return utcnow()
    try:
        fixed = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{SEED_CLOCK_ENV}={raw!r} is not an RFC 3339 time, "
                         "e.g. 2026-11-24T10:15:00Z") from None
    if fixed.tzinfo is None:
        raise ValueError(f"{SEED_CLOCK_ENV}={raw!r} needs a UTC offset or Z")
    return fixed.astimezone(UTC).replace(microsecond=0)


def ago(**delta: float) -> str:
    """An ISO timestamp in the past, e.g. `ago(days=3, hours=2)`, counted from `seed_clock()`.

    Meant for the seed. (uploads.remove_stale_uploads calls it too; it sees the fixed clock
    only in a server started with HELPDESK_SEED_CLOCK, i.e. in snapshot tests.)
    """
    return iso(seed_clock() - timedelta(**delta))
