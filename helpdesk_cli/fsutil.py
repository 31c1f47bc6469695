"""Atomic file writes: a crash or a full disk never leaves a half-written config or token file."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def atomic_write(path: Path, text: str, mode: int = 0o644) -> None:
    """Write `text` to a temp file next to `path` with `mode`, fsync it, then rename over."""
    import tempfile  # here: most commands write nothing, and it costs every start ~3 ms

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
