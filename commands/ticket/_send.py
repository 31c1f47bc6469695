"""The CLI side of sending a ticket or reply: upload progress bars and the draft notes.

Sending itself (and keeping a draft when it fails) is the core's `helpdesk_cli.submit`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from helpdesk_cli import drafts, submit

if TYPE_CHECKING:
    from commands.state import AppState

T = TypeVar("T")
PROGRESS_THRESHOLD = 1024 * 1024  # smaller files upload too fast for a bar to help


def progress_for(state: AppState) -> submit.ProgressFor:
    """A progress bar on stderr per large upload, on a terminal and without --json."""

    @contextmanager
    def bar_for(path: Path) -> Iterator[submit.ProgressFn | None]:
        from commands import tty

        if state.json or not tty.stderr_is_tty() or path.stat().st_size < PROGRESS_THRESHOLD:
            yield None
            return
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                   TransferSpeedColumn(), TimeRemainingColumn())
        with Progress(*columns, console=state.out.err_console, transient=True) as bar:
            task = bar.add_task(f"Uploading {path.name}", total=path.stat().st_size)

            def update(sent: int, total: int | None) -> None:
                bar.update(task, completed=sent, total=total)

            yield update

    return bar_for


def send_or_save(state: AppState, draft: drafts.Draft, recovered: bool,
                 send: Callable[..., T]) -> T:
    """Send with `submit.create_ticket` or `submit.send_reply`; on Ctrl-C name the saved
    draft on stderr."""
    from commands.errors import resend_command

    if recovered and draft.server != state.resolved.server:
        state.out.note(f"Draft {draft.id} was written for {draft.server}; sending it to "
                       f"{state.resolved.server}.")
    with state.client() as hd:
        try:
            return send(hd, draft, recovered=recovered, progress_for=progress_for(state))
        except submit.DraftInterrupted:
            state.out.note(f"Interrupted; saved as draft {draft.id}: "
                           f"{resend_command(draft.kind, draft.id, draft.ticket_id)}")
            raise
