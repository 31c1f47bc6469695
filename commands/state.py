"""Per-invocation state from the global options, shared by every command via ctx.obj."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import typer

    from api_client import Client, RequestLog
    from commands.output import Output
    from helpdesk_cli.config import Resolved
    from helpdesk_cli.credentials import Tokens
    from helpdesk_cli.session import Session

LONG_WAIT = 2.0  # seconds; shorter backoffs pass unnoticed


@dataclass
class AppState:
    """Global options, the core session they select, and the output helper."""

    profile: str | None = None
    server: str | None = None
    json: bool = False
    verbose: bool = False
    _session: Session | None = field(default=None, repr=False)
    _out: Output | None = field(default=None, repr=False)
    watched: Any = field(default=None, repr=False)  # the client block being watched

    @property
    def out(self) -> Output:
        """The output helper honouring --json."""
        if self._out is None:
            from commands.output import Output

            self._out = Output(self.json)
        return self._out

    @property
    def session(self) -> Session:
        """The core session for --profile/--server, reporting through this CLI's streams."""
        if self._session is None:
            from helpdesk_cli.session import Session

            self._session = Session(
                self.profile, self.server,
                on_request=_log_request if self.verbose else None,
                on_wait=_note_long_wait, on_warning=lambda m: self.out.warn(m))
        return self._session

    @property
    def resolved(self) -> Resolved:
        """Profile, server and stored settings after flags, env and config file."""
        return self.session.resolved

    def client(self, *, auth: bool = True, token: str | None = None,
               found: Tokens | None = None) -> Client:
        """A blocking client for this invocation (see Session.client), watched: a waiting
        line on a terminal and an overall deadline (`commands.waiting`)."""
        from commands import tty
        from commands.waiting import Watched

        client = self.session.client(auth=auth, token=token, found=found)
        watched = Watched(client, self.resolved.server,
                          show=not self.json and tty.stderr_is_tty())
        self.watched = watched
        return cast("Client", watched)


def get_state(ctx: typer.Context) -> AppState:
    """The root context's AppState (a default one when a command runs stand-alone)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj


def _log_request(entry: RequestLog) -> None:
    """-v: one stderr line per HTTP attempt. RequestLog never carries headers or tokens; the
    request id comes from the server, so it is cleaned like any server text."""
    from helpdesk_cli.sanitize import one_line

    status = entry.status if entry.status is not None else "no response"
    parts = [f"* {entry.method} {entry.url}", f"-> {status}"]
    if entry.request_id:
        parts.append(f"request-id={one_line(entry.request_id)}")
    parts.append(f"{entry.elapsed * 1000:.0f} ms")
    if entry.attempt > 1:
        parts.append(f"attempt {entry.attempt}")
    if entry.error:
        parts.append(f"({one_line(entry.error)})")
    sys.stderr.write(" ".join(parts) + "\n")


def _note_long_wait(seconds: float) -> None:
    """Before a backoff long enough to look hung, say so on a terminal."""
    from commands import tty

    if seconds > LONG_WAIT and tty.stderr_is_tty():
        sys.stderr.write(f"waiting {seconds:.0f} s before retrying (server busy or rate "
                         "limited)…\n")
        sys.stderr.flush()
