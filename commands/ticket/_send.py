"""The CLI side of sending a ticket or reply: upload progress bars and the draft notes.

Sending itself (and keeping a draft when it fails) is the core's `helpdesk_cli.submit`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from helpdesk_cli import drafts, submit
from helpdesk_cli.errors import Action, HelpdeskError

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
        watched = state.watched
        if watched is not None:
            watched.pause(True)
        try:
            with Progress(*columns, console=state.out.err_console, transient=True) as bar:
                task = bar.add_task(f"Uploading {path.name}", total=path.stat().st_size)

                def update(sent: int, total: int | None) -> None:
                    bar.update(task, completed=sent, total=total)
                    if watched is not None:
                        watched.touch()  # bytes are moving: not a hung server

                yield update
        finally:
            if watched is not None:
                watched.pause(False)

    return bar_for


def send_or_save(state: AppState, draft: drafts.Draft, recovered: bool,
                 send: Callable[..., T], *, typed: bool = False) -> T:
    """Send with `submit.create_ticket` or `submit.send_reply`; on Ctrl-C name the saved
    draft on stderr. With `typed`, a refused text is kept as a draft too (see submit)."""
    from commands.errors import resend_command

    with state.client() as hd:
        try:
            return send(hd, draft, recovered=recovered, progress_for=progress_for(state),
                        keep_refused=typed)
        except submit.DraftInterrupted:
            state.out.note(f"Interrupted; saved as draft {draft.id}: "
                           f"{resend_command(draft.kind, draft.id, draft.ticket_id)}")
            raise
        except HelpdeskError as exc:
            raise _in_cli_words(exc) from exc


def _in_cli_words(exc: HelpdeskError) -> HelpdeskError:
    """A refusal kept as a draft, worded like any API error of the CLI (flags, commands),
    plus where the kept text is."""
    from dataclasses import replace

    from api_client.errors import ApiError
    from commands.errors import from_api_error

    cause = exc.__cause__
    if exc.action is not Action.SHOW_DRAFT and not (
            exc.action is Action.FOLLOW_UP and "draft_id" in exc.extra):
        return exc
    if not isinstance(cause, ApiError):
        return exc
    cli = from_api_error(cause)
    draft_id = exc.extra["draft_id"]
    return replace(cli, message=f"{cli.message.rstrip('.')}. What you typed was kept in "
                   f"draft {draft_id}.", extra={**cli.extra, "draft_id": draft_id},
                   action=Action.SHOW_DRAFT)
