"""Build the api_client.Client for a command: server, token, rotation hook, -v logging."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from helpdesk_cli import credentials
from helpdesk_cli.errors import not_logged_in
from helpdesk_cli.state import AppState

if TYPE_CHECKING:
    from api_client import Client


def _log_request(entry: Any) -> None:
    """-v: one stderr line per HTTP attempt. RequestLog never carries headers or tokens."""
    method = getattr(entry, "method", "?")
    url = getattr(entry, "url", "?")
    status = getattr(entry, "status", None)
    rid = getattr(entry, "request_id", None)
    elapsed = getattr(entry, "elapsed_ms", None)
    if elapsed is None and getattr(entry, "elapsed", None) is not None:
        elapsed = float(entry.elapsed) * 1000
    error = getattr(entry, "error", None)
    parts = [f"* {method} {url}", f"-> {status if status is not None else 'no response'}"]
    if rid:
        parts.append(f"request-id={rid}")
    if elapsed is not None:
        parts.append(f"{float(elapsed):.0f} ms")
    if error:
        parts.append(f"({error})")
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
    if r.server.startswith("http://"):
        # TLS is never used for a plain-http base URL (redirects are not followed), so skip
        # loading the CA bundle: it costs ~30 ms of every command's startup.
        import httpx

        kwargs["transport"] = httpx.HTTPTransport(verify=False)
    try:
        return Client(r.server, **kwargs)
    except InsecureTransportError as exc:
        raise from_api_error(exc) from exc
