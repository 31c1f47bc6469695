"""`helpdesk demo`: the reference server with demo data, signed in as the demo customer.

On a terminal it opens the TUI; `--shell` opens a sub-shell for trying the commands instead.
Nothing touches the user's config, data or keyring: the demo's personal access token lives
only in this process, in the environment of the sub-shell, and in an env file (mode 0600)
inside the demo's temporary directory, which is deleted when the demo stops; config and
drafts written during the demo go to that directory too.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

import typer

from commands.state import AppState, get_state

DEMO_EMAIL = "alice@example.com"
DEMO_PASSWORD = "helpdesk-demo"
DEMO_TOKEN_NAME = "helpdesk demo"
TRY = (
    "helpdesk faq search refund",
    "helpdesk faq show KB101",
    "helpdesk ticket list",
    "helpdesk ticket show T1001",
    "helpdesk ticket create --subject 'Parcel is late' --body 'Where is my parcel?'",
    "helpdesk orders list",
    "helpdesk orders track SO10001",
    "helpdesk account show",
    "helpdesk ticket list --json",
)


def demo(
    ctx: typer.Context,
    seconds: Annotated[float | None, typer.Option(
        "--for", metavar="SECONDS", min=0, help="Stop after SECONDS (for scripted smoke tests).",
        show_default=False)] = None,
    shell: Annotated[bool | None, typer.Option(
        "--shell/--no-shell", help="Open a sub-shell with the demo environment for trying "
        "the commands, instead of the TUI.", show_default=False)] = None,
    tui: Annotated[bool, typer.Option(
        "--tui/--no-tui", help="Open the full-screen app (the default on a terminal).")
    ] = True,
) -> None:
    """Start the reference server with demo data and sign in as alice@example.com."""
    from api_client import Client
    from commands import tty
    from helpdesk_cli.fsutil import atomic_write
    from helpdesk_server.config import ServerSettings
    from helpdesk_server.runner import start_in_thread

    state = get_state(ctx)
    with tempfile.TemporaryDirectory(prefix="helpdesk-demo-") as tmp:
        # A simulated agent answers handed-off chats, so the demo works alone; a real agent
        # (agent@example.com) can still sign in from another terminal and take them.
        settings = ServerSettings(db_path=Path(tmp) / "demo.db", seed_demo=True,
                                  simulated_agent=True)
        running = start_in_thread(settings, "127.0.0.1", 0)
        try:
            token = _demo_token(Client, running.url)
            bin_dir = _helpdesk_on_path(Path(tmp))
            env = _demo_env(Path(tmp), running.url, token)
            env_file = Path(tmp) / "env.sh"
            path_line = f'export PATH="{bin_dir}:$PATH"\n' if bin_dir else ""
            atomic_write(env_file, "".join(f"export {k}={v}\n" for k, v in env.items())
                         + path_line, mode=0o600)
            mode = _mode(shell, tui, on_terminal=tty.interactive() and seconds is None)
            if mode == "tui":
                _run_tui(env, f"Demo server {running.url}. For the commands in another "
                              f"terminal: source {env_file}")
                state.out.note("Try the commands too: helpdesk demo --shell")
            else:
                _announce(state, running.url, env_file, mode == "shell")
                if mode == "shell":
                    _sub_shell(env, bin_dir)
                else:
                    _wait(seconds)
        finally:
            running.stop()
    state.out.note("Demo server stopped.")


def _mode(shell: bool | None, tui: bool, *, on_terminal: bool) -> str:
    """tui, shell or wait: the TUI on a terminal unless --shell or --no-tui; --no-shell and
    scripts (no terminal, or --for) just keep the server up."""
    if shell:
        return "shell"
    if not on_terminal or shell is False:
        return "wait"
    return "tui" if tui else "shell"


def _demo_env(tmp: Path, url: str, token: str) -> dict[str, str]:
    """What points a helpdesk process at the demo: its server, its token, and its own config
    and data dirs, so drafts and settings of the demo never land in the user's."""
    for sub in ("config", "data"):
        (tmp / sub).mkdir(exist_ok=True, mode=0o700)
    return {"HELPDESK_SERVER": url, "HELPDESK_TOKEN": token,
            "HELPDESK_CONFIG_DIR": str(tmp / "config"), "HELPDESK_DATA_DIR": str(tmp / "data")}


def _run_tui(env: dict[str, str], notice: str) -> None:
    """The TUI in this process, on the demo environment."""
    from commands.tui import run_app

    os.environ.update(env)
    run_app(AppState(server=env["HELPDESK_SERVER"]), notice=notice)


def _demo_token(client_cls: Any, url: str) -> str:
    """A personal access token for the demo shell.

    Tokens from HELPDESK_TOKEN are never refreshed, so the one-hour access token of a password
    login would break every demo command after an hour; a personal token lives as long as the
    demo server. The login session is only needed to create it, so it is logged out again.
    """
    with client_cls(url) as hd:
        hd.auth.login(DEMO_EMAIL, DEMO_PASSWORD)
        try:
            created = hd.tokens.create(name=DEMO_TOKEN_NAME)
        finally:
            hd.auth.logout()
    token: str = created.token
    return token


def _announce(state: AppState, url: str, env_file: Path, use_shell: bool) -> None:
    data: dict[str, Any] = {"server": url, "email": DEMO_EMAIL, "env_file": str(env_file),
                            "try": list(TRY)}
    if state.json:
        state.out.success(data)
        return
    lines = [f"Demo server running at {url} with demo data, signed in as {DEMO_EMAIL}.", ""]
    if use_shell:
        lines += ["A sub-shell with HELPDESK_SERVER and HELPDESK_TOKEN set starts now;",
                  "exit it (Ctrl-D) to stop the demo. Things to try:"]
    else:
        lines += ["In another terminal, load the demo environment, then try:",
                  f"  source {env_file}"]
    lines += [f"  {cmd}" for cmd in TRY]
    if not use_shell:
        lines += ["", "Press Ctrl-C to stop the demo."]
    print("\n".join(lines), flush=True)


def _helpdesk_on_path(tmp: Path) -> Path | None:
    """A directory holding just a `helpdesk` link, when `helpdesk` is not on PATH already.

    `./scripts/demo` runs `.venv/bin/helpdesk` without activating the venv, so the commands we
    suggest would fail with "command not found"; linking only our script (not the venv's whole
    bin/) keeps the user's own `python` first on PATH.
    """
    if shutil.which("helpdesk"):
        return None
    script = Path(sys.executable).parent / "helpdesk"
    if not script.exists():
        return None
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "helpdesk").symlink_to(script.absolute())
    return bin_dir


def _sub_shell(demo_env: dict[str, str], bin_dir: Path | None) -> None:
    env = {**os.environ, **demo_env, "HELPDESK_DEMO": "1"}
    if bin_dir is not None:
        env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    shell = os.environ.get("SHELL") or "/bin/sh"
    subprocess.run([shell], env=env, check=False)


def _wait(seconds: float | None) -> None:
    """Block until Ctrl-C, SIGTERM or the --for deadline; all of them stop cleanly."""
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait(seconds)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
