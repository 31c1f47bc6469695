"""Terminal detection in one place, so prompts, colour and paging agree (and tests can patch it)."""

from __future__ import annotations

import os
import sys


def stdout_is_tty() -> bool:
    """True when stdout is a terminal (Rich tables instead of tab-separated lines)."""
    return _isatty(sys.stdout)


def stderr_is_tty() -> bool:
    """True when stderr is a terminal (progress bars and spinners go there)."""
    return _isatty(sys.stderr)


def interactive() -> bool:
    """Prompts are allowed only when a person is at both ends, as `gh` does."""
    return _isatty(sys.stdin) and _isatty(sys.stdout)


def colour_allowed() -> bool:
    """NO_COLOR (any value) or a non-terminal stdout turns colour off."""
    return "NO_COLOR" not in os.environ and stdout_is_tty()


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):
        return False
