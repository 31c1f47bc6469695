"""Where tokens live: HELPDESK_TOKEN > OS keyring > a plain-text file the user opted into.

Plain text is never a silent fallback: without a usable keyring, `auth login` fails and
explains `--insecure-storage`. Every keyring call runs in a daemon thread with a timeout, so a
locked or broken keyring gives a clear error instead of a hang. Tokens are keyed by profile and
server, so switching a profile's server never sends a token to the wrong host.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

import msgspec

from helpdesk_cli.config import Resolved, data_dir
from helpdesk_cli.errors import Action, HelpdeskError, Kind
from helpdesk_cli.fsutil import atomic_write

SERVICE = "helpdesk-cli"
ENV_TOKEN = "HELPDESK_TOKEN"
DEFAULT_KEYRING_TIMEOUT = 5.0
INSECURE_HINT = (
    "install and unlock a keyring (e.g. gnome-keyring / KWallet / macOS Keychain), use "
    "HELPDESK_TOKEN, or opt into a plain-text token file"
)
T = TypeVar("T")


class Tokens(msgspec.Struct, frozen=True):
    """A token pair and where it was found (`source`: env, keyring or file)."""

    access_token: str
    refresh_token: str | None = None
    source: str = "keyring"
    location: str = ""

    def __repr__(self) -> str:  # a token must never reach a log line or a traceback
        return f"Tokens(source={self.source!r}, location={self.location!r})"

    def __rich_repr__(self) -> list[tuple[str, Any]]:
        return [("source", self.source), ("location", self.location)]


def account(r: Resolved) -> str:
    """The keyring user name (and file key) of a profile on a server."""
    return f"{r.profile}@{r.server}"


def credentials_file() -> Path:
    """The opted-into plain-text store (mode 0600)."""
    return data_dir() / "credentials.json"


def keyring_timeout() -> float:
    """Seconds each keyring call may take (HELPDESK_KEYRING_TIMEOUT overrides)."""
    try:
        return max(0.05, float(os.environ.get("HELPDESK_KEYRING_TIMEOUT", "")))
    except ValueError:
        return DEFAULT_KEYRING_TIMEOUT


def _in_thread(fn: Callable[[], T], what: str) -> T:
    """Run a keyring call in a daemon thread; give up after the timeout."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    timeout = keyring_timeout()
    worker = threading.Thread(target=target, name=f"keyring-{what}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise HelpdeskError(
            f"The system keyring did not answer within {timeout:g} s ({what}); "
            "it may be locked or waiting for an unlock prompt.",
            hint="unlock the keyring and retry, or use HELPDESK_TOKEN", code="keyring-timeout")
    if "error" in box:
        exc = box["error"]
        if isinstance(exc, HelpdeskError):
            raise exc
        if type(exc).__name__ == "KeyringLocked":  # the unlock prompt failed or was dismissed
            raise HelpdeskError(f"The system keyring is locked ({what}).",
                                hint="unlock it (log in to the desktop, or your keyring's "
                                "unlock command) and retry, or use HELPDESK_TOKEN",
                                code="keyring-locked") from exc
        # Name the type only: a backend's message can quote the secret it was given (write)
        # or found (read), and nothing here can tell which.
        detail = type(exc).__name__
        raise HelpdeskError(f"The system keyring failed ({what}): {detail}", hint=INSECURE_HINT,
                            code="keyring-error", action=Action.SETUP_KEYRING) from exc
    value: T = box["value"]
    return value


def _refusal(backend: Any) -> str | None:
    """Why a keyring backend is unacceptable, or None if it is a real one."""
    cls = type(backend)
    module, name = cls.__module__, cls.__name__
    if module.startswith("keyring.backends.chainer"):
        inner = list(getattr(backend, "backends", []))
        return _refusal(inner[0]) if inner else "no keyring backend is available"
    if module.startswith("keyring.backends.fail") or module.startswith("keyring.backends.null"):
        return "no system keyring is available"
    if module.startswith("keyrings.alt") and ("plaintext" in name.lower() or "file" in module):
        return f"the only keyring backend is {module}.{name}, which stores secrets unprotected"
    return None


def backend_name(backend: Any) -> str:
    """A readable name for `auth status`."""
    return str(getattr(backend, "name", None) or type(backend).__name__)


def _usable_backend() -> tuple[Any | None, str | None]:
    """The keyring backend, or (None, reason) when it must not be used."""

    def get() -> Any:
        import keyring

        return keyring.get_keyring()

    backend = _in_thread(get, "backend discovery")
    reason = _refusal(backend)
    return (None, reason) if reason else (backend, None)


_B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")  # RFC 6750: what a bearer token may hold


def check_token(value: str, where: str, *, stored: bool = False) -> str:
    """Refuse a token that cannot be a bearer token before anything is sent, never echoing it.

    A newline or a control character in a header would otherwise make the HTTP layer quote
    the whole token in its error, and from there into messages, JSON and drafts.
    """
    if _B64TOKEN.fullmatch(value):
        return value
    message = (f"The token from {where} is not a valid token: it contains spaces, line breaks, "
               "non-ASCII or control characters (it was not sent).")
    if stored:
        raise HelpdeskError(message, Kind.AUTH, "log in again", code="bad-token",
                            action=Action.LOGIN)
    raise HelpdeskError(message, Kind.USAGE, "copy the token again, without extra characters",
                        code="bad-token")


def lookup_without_prompt(r: Resolved) -> Tokens | None:
    """Like `lookup`, but None where reading could ask the person anything (an unlock
    dialog): for work nobody asked for, such as shell completion."""
    if os.environ.get(ENV_TOKEN) or r.token_storage == "file":
        return lookup(r)
    backend, _reason = _usable_backend()
    if backend is None:
        return lookup(r)  # only the plain-text file can answer
    inner = list(getattr(backend, "backends", [])) or [backend]
    if not _unlocked(inner[0]):
        return None
    return lookup(r)


def _unlocked(backend: Any) -> bool:
    """True only for a backend known to answer without a prompt: an unlocked Secret Service
    collection (asked without unlocking it) or the Windows vault."""
    module = type(backend).__module__
    if module.endswith("Windows"):
        return True
    if not module.endswith("SecretService"):
        return False  # macOS Keychain, KWallet: may ask to unlock
    try:
        import secretstorage

        def probe() -> bool:
            bus = secretstorage.dbus_init()
            try:
                name = getattr(backend, "preferred_collection", None)
                collection = (secretstorage.Collection(bus, name) if name
                              else secretstorage.get_default_collection(bus))
                return not collection.is_locked()
            finally:
                bus.close()

        return _in_thread(probe, "lock check")
    except Exception:  # no D-Bus, no collection: then it cannot be read quietly either
        return False


def lookup(r: Resolved) -> Tokens | None:
    """Find the token for this profile; None when there is none (not logged in)."""
    env = os.environ.get(ENV_TOKEN)
    if env:
        return Tokens(check_token(env.strip(), ENV_TOKEN), None, "env", ENV_TOKEN)
    if r.token_storage != "file":
        backend, reason = _usable_backend()
        if backend is not None:
            raw = _in_thread(lambda: backend.get_password(SERVICE, account(r)), "read")
            found = _parse(raw, "keyring", f"system keyring ({backend_name(backend)})")
            if found is not None:
                return found
        elif r.token_storage == "keyring":
            raise HelpdeskError(f"Your token was stored in the system keyring, but {reason}.",
                                hint=INSECURE_HINT, code="keyring-unavailable",
                                action=Action.SETUP_KEYRING)
    entry = _read_file().get(account(r))
    if entry is None:
        return None
    return _parse(json.dumps(entry), "file", str(credentials_file()))


def check_storage(*, insecure: bool) -> None:
    """Fail before logging in (and leaving a session behind) when nothing can hold a token."""
    if insecure:
        return
    backend, reason = _usable_backend()
    if backend is None:
        raise HelpdeskError(f"Cannot store your token: {reason}.", hint=INSECURE_HINT,
                            code="keyring-unavailable", action=Action.SETUP_KEYRING)


def store(r: Resolved, tokens: Tokens, *, insecure: bool) -> Tokens:
    """Save tokens to the keyring, or to the plain-text file only if the user opted in."""
    payload = json.dumps({"access_token": tokens.access_token,
                          "refresh_token": tokens.refresh_token})
    if insecure:
        data = _read_file()
        data[account(r)] = json.loads(payload)
        _write_file(data)
        return Tokens(tokens.access_token, tokens.refresh_token, "file", str(credentials_file()))
    backend, reason = _usable_backend()
    if backend is None:
        raise HelpdeskError(f"Cannot store your token: {reason}.", hint=INSECURE_HINT,
                            code="keyring-unavailable", action=Action.SETUP_KEYRING)
    _in_thread(lambda: backend.set_password(SERVICE, account(r), payload), "write")
    return Tokens(tokens.access_token, tokens.refresh_token, "keyring",
                  f"system keyring ({backend_name(backend)})")


def delete(r: Resolved) -> list[str]:
    """Remove the profile's tokens from every store; returns where something was removed."""
    removed: list[str] = []
    data = _read_file()
    if data.pop(account(r), None) is not None:
        _write_file(data)
        removed.append(str(credentials_file()))
    if r.token_storage != "file":
        backend, _reason = _usable_backend()
        if backend is not None:
            def remove() -> bool:
                # No get_password probe first: each keyring call may be a D-Bus round trip.
                from keyring.errors import PasswordDeleteError

                try:
                    backend.delete_password(SERVICE, account(r))
                except PasswordDeleteError:
                    return False  # nothing stored there
                return True

            if _in_thread(remove, "delete"):
                removed.append(f"system keyring ({backend_name(backend)})")
    return removed


def persist_rotated(r: Resolved, source: Literal["keyring", "file"]) -> Callable[[Any], None]:
    """An on_tokens hook for Client: save refreshed tokens where the old ones were
    (HELPDESK_TOKEN is not ours to rewrite, so callers build it only for these two)."""

    def hook(pair: Any) -> None:
        store(r, Tokens(pair.access_token, pair.refresh_token), insecure=source == "file")

    return hook


def _parse(raw: str | None, source: str, location: str) -> Tokens | None:
    if not raw:
        return None
    try:
        data = json.loads(raw)
        access = data["access_token"]
        refresh = data.get("refresh_token")
    except (ValueError, TypeError, KeyError):
        # A bare token stored by hand.
        return Tokens(check_token(raw.strip(), location, stored=True), None, source, location)
    if not isinstance(access, str) or not access:
        return None
    refresh = refresh if isinstance(refresh, str) and refresh else None
    for value in (access, refresh):
        if value is not None:
            check_token(value, location, stored=True)
    return Tokens(access, refresh, source, location)


def _read_file() -> dict[str, Any]:
    path = credentials_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise HelpdeskError(f"Cannot read the token file {path}: {exc}",
                            hint="delete it and log in again", code="bad-credentials-file"
                            ) from exc
    return data if isinstance(data, dict) else {}


def _write_file(data: dict[str, Any]) -> None:
    atomic_write(credentials_file(), json.dumps(data, indent=2) + "\n", mode=0o600)
