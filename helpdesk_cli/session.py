"""Build the api_client.Client for a command: server, token, rotation hooks, -v logging."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from helpdesk_cli import credentials, tokenlock
from helpdesk_cli.errors import CliError, not_logged_in, usage
from helpdesk_cli.state import AppState

if TYPE_CHECKING:
    from api_client import Client, RequestLog
    from helpdesk_cli.credentials import Tokens

LONG_WAIT = 2.0  # seconds; shorter backoffs pass unnoticed
CLI_READ_TIMEOUT = 15.0  # 4 attempts: a hung server fails in about a minute, not two


def _log_request(entry: RequestLog) -> None:
    """-v: one stderr line per HTTP attempt. RequestLog never carries headers or tokens."""
    status = entry.status if entry.status is not None else "no response"
    parts = [f"* {entry.method} {entry.url}", f"-> {status}"]
    if entry.request_id:
        parts.append(f"request-id={entry.request_id}")
    parts.append(f"{entry.elapsed * 1000:.0f} ms")
    if entry.attempt > 1:
        parts.append(f"attempt {entry.attempt}")
    if entry.error:
        parts.append(f"({entry.error})")
    sys.stderr.write(" ".join(parts) + "\n")


def _note_long_wait(seconds: float) -> None:
    """Sleep through a backoff; say so on a terminal when it is long enough to look hung."""
    from helpdesk_cli import tty

    if seconds > LONG_WAIT and tty.stderr_is_tty():
        sys.stderr.write(f"waiting {seconds:.0f} s before retrying (server busy or rate "
                         "limited)…\n")
        sys.stderr.flush()
    time.sleep(seconds)


def _keep_on_failure(persist: Callable[[Any], None]) -> Callable[[Any], None]:
    """If rotated tokens cannot be stored, keep using them in memory for this run and warn.

    Raising here would lose the new pair after the server already rotated, and the next run
    would present the dead refresh token (which revokes the whole session).
    """

    def hook(pair: Any) -> None:
        try:
            persist(pair)
        except CliError as exc:
            sys.stderr.write(f"warning: could not save the renewed login ({exc.message}); "
                             "you may need to log in again next time\n")

    return hook


def make_client(state: AppState, *, auth: bool = True, token: str | None = None,
                found: Tokens | None = None) -> Client:
    """A Client for the resolved server; with `auth`, the stored token or exit 3.

    `found` is a lookup the caller already made: each keyring read may be a slow D-Bus
    round trip or an unlock prompt, so a command reads it once.
    """
    from api_client import Client  # noqa: I001 (httpx must come after api_client)
    from api_client.errors import InsecureTransportError
    from helpdesk_cli.errors import from_api_error

    # Only after api_client, which defers httpx's own CLI module (rich, click: ~25 ms a run).
    import httpx

    r = state.resolved
    kwargs: dict[str, Any] = {"timeout": httpx.Timeout(CLI_READ_TIMEOUT, connect=5.0),
                              "sleep": _note_long_wait}
    if state.verbose:
        kwargs["event_hook"] = _log_request
    if token is not None:
        kwargs["token"] = token
    elif auth:
        found = found or credentials.lookup(r)
        if found is None:
            raise not_logged_in(r.profile)
        kwargs["token"] = found.access_token
        if found.refresh_token:
            kwargs["refresh_token"] = found.refresh_token
            if found.source in ("keyring", "file"):
                kwargs["on_tokens"] = _keep_on_failure(credentials.persist_rotated(
                    r, "file" if found.source == "file" else "keyring"))
                kwargs["refresh_lock"] = tokenlock.refresh_lock
                kwargs["before_refresh"] = tokenlock.stored_pair(r)
    try:
        return Client(r.server, **kwargs)
    except InsecureTransportError as exc:
        raise from_api_error(exc) from exc
    except ValueError as exc:  # a URL config.check_server_url let through
        raise usage(f"Invalid server URL {r.server!r}: {exc}",
                    "expected e.g. https://help.example.com") from exc
