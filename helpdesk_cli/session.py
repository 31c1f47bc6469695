"""A session: which profile and server, and logged-in clients (sync and async) for them.

Both front ends build their API clients here, so the credential rules (env token, keyring,
opted-in file), token rotation across processes and server checks are the same everywhere.
What a front end wants to hear about (each HTTP attempt, long waits, warnings) it passes in
as callbacks; the core itself never writes to a stream.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from helpdesk_cli import credentials, tokenlock
from helpdesk_cli.errors import (
    Action,
    HelpdeskError,
    Kind,
    bad_input,
    from_api_error,
    not_logged_in,
)

if TYPE_CHECKING:
    from api_client import AsyncClient, Client, RequestLog
    from helpdesk_cli.config import Resolved
    from helpdesk_cli.credentials import Tokens

READ_TIMEOUT = 15.0  # 4 attempts: a hung server fails in about a minute, not two
CONNECT_TIMEOUT = 5.0


@dataclass
class Session:
    """The profile and server in effect (from flags, env and config) and clients for them.

    `on_request` sees every HTTP attempt (never headers or tokens); `on_wait` is told
    before a retry backoff; `on_warning` hears about problems that do not stop the work
    (rotated tokens that could not be saved).
    """

    profile: str | None = None
    server: str | None = None
    on_request: Callable[[RequestLog], None] | None = None
    on_wait: Callable[[float], None] | None = None
    on_warning: Callable[[str], None] | None = None
    read_timeout: float = READ_TIMEOUT
    max_retries: int | None = None  # None: the client's default
    _resolved: Resolved | None = field(default=None, repr=False)

    @property
    def resolved(self) -> Resolved:
        """Profile, server and stored settings after flags, env and config file."""
        if self._resolved is None:
            from helpdesk_cli import config

            self._resolved = config.resolve(self.profile, self.server)
        return self._resolved

    def reset(self) -> None:
        """Forget the resolution (after the config changed, e.g. a profile switch)."""
        self._resolved = None

    def tokens(self) -> Tokens | None:
        """The stored credentials of this profile, or None when not logged in."""
        return credentials.lookup(self.resolved)

    def require_tokens(self) -> Tokens:
        """The stored credentials, or a not-logged-in error."""
        found = self.tokens()
        if found is None:
            raise not_logged_in(self.resolved.profile)
        return found

    def client(self, *, auth: bool = True, token: str | None = None,
               found: Tokens | None = None) -> Client:
        """A blocking client; with `auth`, signed in with the stored token.

        `found` is a lookup the caller already made: each keyring read may be a slow D-Bus
        round trip or an unlock prompt, so a caller reads it once.
        """
        from api_client import Client

        kwargs = self._kwargs(auth=auth, token=token, found=found)
        kwargs["sleep"] = self._sleep
        client: Client = self._build(Client, kwargs)
        return client

    def async_client(self, *, auth: bool = True, token: str | None = None,
                     found: Tokens | None = None) -> AsyncClient:
        """An asyncio client with the same credentials and hooks as `client`.

        The rotation hooks are blocking (keyring, flock); AsyncClient runs them off the
        event loop.
        """
        from api_client import AsyncClient

        client: AsyncClient = self._build(
            AsyncClient, self._kwargs(auth=auth, token=token, found=found))
        return client

    def _sleep(self, seconds: float) -> None:
        if self.on_wait is not None:
            self.on_wait(seconds)
        time.sleep(seconds)

    def _kwargs(self, *, auth: bool, token: str | None, found: Tokens | None) -> dict[str, Any]:
        # api_client before httpx: it defers httpx's own CLI module (rich, click: ~25 ms).
        import api_client  # noqa: F401, I001
        import httpx

        from helpdesk_cli import __version__

        r = self.resolved
        kwargs: dict[str, Any] = {
            "timeout": httpx.Timeout(self.read_timeout, connect=CONNECT_TIMEOUT),
            # Named here: the client's default reads the installed metadata (~10 ms a start).
            "user_agent": f"helpdesk-cli/{__version__}"}
        if self.on_request is not None:
            kwargs["event_hook"] = self.on_request
        if self.max_retries is not None:
            kwargs["max_retries"] = self.max_retries
        if token is not None:
            kwargs["token"] = token
        elif auth:
            found = found or self.require_tokens()
            kwargs["token"] = found.access_token
            if found.refresh_token:
                kwargs["refresh_token"] = found.refresh_token
                if found.source in ("keyring", "file"):
                    kwargs["on_tokens"] = self._keep_on_failure(credentials.persist_rotated(
                        r, "file" if found.source == "file" else "keyring"))
                    kwargs["refresh_lock"] = tokenlock.refresh_lock
                    kwargs["before_refresh"] = tokenlock.stored_pair(r)
        return kwargs

    def _build(self, cls: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
        from api_client.errors import InsecureTransportError, InvalidArgumentError

        server = self.resolved.server
        try:
            return cls(server, **kwargs)
        except InsecureTransportError as exc:
            raise from_api_error(exc) from exc
        except InvalidArgumentError as exc:  # a token no header can carry; never quoted
            raise HelpdeskError(f"Cannot use the token: {exc}.", Kind.AUTH,
                                code="bad-token", action=Action.LOGIN) from exc
        except ValueError as exc:  # a URL config.check_server_url let through
            raise bad_input(f"Invalid server URL {server!r}: {exc}",
                            "expected e.g. https://help.example.com") from exc

    def _keep_on_failure(self, persist: Callable[[Any], None]) -> Callable[[Any], None]:
        """If rotated tokens cannot be stored, keep using them in memory and warn.

        Raising here would lose the new pair after the server already rotated, and the next
        run would present the dead refresh token (which revokes the whole session).
        """

        def hook(pair: Any) -> None:
            try:
                persist(pair)
            except HelpdeskError as exc:
                if self.on_warning is not None:
                    self.on_warning(f"could not save the renewed login ({exc.message}); "
                                    "you may need to log in again next time")

        return hook
