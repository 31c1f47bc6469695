"""Startup and round-trip wall time of the `helpdesk` CLI (medians of N subprocess runs).

Budgets (DESIGN §6): `--help`/`--version` <= 150 ms, `faq search Q --json` against a warm
local server <= 200 ms and faster than httpie's `http GET` of the same URL (when installed).

    .venv/bin/python benchmarks/cli_bench.py [-n 21] [--query password]
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


def median_ms(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall time of `cmd` in ms (one warm-up run first, output discarded)."""
    samples = []
    for i in range(runs + 1):
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                              check=False)
        elapsed = (time.perf_counter() - start) * 1000
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-500:]}")
        if i:
            samples.append(elapsed)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=21)
    parser.add_argument("--query", default="password")
    args = parser.parse_args()

    from helpdesk_server.config import ServerSettings
    from helpdesk_server.runner import start_in_thread

    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    helpdesk = str(BIN / "helpdesk")
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        env["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        server = start_in_thread(ServerSettings(db_path=Path(tmp) / "bench.db", seed_demo=True,
                                                rate_limit_per_minute=1_000_000))
        try:
            url = f"{server.url}/v1/articles/search?q={args.query}"
            rows: list[tuple[str, float, float | None]] = [
                ("python -c pass", median_ms([sys.executable, "-c", "pass"], args.runs, env),
                 None),
                ("helpdesk --version", median_ms([helpdesk, "--version"], args.runs, env), 150),
                ("helpdesk --help", median_ms([helpdesk, "--help"], args.runs, env), 150),
                (f"helpdesk faq search {args.query} --json",
                 median_ms([helpdesk, "--server", server.url, "faq", "search", args.query,
                            "--json"], args.runs, env), 200),
            ]
            http = shutil.which("http", path=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
            if http:
                rows.append(("httpie: http GET (same URL)",
                             median_ms([http, "--ignore-stdin", "GET", url], args.runs, env),
                             None))
        finally:
            server.stop()

    print(f"{'command':44} {'median ms':>10} {'budget':>8}  verdict   (n={args.runs})")
    for name, ms, budget in rows:
        verdict = "" if budget is None else ("ok" if ms <= budget else "OVER")
        shown = "" if budget is None else f"{budget:>6} ms"
        print(f"{name:44} {ms:>10.1f} {shown:>8}  {verdict}")
    if not http:
        print("httpie not installed: skipped the `http GET` comparison "
              "(put its `http` on PATH to compare)")
    else:
        search_ms, http_ms = rows[3][1], rows[-1][1]
        verdict = "ok" if search_ms < http_ms else "OVER"
        print(f"faq search vs httpie: {search_ms:.1f} ms vs {http_ms:.1f} ms  {verdict}")


if __name__ == "__main__":
    main()
