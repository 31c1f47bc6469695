"""Attaching a file to a ticket or a reply: asked in a dialog, checked before sending."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from screens.text import line

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widgets import Static


def ask_for_file(screen: Screen[None], files: list[Path], shown: Static) -> None:
    """Ask for a path; a readable file joins `files` and `shown` lists them all."""
    from screens.dialogs import AskText

    def chosen(path: str | None) -> None:
        if not path:
            return
        p = Path(path).expanduser()
        if not p.is_file():
            screen.notify(f"Cannot attach {p}: not a readable file.", severity="error",
                          markup=False)
            return
        files.append(p)
        shown.update(line("Attached: " + ", ".join(f.name for f in files)))

    screen.app.push_screen(AskText("File to attach (path)", "Attach", "~/Pictures/photo.jpg"),
                           chosen)
