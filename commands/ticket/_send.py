"""Uploads with progress, and the save-a-draft-on-failure wrapper for creates and replies."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from helpdesk_cli import drafts
from helpdesk_cli.errors import CliError, from_api_error, usage

if TYPE_CHECKING:
    from api_client import Client
    from helpdesk_cli.state import AppState

T = TypeVar("T")
ProgressFn = Callable[[int, int | None], None]
PROGRESS_THRESHOLD = 1024 * 1024  # smaller files upload too fast for a bar to help


class DraftInterrupted(KeyboardInterrupt):
    """Ctrl-C during a send, after the draft was saved; the error report names the draft."""

    def __init__(self, draft_id: str) -> None:
        super().__init__(draft_id)
        self.draft_id = draft_id


def check_files(paths: list[Path]) -> list[str]:
    """Fail early (exit 2) on attachments that cannot be read; absolute paths, so that
    `--recover` works from any directory."""
    for path in paths:
        if not path.is_file():
            raise usage(f"Cannot attach {path}: not a readable file.")
    return [str(path.resolve()) for path in paths]


@contextmanager
def _progress_for(state: AppState, path: Path) -> Iterator[ProgressFn | None]:
    from helpdesk_cli import tty

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


def upload_all(state: AppState, hd: Client, draft: drafts.Draft) -> None:
    """Upload the draft's pending files, moving each to `attachment_ids` once stored."""
    while draft.attach:
        path = Path(draft.attach[0])
        key = f"{draft.idempotency_key}-att{len(draft.attachment_ids)}"
        with _progress_for(state, path) as progress:
            att = hd.attachments.upload(path, progress=progress, idempotency_key=key)
        draft.attachment_ids.append(att.id)
        draft.attach.pop(0)


def send_or_save(state: AppState, draft: drafts.Draft, recovered: bool,
                 send: Callable[[Client], T]) -> T:
    """Upload and send; on a transient failure keep everything as a draft and say how to
    resend it. A successful resend removes the draft."""
    from api_client import errors as api_errors
    from helpdesk_cli.session import make_client

    if recovered and draft.server != state.resolved.server:
        state.out.note(f"Draft {draft.id} was written for {draft.server}; sending it to "
                       f"{state.resolved.server}.")
    hd = make_client(state)
    try:
        with hd:
            upload_all(state, hd, draft)
            result = send(hd)
    except (api_errors.TransportError, api_errors.ServerError, api_errors.RateLimitedError,
            api_errors.AuthenticationError) as exc:
        # Transient, or the session ended while the user was typing: keep the text.
        base = from_api_error(exc)
        draft.error = base.message
        drafts.save(draft)
        resend = f"`{draft.resend_command()}`"
        login_first = isinstance(exc, api_errors.AuthenticationError)
        # from_api_error gives the transient ones UNAVAILABLE and a 401 AUTH.
        raise CliError(
            f"{base.message.rstrip('.')}. Your text was saved as draft {draft.id}.",
            base.exit_code,
            f"log in again (`helpdesk auth login`), then {resend}" if login_first
            else f"resend it with {resend}",
            base.code, {**base.extra, "draft_id": draft.id}) from exc
    except KeyboardInterrupt:
        drafts.save(draft)
        state.out.note(f"Interrupted; saved as draft {draft.id}: {draft.resend_command()}")
        raise DraftInterrupted(draft.id) from None
    if recovered:
        drafts.delete(draft.id)
    return result
