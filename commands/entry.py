"""The console script: answers `helpdesk --version` before importing anything else.

`--version` is what scripts and bug reports run most; it needs no option parsing, so it
does not pay for typer (measured side by side with `gh --version` in benchmarks/cli_bench.py).
"""

from __future__ import annotations

import sys


def run() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        from helpdesk_cli import __version__

        sys.stdout.write(f"helpdesk-cli {__version__}\n")
        return
    from commands.main import run as run_app

    run_app()
