"""Interrupted uploads are cleaned up while the server runs, not only at its next start."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from tests.helpers import LiveServer


def test_temporary_files_of_interrupted_uploads_are_swept_periodically(
    flagged_server: Callable[..., LiveServer],
) -> None:
    server = flagged_server("--sweep-interval", "1")
    files = server.db_path.parent / f"{server.db_path.stem}-files"
    dead = files / ".upload-0123456789abcdef0123456789abcdef"
    receiving = files / ".upload-fedcba9876543210fedcba9876543210"
    for path in (dead, receiving):
        path.write_bytes(b"partial upload")
    hour_ago = time.time() - 3600
    os.utime(dead, (hour_ago, hour_ago))  # no byte arrived for an hour: the client is gone
    deadline = time.monotonic() + 15
    while dead.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not dead.exists()
    assert receiving.exists()  # still being written: left alone
    assert "Traceback" not in server.log()
