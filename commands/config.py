"""`helpdesk config get|set|list|path`: profiles in the TOML config file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from commands._common import new_app
from commands.state import get_state

if TYPE_CHECKING:
    from rich.console import Console

    from helpdesk_cli import config as config_mod

app = new_app("Read and change settings (per profile; see --profile).")

KeyArg = Annotated[str, typer.Argument(
    metavar="KEY", help="server, email or default_profile.", show_default=False)]


def _check_key(key: str) -> str:
    from commands.errors import usage
    from helpdesk_cli.config import USER_KEYS

    if key not in USER_KEYS:
        raise usage(f"Unknown key {key!r}.", f"known keys: {', '.join(USER_KEYS)}")
    return key


@app.command("get")
def get(ctx: typer.Context, key: KeyArg) -> None:
    """Print a setting of the current profile (empty if unset).

    For `server` this is the server in effect, as `config list` shows it: --server and
    HELPDESK_SERVER win over the stored value, and an empty line would hide that.
    """
    from helpdesk_cli import config

    state = get_state(ctx)
    _check_key(key)
    cfg = config.load()
    profile = state.resolved.profile
    value = cfg.default_profile if key == "default_profile" else cfg.profile(profile).get(key)
    data: dict[str, object] = {"key": key, "value": value, "profile": profile}
    if key == "server":
        r = state.resolved
        data.update(value=r.server, source=r.server_source, stored=value)
        value = r.server

    def render(c: Console) -> None:
        c.print(value or "", markup=False, soft_wrap=True)
        if key == "server":
            state.out.note(f"(from {data['source']})")

    state.out.success(data, render=render)


@app.command("set")
def set_(ctx: typer.Context, key: KeyArg,
         value: Annotated[str, typer.Argument(metavar="VALUE", show_default=False)]) -> None:
    """Store a setting in the current profile (default_profile is global)."""
    from commands.errors import usage
    from helpdesk_cli import config

    state = get_state(ctx)
    _check_key(key)
    cfg = config.load()
    profile = state.resolved.profile
    if key == "server":
        value = config.check_server_url(value)
    elif key == "email":
        value = value.strip()
        if "@" not in value or any(c.isspace() for c in value):
            raise usage(f"Invalid email {value!r}.")
    if key == "default_profile":
        cfg.default_profile = _existing_profile(cfg, value)
    else:
        cfg.set_profile_value(profile, key, value)
    path = config.save(cfg)
    state.out.success({"key": key, "value": value, "profile": profile, "path": str(path)},
                      render=lambda c: state.out.note(f"Set {key} = {value} ({path})"))


def _existing_profile(cfg: config_mod.Config, name: str) -> str:
    """A default that names no profile would send every later command to the built-in
    server, logged out: refuse it and list what exists."""
    from commands.errors import usage
    from helpdesk_cli import config

    name = config.check_profile_name(name)
    known = sorted({config.DEFAULT_PROFILE, *cfg.profiles})
    if name not in known:
        raise usage(f"No profile {name!r}.",
                    f"profiles: {', '.join(known)}; create one with "
                    f"`helpdesk --profile {name} auth login` or `helpdesk --profile {name} "
                    "config set server URL`")
    return name


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """Show the effective settings and every profile."""
    from helpdesk_cli import config

    state = get_state(ctx)
    cfg = config.load()
    data = config.as_dict(state.resolved)
    data["default_profile"] = cfg.default_profile
    data["config_path"] = str(config.config_path())
    data["profiles"] = cfg.profiles

    def render(_c: object) -> None:
        rows = [[k, "" if data[k] is None else str(data[k])]
                for k in ("profile", "server", "server_source", "email", "token_storage",
                          "default_profile", "config_path")]
        rows += [[f"profiles.{name}.{k}", v] for name, vals in sorted(cfg.profiles.items())
                 for k, v in vals.items()]
        state.out.table(["KEY", "VALUE"], rows)

    state.out.success(data, render=render)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print where the config file lives."""
    from helpdesk_cli import config

    state = get_state(ctx)
    p = str(config.config_path())
    state.out.success({"path": p}, render=lambda c: c.print(p, markup=False, soft_wrap=True))
