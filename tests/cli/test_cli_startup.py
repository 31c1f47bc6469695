"""Startup: --help/--version stay light (no textual, no server, no httpx) and are correct."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from typing import Any

import pytest
from conftest import HELPDESK, Run, run_sub

import helpdesk_cli

HEAVY = ("textual", "helpdesk_server", "fastapi", "uvicorn", "httpx", "keyring", "api_client")

PROBE = """
import json, sys
sys.argv = ["helpdesk"] + {args!r}
from commands.main import run
try:
    run()
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
sys.stderr.write("\\nMODULES " + json.dumps(heavy) + "\\n")
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["ticket", "--help"],
                                  ["faq", "search", "--help"]])
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    code = PROBE.format(args=args, heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    marker = proc.stderr.rsplit("MODULES ", 1)[1]
    assert json.loads(marker) == []
    assert proc.stdout.strip()


def test_version_matches_distribution() -> None:
    assert helpdesk_cli.__version__ == version("helpdesk-cli")
    proc = run_sub(["--version"])
    assert proc.returncode == 0
    assert proc.stdout == f"helpdesk-cli {version('helpdesk-cli')}\n"
    assert proc.stderr == ""


def test_console_script_lists_every_noun() -> None:
    proc = run_sub(["--help"])
    assert proc.returncode == 0
    for noun in ("auth", "faq", "ticket", "account", "orders", "config", "server", "demo"):
        assert f"  {noun} " in proc.stdout
    assert HELPDESK.exists()


def test_unknown_command_is_usage_error(run: Run) -> None:
    result = run("tickets", "list")
    assert result.exit_code == 2
    assert "No such command" in result.stderr
    assert result.stdout == ""


def test_bad_option_value_is_usage_error(run: Run) -> None:
    result = run("ticket", "rate", "T1001", "9")
    assert result.exit_code == 2


def test_usage_error_as_json(run: Run) -> None:
    result = run("ticket", "rate", "T1001", "9", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert json.loads(result.stderr)["error"]["exit_code"] == 2


def test_global_options_anywhere(run: Run) -> None:
    from commands.main import hoist_global_options

    assert hoist_global_options(["faq", "search", "q", "--json", "--profile", "w"]) == [
        "--json", "--profile", "w", "faq", "search", "q"]
    assert hoist_global_options(["x", "--server=http://h", "--", "--json"]) == [
        "--server=http://h", "x", "--", "--json"]
    result = run("config", "path", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["path"].endswith("config.toml")


@pytest.mark.parametrize("args", [["tickets", "list", "--json"], ["--json"],
                                  ["--json", "ticket", "list", "--bogus"]])
def test_root_usage_errors_as_json(args: list[str]) -> None:
    proc = run_sub(args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert json.loads(proc.stderr)["error"]["code"] == "usage"



def test_json_search_path_stays_lean(live_server: Any) -> None:
    """`faq search --json` (the 200 ms budget) loads no Rich, keyring or server code. Rich
    would also betray httpx's own CLI module, which `import httpx` loads (~25 ms) unless
    api_client was imported first."""
    args = ["--server", live_server.url, "faq", "search", "refund", "--json"]
    banned = {"rich", "keyring", "textual", "helpdesk_server", "fastapi", "pydantic"}
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=banned)],
                          capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["data"]
    assert json.loads(proc.stderr.rsplit("MODULES ", 1)[1]) == []


def test_only_the_chosen_command_is_imported(live_server: Any) -> None:
    """The root group loads one command's module: `faq search` never imports the ticket,
    account or TUI commands (each import would tax every run)."""
    args = ["--server", live_server.url, "faq", "search", "refund", "--json"]
    code = PROBE.format(args=args, heavy=("commands",))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    loaded = {m.split(".")[1] for m in json.loads(proc.stderr.rsplit("MODULES ", 1)[1])
              if m.count(".") >= 1}
    assert "faq" in loaded
    assert not loaded & {"ticket", "account", "orders", "auth", "tui", "demo", "server",
                         "agent", "config"}, loaded


def test_the_command_table_matches_each_commands_own_help() -> None:
    """`helpdesk --help` is drawn from commands.main.COMMANDS without importing the
    commands; each line must still say what the command's own help says."""
    from commands.main import COMMANDS, load_command

    for name, (_module, _attr, short) in COMMANDS.items():
        command = load_command(name)
        own = (command.help or "").strip().splitlines()[0]
        assert own == short, (name, own, short)


def _answered_without_typer(flag: str) -> str:
    """Run the console script's entry with `flag`; its stdout, after checking it loaded no
    typer, click, rich or the root app."""
    code = (f"import sys\nsys.argv = ['helpdesk', {flag!r}]\n"
            "from commands.entry import run\nrun()\n"
            "sys.stderr.write(' '.join(sorted(m for m in sys.modules if m in "
            "('typer', 'click', 'rich', 'commands.main'))))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert proc.stderr == ""
    return proc.stdout


def test_version_is_answered_before_typer_is_imported() -> None:
    assert _answered_without_typer("--version") == f"helpdesk-cli {version('helpdesk-cli')}\n"


TYPER_HELP = "import sys\nsys.argv = ['helpdesk', '--help']\nfrom commands.main import run\nrun()\n"


@pytest.mark.parametrize("columns", ["40", "64", "80", "100", "250"])
def test_fast_root_help_is_exactly_what_typer_renders(columns: str) -> None:
    """The console script prints the root page from commands.roothelp without typer; it must
    be byte for byte Typer's own page at every width (or a typer upgrade or a new option
    would silently show a stale page)."""
    import os

    env = {**os.environ, "COLUMNS": columns}
    typer_page = subprocess.run([sys.executable, "-c", TYPER_HELP], capture_output=True,
                                text=True, check=True, timeout=60, env=env).stdout
    for flag in ("--help", "-h"):
        fast = run_sub([flag], env=env)
        assert fast.returncode == 0 and fast.stderr == ""
        assert fast.stdout == typer_page


def test_root_help_is_answered_before_typer_is_imported() -> None:
    assert _answered_without_typer("--help").startswith(
        "Usage: helpdesk [OPTIONS] COMMAND [ARGS]...")
