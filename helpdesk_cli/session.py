"""Build the api_client.Client for a command: server, token, rotation hook, -v logging."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from helpdesk_cli import credentials
from helpdesk_cli.errors import not_logged_in
from helpdesk_cli.state import AppState

if TYPE_CHECKING:
    from api_client import Client, RequestLog


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


def make_client(state: AppState, *, auth: bool = True, token: str | None = None) -> Client:
    """A Client for the resolved server; with `auth`, the stored token or exit 3."""
    from api_client import Client
    from api_client.errors import InsecureTransportError
    from helpdesk_cli.errors import from_api_error

    r = state.resolved
    kwargs: dict[str, Any] = {}
    if state.verbose:
        kwargs["event_hook"] = _log_request
    if token is not None:
        kwargs["token"] = token
    elif auth:
        found = credentials.lookup(r)
        if found is None:
            raise not_logged_in(r.profile)
        kwargs["token"] = found.access_token
        if found.refresh_token:
            kwargs["refresh_token"] = found.refresh_token
            kwargs["on_tokens"] = credentials.persist_rotated(r, found.source)
    try:
        return Client(r.server, **kwargs)
    except InsecureTransportError as exc:
        raise from_api_error(exc) from exc
