"""Show long output in a pager, the way git and gh do.

Python's own pager (`pydoc.pager`, which Rich uses) starts `less` without `-R`, so styled
text shows up as raw `ESC[1m` codes and wraps wrongly. We pick the pager ourselves:
HELPDESK_PAGER > PAGER > `less`, and set `LESS=FRX` when the user has not set LESS (colours
pass through, one screen exits at once, the screen is not cleared on exit).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

DEFAULT_PAGER = "less"


def pager_command() -> str | None:
    """The pager to run, or None when the user turned paging off (empty or `cat`)."""
    for var in ("HELPDESK_PAGER", "PAGER"):
        value = os.environ.get(var)
        if value is not None:
            value = value.strip()
            return None if value in ("", "cat") else value
    return DEFAULT_PAGER


def show(text: str) -> None:
    """Pipe `text` (may hold ANSI styles) to the pager; print it if no pager can start."""
    command = pager_command()
    if command is None:
        _write(text)
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        # shell=True like git: PAGER may carry arguments ("less -S", "most -s").
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        _write(text)
        return
    with contextlib.suppress(BrokenPipeError):  # the user quit before reading everything
        proc.communicate(text.encode("utf-8", errors="replace"))
    while True:
        try:
            proc.wait()
            break
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager (less uses it to stop a search)


def print_paged(console: Console, *renderables: RenderableType, page: bool) -> None:
    """Print `renderables`; with `page` and more lines than the terminal holds, in a pager."""
    if not page:
        for item in renderables:
            console.print(item)
        return
    with console.capture() as captured:
        for item in renderables:
            console.print(item)
    text = captured.get()
    if text.count("\n") >= console.height:
        show(text)
    else:
        _write(text)


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()
