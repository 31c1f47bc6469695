"""`helpdesk demo`: the reference server with demo data, signed in as the demo customer.

Nothing touches the user's config or keyring: the demo's personal access token lives only in
this process, in the environment of the optional sub-shell, and in an env file (mode 0600)
inside the demo's temporary directory, which is deleted when the demo stops.
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
        "--shell/--no-shell", help="Open a sub-shell with the demo environment "
        "(default: on a terminal).", show_default=False)] = None,
) -> None:
    """Start the reference server with demo data and sign in as alice@example.com."""
    from api_client import Client
    from commands import tty
    from helpdesk_cli.fsutil import atomic_write
    from helpdesk_server.config import ServerSettings
    from helpdesk_server.runner import start_in_thread

    state = get_state(ctx)
    with tempfile.TemporaryDirectory(prefix="helpdesk-demo-") as tmp:
        settings = ServerSettings(db_path=Path(tmp) / "demo.db", seed_demo=True)
        running = start_in_thread(settings, "127.0.0.1", 0)
        try:
            token = _demo_token(Client, running.url)
            bin_dir = _helpdesk_on_path(Path(tmp))
            env_file = Path(tmp) / "env.sh"
            path_line = f'export PATH="{bin_dir}:$PATH"\n' if bin_dir else ""
            atomic_write(env_file, f"export HELPDESK_SERVER={running.url}\n"
                                   f"export HELPDESK_TOKEN={token}\n{path_line}", mode=0o600)
            use_shell = tty.interactive() and seconds is None if shell is None else shell
            _announce(state, running.url, env_file, use_shell)
            if use_shell:
                _sub_shell(running.url, token, bin_dir)
            else:
                _wait(seconds)
        finally:
            running.stop()
    state.out.note("Demo server stopped.")


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


def _sub_shell(url: str, token: str, bin_dir: Path | None) -> None:
    env = {**os.environ, "HELPDESK_SERVER": url, "HELPDESK_TOKEN": token,
           "HELPDESK_DEMO": "1"}
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
