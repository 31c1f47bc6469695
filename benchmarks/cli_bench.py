"""CLI startup and round trip, measured side by side with tools people already use.

Budgets (DESIGN §6 and issue 10), as ratios of medians taken in the same run, interleaved so
that machine load hits both sides alike:

- `helpdesk --version`             ≤ 1.5 × `gh --version`
- `helpdesk faq search Q --json`   ≤ 0.6 × httpie's `http GET` of the same URL
- `helpdesk --help`                < a bare Typer app with one sub-command, `--help`

    .venv/bin/python benchmarks/cli_bench.py [-n 21] [--query password]

gh comes from Debian (`apt-get install gh`), httpie from PyPI (`pip install httpie`, any
venv: put its `http` on PATH or pass --http); what is missing is said and skipped. Bytecode
caching is left on for the children (PYTHONDONTWRITEBYTECODE is unset), or the figures
would measure compiling, not starting.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
BARE_TYPER = '''
import typer
app = typer.Typer(rich_markup_mode=None)
@app.callback()
def main() -> None:
    """A bare app."""
sub = typer.Typer(rich_markup_mode=None)
@sub.command()
def hello() -> None:
    """Say hello."""
app.add_typer(sub, name="sub")
app()
'''


def interleaved_medians(commands: dict[str, list[str]], runs: int, env: dict[str, str]
                        ) -> dict[str, float]:
    """Median wall time (ms) of each command, run in turns (one warm-up round first)."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, cmd in commands.items():
            start = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  stdin=subprocess.DEVNULL, env=env, check=False)
            elapsed = (time.perf_counter() - start) * 1000
            if proc.returncode != 0:
                raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-500:]}")
            if round_:
                samples[name].append(elapsed)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=21)
    parser.add_argument("--query", default="password")
    parser.add_argument("--http", help="httpie's `http` (default: found on PATH)")
    args = parser.parse_args()

    from helpdesk_server.config import ServerSettings
    from helpdesk_server.runner import start_in_thread

    env = {k: v for k, v in os.environ.items()
           if not k.startswith("HELPDESK_") and k != "PYTHONDONTWRITEBYTECODE"}
    path = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    helpdesk = str(BIN / "helpdesk")
    gh = shutil.which("gh", path=path)
    http = args.http or shutil.which("http", path=path)
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        env["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        bare = Path(tmp) / "bare_typer.py"
        bare.write_text(BARE_TYPER, encoding="utf-8")
        server = start_in_thread(ServerSettings(db_path=Path(tmp) / "bench.db", seed_demo=True,
                                                rate_limit_per_minute=1_000_000))
        try:
            url = f"{server.url}/v1/articles/search?q={args.query}"
            commands = {
                "python -c pass": [sys.executable, "-c", "pass"],
                "helpdesk --version": [helpdesk, "--version"],
                "helpdesk --help": [helpdesk, "--help"],
                "bare Typer app --help": [sys.executable, str(bare), "--help"],
                f"helpdesk faq search {args.query} --json": [
                    helpdesk, "--server", server.url, "faq", "search", args.query, "--json"],
            }
            if gh:
                commands["gh --version"] = [gh, "--version"]
            if http:
                commands["httpie: http GET (same URL)"] = [http, "--ignore-stdin", "GET", url]
            ms = interleaved_medians(commands, args.runs, env)
        finally:
            server.stop()

    print(f"{'command':44} {'median ms':>10}   (n={args.runs}, interleaved)")
    for name, value in ms.items():
        print(f"{name:44} {value:>10.1f}")
    print()
    _ratio("helpdesk --version / gh --version", ms, "helpdesk --version", "gh --version",
           1.5, gh is not None, "gh not found (Debian: apt-get install gh)")
    _ratio("faq search --json / httpie GET", ms, f"helpdesk faq search {args.query} --json",
           "httpie: http GET (same URL)", 0.6, http is not None,
           "httpie not found (pip install httpie; pass --http PATH)")
    _ratio("helpdesk --help / bare Typer --help", ms, "helpdesk --help",
           "bare Typer app --help", 1.0, True, "")


def _ratio(label: str, ms: dict[str, float], ours: str, theirs: str, budget: float,
           present: bool, missing: str) -> None:
    if not present:
        print(f"{label:44} skipped: {missing}")
        return
    ratio = ms[ours] / ms[theirs]
    verdict = "ok" if ratio <= budget else "OVER"
    print(f"{label:44} {ratio:>10.2f}   budget ≤ {budget:g}  {verdict}")


if __name__ == "__main__":
    main()
