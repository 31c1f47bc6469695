"""The one core shared by Client and AsyncClient.

Everything that decides something lives here as plain code: building requests from a
:class:`Spec`, whether and how long to wait before a retry, when to refresh a token, mapping
responses to errors and parsing bodies. The sync and async clients only run the resulting
:class:`Step` s (send, sleep, refresh), so the two can never drift apart.
"""

from __future__ import annotations

import random as _random
import re
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar, cast
from urllib.parse import quote, urlsplit

import msgspec

from . import errors
from ._config import default_user_agent, is_loopback, normalize_base_url, tls_verify
from ._errormap import error_from_response, parse_retry_after, request_id_of, wrap_transport_error
from ._httpx import httpx
from ._validate import parse

if TYPE_CHECKING:
    from ._transfer import Download, DownloadSink, Upload
    from .models import TokenPair

T = TypeVar("T")

#: What ``before_refresh`` returns: the (access, refresh) pair another process stored, or None.
FresherTokens: TypeAlias = "TokenPair | tuple[str, str] | None"
#: ``refresh_lock``: a context manager held around a refresh (e.g. an flock across processes).
RefreshLock: TypeAlias = Callable[[], AbstractContextManager[object]]
AsyncRefreshLock: TypeAlias = Callable[
    [], "AbstractAsyncContextManager[object] | AbstractContextManager[object]"
]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Failures where the request provably never reached the server: safe to retry any method.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class RequestLog(msgspec.Struct, frozen=True):
    """One HTTP attempt, for ``event_hook`` (the CLI's ``-v``). Holds no headers or tokens."""

    method: str
    url: str
    status: int | None
    request_id: str | None
    elapsed: float
    attempt: int
    error: str | None = None


Parser = Callable[[object, "str | None"], T]


class Spec(msgspec.Struct, Generic[T]):
    """Everything needed to perform one logical API call, independent of sync/async.

    ``parse`` gets the decoded JSON body (``None`` for 204, the saved path for downloads)
    and the request id. ``on_result`` lets a call update the client's state (login);
    ``announces_tokens`` makes the runner hand the result to ``on_tokens`` (runners call the
    hook, not the core, so the async one can keep a blocking hook off the event loop).
    ``body`` computes the JSON body per attempt (logout sends the refresh token held *then*,
    which a refresh between attempts may have rotated).
    """

    method: str
    path: str
    parse: Parser[T]
    params: list[tuple[str, str]] = msgspec.field(default_factory=list)
    json: Any = None
    auth: bool = True
    refreshable: bool = True
    idempotency_key: str | None = None
    upload: Upload | None = None
    download: Download | None = None
    on_result: Callable[[Core, T], None] | None = None
    announces_tokens: bool = False
    body: Callable[[Core], Any] | None = None

    def __repr__(self) -> str:
        # Never the body or headers: they may hold a password or a refresh token.
        key = " idempotent" if self.idempotency_key else ""
        return f"<Spec {self.method} {self.path}{key}>"


def model_parser(tp: Any) -> Parser[Any]:
    """A parser that validates the body as ``tp`` (a model, ``list[...]``, ``Page[...]``)."""

    def run(body: object, request_id: str | None) -> Any:
        return parse(tp, body, request_id=request_id)

    return run


def no_content(_body: object, _request_id: str | None) -> None:
    """Parser of 204 responses."""
    return None


def segment(value: str, what: str = "id") -> str:
    """Quote an opaque id as one path segment, so ``../me`` can never change the route.

    ``.`` and ``..`` survive quoting and httpx would resolve them as dot segments
    (``tickets/../close`` becomes ``/v1/close``), so they are refused like an empty id.
    """
    if not isinstance(value, str) or not value.strip():
        raise errors.InvalidArgumentError(f"{what} must be a non-empty string")
    if value in {".", ".."}:
        raise errors.InvalidArgumentError(f"{what} must not be {value!r}")
    return quote(value, safe="")


def query(**params: object) -> list[tuple[str, str]]:
    """Query pairs without the ``None`` ones; lists/tuples become repeated keys."""
    out: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            out.extend((key, str(v)) for v in value)
        elif isinstance(value, bool):
            out.append((key, "true" if value else "false"))
        else:
            out.append((key, str(value)))
    return out


# --- steps the send loops execute -----------------------------------------------------------


class Done(msgspec.Struct, Generic[T], frozen=True):
    value: T
    tokens: TokenPair | None = None  # new tokens for the runner to announce (on_tokens)


class Wait(msgspec.Struct, frozen=True):
    seconds: float


class Refresh(msgspec.Struct, frozen=True):
    pass


class Fail(msgspec.Struct, frozen=True):
    error: errors.ApiError


Step = Done[T] | Wait | Refresh | Fail


# --- configuration and token state --------------------------------------------------------


class Core:
    """Configuration and token state shared by a client's calls; holds no I/O."""

    BACKOFF_BASE = 0.5  # seconds; docs/client.md states both values
    BACKOFF_MAX = 8.0

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None,
        refresh_token: str | None,
        on_tokens: Callable[[TokenPair], Any] | None,
        before_refresh: Callable[[], Any] | None = None,
        max_retries: int,
        retry_after_cap: float,
        allow_insecure_http: bool,
        user_agent: str | None,
        event_hook: Callable[[RequestLog], None] | None,
        random: Callable[[], float] | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if retry_after_cap < 0:
            raise ValueError("retry_after_cap must be >= 0")
        self.base_url = normalize_base_url(base_url, allow_insecure_http)
        self.loopback = is_loopback(urlsplit(self.base_url).hostname or "")
        self.access_token = token
        self.refresh_token = refresh_token
        self.on_tokens = on_tokens
        self.before_refresh = before_refresh
        self.max_retries = max_retries
        self.retry_after_cap = retry_after_cap
        self.user_agent = user_agent or default_user_agent()
        self.event_hook = event_hook
        self.random = random if random is not None else _random.random

    def __repr__(self) -> str:
        return f"<Core {self.base_url} token={'set' if self.access_token else 'none'}>"

    def base_headers(self) -> dict[str, str]:
        return {"User-Agent": self.user_agent, "Accept": "application/json"}

    def http_options(self, timeout: httpx.Timeout | float | None) -> dict[str, Any]:
        """Settings of the httpx.Client / AsyncClient underneath, the same for both."""
        return {
            "timeout": DEFAULT_TIMEOUT if timeout is None else timeout,
            "verify": tls_verify(self.base_url),
            "headers": self.base_headers(),
            "follow_redirects": False,
            # Proxy variables must not capture loopback traffic (the local demo server).
            "trust_env": not self.loopback,
        }

    def set_tokens(self, pair: TokenPair) -> None:
        """Adopt a new token pair; the runner then tells the owner through ``on_tokens``."""
        self.access_token = pair.access_token
        self.refresh_token = pair.refresh_token

    def adopt_fresher(self, call: Call[Any], fresher: object) -> bool:
        """Take the tokens ``before_refresh`` found; True when the call can retry without
        refreshing (another process already rotated: refreshing again would reuse a dead
        refresh token, which the server punishes by revoking the whole session family)."""
        from .models import TokenPair

        if fresher is None:
            return False
        if isinstance(fresher, TokenPair):
            access, refresh = fresher.access_token, fresher.refresh_token
        elif (
            isinstance(fresher, tuple)
            and len(fresher) == 2
            and all(isinstance(t, str) and t for t in fresher)
        ):
            access, refresh = fresher
        else:
            raise TypeError(
                "before_refresh must return a TokenPair, an (access, refresh) tuple or None"
            )
        if access != call.token_used:
            self.access_token, self.refresh_token = access, refresh
            return True
        self.refresh_token = refresh  # same dead access token: refresh with the stored one
        return False

    def clear_tokens(self) -> None:
        self.access_token = None
        self.refresh_token = None

    def backoff(self, retry_number: int) -> float:
        """Exponential backoff with full jitter (AWS style): uniform in [0, min(max, b*2^n)]."""
        ceiling = min(self.BACKOFF_MAX, self.BACKOFF_BASE * (2.0**retry_number))
        return float(self.random()) * ceiling

    def start(self, spec: Spec[T]) -> Call[T]:
        return Call(self, spec)

    @property
    def access_token(self) -> str | None:
        return self._access_token

    @access_token.setter
    def access_token(self, value: str | None) -> None:
        self._access_token = check_token(value, "token")

    @property
    def refresh_token(self) -> str | None:
        return self._refresh_token

    @refresh_token.setter
    def refresh_token(self, value: str | None) -> None:
        self._refresh_token = check_token(value, "refresh token")


_B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


def check_token(value: str | None, what: str) -> str | None:
    """Refuse a token that cannot travel in an ``Authorization`` header (RFC 6750 b64token).

    Refused here rather than by the HTTP layer, whose error would quote the header in full;
    the message never repeats the value.
    """
    if value is not None and not (isinstance(value, str) and _B64TOKEN.fullmatch(value)):
        raise errors.InvalidArgumentError(
            f"the {what} is not a valid bearer token (it has spaces, line breaks, "
            "non-ASCII or control characters)"
        )
    return value


def refresh_spec(core: Core) -> Spec[TokenPair]:
    """The token refresh call; used explicitly (auth.refresh) and on a 401."""
    from .models import TokenPair

    if core.refresh_token is None:
        raise errors.AuthenticationError("no refresh token held; log in again")
    return Spec(
        "POST",
        "/v1/auth/refresh",
        model_parser(TokenPair),
        json={"refresh_token": core.refresh_token},
        auth=False,
        refreshable=False,
        on_result=lambda c, pair: c.set_tokens(pair),
        announces_tokens=True,
    )


# --- one logical call -----------------------------------------------------------------------


class Call(Generic[T]):
    """State of one logical call across its attempts; decides what happens after each."""

    def __repr__(self) -> str:
        return f"<Call {self.spec.method} {self.spec.path} attempt {self.attempt}>"

    def __init__(self, core: Core, spec: Spec[T]) -> None:
        self.core = core
        self.spec = spec
        self.attempt = 0
        self.retries = 0
        self.refreshed = False
        self.token_used: str | None = None
        self._started = 0.0
        self.url = core.base_url + spec.path

    def stamp(self, error: errors.ApiError) -> None:
        """Let the caller see the key this create was sent with, to resend it safely."""
        if self.spec.idempotency_key is not None and error.idempotency_key is None:
            error.idempotency_key = self.spec.idempotency_key

    @property
    def retry_safe(self) -> bool:
        return self.spec.method in IDEMPOTENT_METHODS or self.spec.idempotency_key is not None

    def build(self, http: httpx.Client | httpx.AsyncClient, *, is_async: bool) -> httpx.Request:
        """The httpx request of the next attempt (with the current token)."""
        self.attempt += 1
        spec = self.spec
        headers: dict[str, str] = {}
        self.token_used = self.core.access_token if spec.auth else None
        if self.token_used:
            headers["Authorization"] = f"Bearer {self.token_used}"
        if spec.idempotency_key is not None:
            headers["Idempotency-Key"] = spec.idempotency_key
        content: Any = None
        body = spec.body(self.core) if spec.body is not None else spec.json
        if spec.upload is not None:
            headers.update(spec.upload.headers())
            content = spec.upload.async_stream() if is_async else spec.upload.sync_stream()
        self._started = time.monotonic()
        return http.build_request(
            spec.method,
            self.url,
            params=list(spec.params) if spec.params else None,
            json=body,
            content=content,
            headers=headers,
        )

    def token_is_stale(self) -> bool:
        """True when another call already replaced the token this attempt used."""
        return self.core.access_token is not None and self.core.access_token != self.token_used

    # ---- outcomes

    def wants_download(self, response: httpx.Response) -> bool:
        return self.spec.download is not None and 200 <= response.status_code < 300

    def open_sink(self, response: httpx.Response) -> DownloadSink:
        assert self.spec.download is not None
        return self.spec.download.open(response)

    def on_download(self, response: httpx.Response, saved: Path) -> Step[T]:
        self._log(response.status_code, request_id_of(response))
        return self._done(saved, request_id_of(response))

    def on_response(self, response: httpx.Response) -> Step[T]:
        """Decide after a complete response (body already read)."""
        status = response.status_code
        request_id = request_id_of(response)
        self._log(status, request_id)
        if 200 <= status < 300:
            if status == 204 or self.spec.parse is no_content:
                return self._done(None, request_id)
            try:
                body = response.json()
            except ValueError:
                return Fail(
                    errors.InvalidResponseError(
                        f"invalid response from {self.spec.method} {self.spec.path}: "
                        "body is not valid JSON",
                        status=status,
                        request_id=request_id,
                    )
                )
            return self._done(body, request_id)
        if (
            status == 401
            and self.spec.refreshable
            and self.spec.auth
            and not self.refreshed
            and self.core.refresh_token is not None
        ):
            self.refreshed = True
            return Refresh()
        error = error_from_response(response)
        if status in RETRY_STATUSES and (self.retry_safe or status == 429):
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None and retry_after > self.core.retry_after_cap:
                return Fail(error)
            if self.retries < self.core.max_retries:
                delay = retry_after if retry_after is not None else self.core.backoff(self.retries)
                self.retries += 1
                return Wait(delay)
        return Fail(error)

    def on_error(self, exc: httpx.RequestError) -> Step[T]:
        """Decide after a transport failure (nothing usable came back)."""
        self._log(None, None, type(exc).__name__)
        if (self.retry_safe or isinstance(exc, _NOT_SENT)) and self.retries < self.core.max_retries:
            delay = self.core.backoff(self.retries)
            self.retries += 1
            return Wait(delay)
        return Fail(wrap_transport_error(exc, self.spec.method, self.url))

    def _done(self, body: object, request_id: str | None) -> Step[T]:
        try:
            value = self.spec.parse(body, request_id)
        except errors.InvalidResponseError as exc:
            return Fail(exc)
        if self.spec.on_result is not None:
            try:
                self.spec.on_result(self.core, value)
            except errors.InvalidArgumentError as exc:  # e.g. a token no header can carry
                return Fail(errors.InvalidResponseError(
                    f"invalid response from {self.spec.method} {self.spec.path}: {exc}",
                    request_id=request_id))
        if self.spec.announces_tokens:
            return Done(value, tokens=cast("TokenPair", value))
        return Done(value)

    def _log(self, status: int | None, request_id: str | None, error: str | None = None) -> None:
        hook = self.core.event_hook
        if hook is not None:
            hook(
                RequestLog(
                    method=self.spec.method,
                    url=self.url,
                    status=status,
                    request_id=request_id,
                    elapsed=time.monotonic() - self._started,
                    attempt=self.attempt,
                    error=error,
                )
            )


class CoreView:
    """Read-only facts of a client's core, shared by Client and AsyncClient."""

    _core: Core

    @property
    def base_url(self) -> str:
        return self._core.base_url

    @property
    def token(self) -> str | None:
        """The access token in use (after login or a refresh, the new one)."""
        return self._core.access_token

    @property
    def refresh_token(self) -> str | None:
        return self._core.refresh_token
