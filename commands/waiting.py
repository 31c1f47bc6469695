"""A hung server must not mean minutes of silence: a waiting line on a terminal, and one
overall deadline per network step of a command.

Each `with state.client() as hd:` block is watched. After a second without an answer, stderr
(when it is a terminal) shows what the command waits for; when the deadline passes, the main
thread gets a SIGINT, which unwinds the request the way Ctrl-C does (a create or reply keeps
its draft), and the block reports a timeout (exit 6) instead of "Interrupted".
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from types import TracebackType
from typing import Any

DEFAULT_DEADLINE = 30.0  # seconds; the README and `helpdesk --help` say so
SHOW_AFTER = 1.0
_SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def deadline() -> float:
    """Seconds a network step may take (HELPDESK_TIMEOUT; 0 or less: no limit)."""
    try:
        return float(os.environ.get("HELPDESK_TIMEOUT", DEFAULT_DEADLINE))
    except ValueError:
        return DEFAULT_DEADLINE


class Watched:
    """A client inside a watched block: attribute access goes to the client."""

    def __init__(self, client: Any, server: str, show: bool) -> None:
        self._client = client
        self._server = server
        self._show = show
        self._done = threading.Event()
        self._fired = False
        self._started = 0.0
        self._paused = 0
        self._shown = False
        self._limit = deadline()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def touch(self) -> None:
        """Progress was made (upload bytes moved): the deadline starts again."""
        self._started = time.monotonic()

    def pause(self, paused: bool) -> None:
        """Something else owns the terminal line (a progress bar): stay quiet."""
        self._paused += 1 if paused else -1
        self._clear()

    def __enter__(self) -> Any:
        self._client.__enter__()
        self._started = time.monotonic()
        main = threading.main_thread()
        if threading.current_thread() is main and (self._show or self._limit > 0):
            threading.Thread(target=self._watch, args=(main.ident,), daemon=True,
                             name="helpdesk-watchdog").start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._done.set()
        self._clear()
        self._client.__exit__(exc_type, exc, tb)
        if self._fired and isinstance(exc, KeyboardInterrupt):
            raise self._timeout(exc) from None

    def _timeout(self, exc: BaseException) -> Exception:
        from helpdesk_cli.errors import Action, HelpdeskError, Kind

        message = f"The server at {self._server} did not answer within {self._limit:g} s."
        extra: dict[str, Any] = {}
        action = Action.RETRY
        draft_id = getattr(exc, "draft_id", None)
        if draft_id:
            from helpdesk_cli import drafts

            draft = drafts.load(draft_id)
            message += f" Your text was saved as draft {draft_id}."
            extra = {"draft_id": draft_id, "draft_kind": draft.kind,
                     "ticket_id": draft.ticket_id}
            action = Action.RESEND_DRAFT
        return HelpdeskError(message, Kind.UNAVAILABLE,
                             "check the server; HELPDESK_TIMEOUT sets the limit in seconds",
                             "timeout", extra, action)

    def _watch(self, main_ident: int | None) -> None:
        tick = 0
        while not self._done.wait(0.1):
            waited = time.monotonic() - self._started
            if (0 < self._limit <= waited and main_ident is not None
                    and hasattr(signal, "pthread_kill")):  # no hard deadline on Windows
                self._fired = True
                signal.pthread_kill(main_ident, signal.SIGINT)
                return
            if self._show and waited >= SHOW_AFTER and not self._paused:
                tick += 1
                limit = f"gives up after {self._limit:g} s; " if self._limit > 0 else ""
                sys.stderr.write(f"\r\x1b[K{_SPINNER[tick % len(_SPINNER)]} Waiting for "
                                 f"{self._server}… {waited:.0f} s ({limit}Ctrl-C to stop)")
                sys.stderr.flush()
                self._shown = True

    def _clear(self) -> None:
        if self._shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._shown = False
