"""Profiles in a small TOML file under the platform config dir.

Schema (flat on purpose, so our own tiny writer is enough)::

    default_profile = "default"
    theme = "textual-dark"           # the TUI's theme, kept when changed in the app

    [profiles.default]
    server = "https://help.example.com"
    email = "alice@example.com"
    token_storage = "keyring"        # or "file" after --insecure-storage; set by login

Precedence for the server URL: --server > HELPDESK_SERVER > profile > built-in default.
The profile: --profile > HELPDESK_PROFILE > default_profile > "default".
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import msgspec

from helpdesk_cli.errors import HelpdeskError, bad_input
from helpdesk_cli.fsutil import atomic_write

APP_NAME = "helpdesk-cli"
DEFAULT_SERVER = "http://127.0.0.1:8765"
DEFAULT_PROFILE = "default"
PROFILE_KEYS = ("server", "email", "token_storage")
USER_KEYS = ("server", "email", "default_profile")  # what `config set` accepts
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def config_dir() -> Path:
    """platformdirs' per-user config dir (honours XDG_CONFIG_HOME on Linux);
    HELPDESK_CONFIG_DIR overrides it (`helpdesk demo` points it at its own temp dir)."""
    override = os.environ.get("HELPDESK_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """platformdirs' per-user data dir (drafts, opted-in plain-text credentials);
    HELPDESK_DATA_DIR overrides it."""
    override = os.environ.get("HELPDESK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    """The config file; it may not exist yet."""
    return config_dir() / "config.toml"


def check_profile_name(name: str) -> str:
    """Profile names end up in TOML keys and keyring entries: keep them simple."""
    if not _PROFILE_NAME.match(name):
        raise bad_input(f"Invalid profile name {name!r}.", "use letters, digits, '-' and '_' only")
    return name


def check_server_url(url: str) -> str:
    """Only plain http(s) base URLs with a host: no credentials (they would leak into logs
    and errors), no query or fragment (the client could not append paths); trailing slashes
    dropped."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        host, _port = parts.hostname, parts.port  # a bad port raises ValueError
    except ValueError:
        host, parts = None, urlsplit("")
    if parts.scheme not in ("http", "https") or not host:
        raise bad_input(f"Invalid server URL {_redact(url)!r}.",
                    "expected e.g. https://help.example.com")
    if "@" in parts.netloc:
        raise bad_input("The server URL must not contain a user name or password.",
                    "sign in with your password or a token instead")
    if parts.query or parts.fragment or url.strip().endswith(("?", "#")):
        raise bad_input(f"The server URL {_redact(url)!r} must not have a query or fragment.",
                    "expected e.g. https://help.example.com")
    return url.strip().rstrip("/")


def _redact(url: str) -> str:
    """The URL without any userinfo, which may hold a password."""
    head, sep, rest = url.partition("://")
    if not sep:
        return url if "@" not in url else "<redacted>"
    netloc, slash, path = rest.partition("/")
    return f"{head}://{netloc.rpartition('@')[2]}{slash}{path}"


class Config(msgspec.Struct):
    """The parsed config file."""

    default_profile: str = DEFAULT_PROFILE
    profiles: dict[str, dict[str, str]] = msgspec.field(default_factory=dict)
    theme: str | None = None

    def profile(self, name: str) -> dict[str, str]:
        """Settings of one profile (empty if unknown)."""
        return dict(self.profiles.get(name, {}))

    def set_profile_value(self, name: str, key: str, value: str | None) -> None:
        """Set or (with None) remove a key of a profile."""
        prof = self.profiles.setdefault(name, {})
        if value is None:
            prof.pop(key, None)
        else:
            prof[key] = value


def load() -> Config:
    """Read the config; a missing file is an empty config, a broken one a clear error."""
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except UnicodeDecodeError as exc:
        raise HelpdeskError(f"Cannot read config file {path}: {exc}",
                            hint="fix or delete the file", code="bad-config") from exc
    except OSError as exc:
        raise HelpdeskError(f"Cannot read config file {path}: {exc.strerror}",
                            code="bad-config") from exc
    import tomllib  # only with a config file: most runs have none (start-up budget)

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise HelpdeskError(f"Cannot read config file {path}: {exc}",
                            hint="fix or delete the file", code="bad-config") from exc
    cfg = Config()
    default = raw.get("default_profile")
    if isinstance(default, str) and _PROFILE_NAME.match(default):
        cfg.default_profile = default
    theme = raw.get("theme")
    if isinstance(theme, str) and _PROFILE_NAME.match(theme):
        cfg.theme = theme
    profiles = raw.get("profiles", {})
    if isinstance(profiles, dict):
        for name, values in profiles.items():
            if isinstance(values, dict) and _PROFILE_NAME.match(name):
                cfg.profiles[name] = {
                    k: v for k, v in values.items() if k in PROFILE_KEYS and isinstance(v, str)
                }
    return cfg


def save(cfg: Config) -> Path:
    """Write the config atomically."""
    path = config_path()
    atomic_write(path, dumps(cfg))
    return path


def dumps(cfg: Config) -> str:
    """Our flat schema as TOML (tomllib reads it back; a test round-trips it)."""
    lines = ["# helpdesk-cli configuration (see `helpdesk config --help`).",
             f"default_profile = {_toml_str(cfg.default_profile)}"]
    if cfg.theme:
        lines.append(f"theme = {_toml_str(cfg.theme)}")
    for name in sorted(cfg.profiles):
        lines += ["", f"[profiles.{name}]"]
        for key in PROFILE_KEYS:
            if key in cfg.profiles[name]:
                lines.append(f"{key} = {_toml_str(cfg.profiles[name][key])}")
    return "\n".join(lines) + "\n"


def _toml_str(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class Resolved(msgspec.Struct, frozen=True):
    """Effective settings for one invocation, and where each came from."""

    profile: str
    server: str
    server_source: str
    email: str | None
    token_storage: str | None


def resolve(profile_flag: str | None, server_flag: str | None, cfg: Config | None = None
            ) -> Resolved:
    """Apply the precedence rules in the module docstring."""
    cfg = cfg if cfg is not None else load()
    env_profile = os.environ.get("HELPDESK_PROFILE") or None
    profile = check_profile_name(profile_flag or env_profile or cfg.default_profile)
    values = cfg.profile(profile)
    env_server = os.environ.get("HELPDESK_SERVER") or None
    if server_flag:
        server, source = server_flag, "--server"
    elif env_server:
        server, source = env_server, "HELPDESK_SERVER"
    elif values.get("server"):
        server, source = values["server"], f"profile {profile}"
    else:
        server, source = DEFAULT_SERVER, "default"
    return Resolved(profile, check_server_url(server), source, values.get("email"),
                    values.get("token_storage"))


def as_dict(r: Resolved) -> dict[str, Any]:
    """JSON shape of `config list`."""
    return {"profile": r.profile, "server": r.server, "server_source": r.server_source,
            "email": r.email, "token_storage": r.token_storage}
