"""One token refresh at a time across `helpdesk` processes that share a stored login.

Refresh tokens rotate, and presenting an already-rotated one makes the server revoke the whole
session family. Parallel runs after the access token expired (a script, `ticket watch` next to
other commands) would each refresh with the same stored token and log the user out. So a
refresh happens under an flock on a file in the data dir, and inside it the client first asks
`stored_pair()` whether another process has already rotated and stored a newer pair.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from helpdesk_cli.config import Resolved, data_dir
from helpdesk_cli.errors import HelpdeskError

LOCK_TIMEOUT = 30.0  # a refresh is one request plus a store; far less than this
_POLL = 0.02


def lock_path() -> Path:
    """The lock file; it holds nothing, only its flock matters."""
    return data_dir() / "refresh.lock"


@contextmanager
def refresh_lock(timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive flock for the duration of a refresh (and its store).

    Without flock (Windows) this degrades to no lock, as before. The lock dies with the
    process, so a crashed holder never blocks the others.
    """
    if sys.platform == "win32":
        yield
        return
    import fcntl

    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise HelpdeskError(
                        f"Another helpdesk process has been renewing the login for over "
                        f"{timeout:g} s.", hint=f"retry; if it persists, delete {path}",
                        code="refresh-lock-timeout",
                    ) from None
                time.sleep(_POLL)
        yield
    finally:
        os.close(fd)  # also releases the flock


def stored_pair(r: Resolved) -> Callable[[], tuple[str, str] | None]:
    """A `before_refresh` hook: the pair currently stored for this profile, if complete.

    The client compares it with the tokens it used; a different access token means another
    process already rotated, so it retries with that pair instead of refreshing again.
    """

    def hook() -> tuple[str, str] | None:
        from helpdesk_cli import credentials

        found = credentials.lookup(r)
        if found is None or found.source == "env" or not found.refresh_token:
            return None
        return found.access_token, found.refresh_token

    return hook
