"""Long text in the person's own editor ($VISUAL, then $EDITOR), the way git and gh do."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.widgets import TextArea


def editor_command() -> list[str] | None:
    """The editor to run, split like a shell would; None when none is set."""
    for var in ("HELPDESK_EDITOR", "VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return shlex.split(value)
    return None


def edit_in_editor(app: App[object], text: str) -> str | None:
    """Suspend the app (the terminal is the editor's meanwhile), edit `text` in a private temp
    file, return the result.

    None when there is no editor, it failed, or the app cannot be suspended (tests); the
    caller keeps the text it had.
    """
    command = editor_command()
    if command is None:
        app.notify("Set $EDITOR (or $VISUAL) to write in your own editor.", markup=False)
        return None
    fd, name = tempfile.mkstemp(prefix="helpdesk-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            with app.suspend():
                result = subprocess.run([*command, str(path)], check=False)
        except Exception as exc:  # SuspendNotSupported in tests and web, OSError
            app.notify(f"Could not start the editor: {exc}", severity="error", markup=False)
            return None
        if result.returncode != 0:
            app.notify("The editor exited with an error; your text is unchanged.",
                       severity="warning", markup=False)
            return None
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)


def edit_area(app: App[object], area: TextArea) -> None:
    """Edit a text box's text in the editor; it keeps its text if the editor fails."""
    edited = edit_in_editor(app, area.text)
    if edited is not None:
        area.text = edited
