"""Ticket and order ids for shell completion: asked of the server, kept for a short while.

Completion runs on every Tab, so the ids are cached per server and profile for `TTL` seconds;
it must never prompt or print, so credentials are read only where that cannot ask anything,
the server gets one short try, and any failure means "no suggestions" (or the last ones).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api_client import Client
    from helpdesk_cli.config import Resolved

TTL = 120.0  # seconds: fresh enough for a ticket opened a minute ago
TIMEOUT = 2.0  # a person pressing Tab will not wait longer
LIMIT = 50  # the newest ones; older ids are typed rarely enough

Entry = tuple[str, str]  # (id, description)


def cache_dir() -> Path:
    """platformdirs' per-user cache dir; HELPDESK_CACHE_DIR overrides it."""
    override = os.environ.get("HELPDESK_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("helpdesk-cli", appauthor=False))


def _path(r: Resolved, noun: str) -> Path:
    key = hashlib.sha256(f"{r.profile}@{r.server}".encode()).hexdigest()[:16]
    return cache_dir() / "completion" / f"{noun}-{key}.json"


def _fetch(client: Client, noun: str) -> list[Entry]:
    from helpdesk_cli.sanitize import one_line

    if noun == "tickets":
        return [(t.id, one_line(t.subject)[:60]) for t in client.tickets.list(limit=LIMIT).data]
    return [(o.id, f"{o.number} {o.status}") for o in client.orders.list(limit=LIMIT).data]


def ids(profile: str | None, server: str | None, noun: str, *,
        fetch: Callable[[Client, str], list[Entry]] = _fetch) -> list[Entry]:
    """The ids of `noun` ("tickets" or "orders") with a short description, newest first.

    Never raises and never prompts: a stale cache is better than nothing, nothing is better
    than a password prompt in the middle of a command line.
    """
    try:
        from helpdesk_cli import credentials
        from helpdesk_cli.session import Session

        session = Session(profile, server, read_timeout=TIMEOUT, max_retries=0)
        path = _path(session.resolved, noun)
        cached = _read(path)
        if cached is not None and time.time() - cached[0] < TTL:
            return cached[1]
        found = credentials.lookup_without_prompt(session.resolved)
        if found is None:
            return cached[1] if cached else []
        try:
            with session.client(found=found) as client:
                entries = fetch(client, noun)
        except Exception:
            return cached[1] if cached else []
        _write(path, entries)
        return entries
    except Exception:  # completion must stay silent, whatever happens
        return []


def _read(path: Path) -> tuple[float, list[Entry]] | None:
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
        return float(raw["at"]), [(str(i), str(d)) for i, d in raw["ids"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, entries: list[Entry]) -> None:
    from helpdesk_cli.fsutil import atomic_write

    # A read-only cache dir only costs the next Tab a request.
    with contextlib.suppress(OSError):
        atomic_write(path, json.dumps({"at": time.time(), "ids": entries}), mode=0o600)
