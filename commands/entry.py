"""The console script: answers `helpdesk --version` and `--help`, and starts a bare
`helpdesk tui`, before importing anything else.

`--version` is what scripts and bug reports run most; it needs no option parsing, so it
does not pay for typer (measured side by side with `gh --version` in benchmarks/cli_bench.py);
the root `--help` page is fixed, so `commands.roothelp` prints it as Typer would.
A bare `helpdesk tui` has no options to parse either, and its first paint has a budget
(benchmarks/tui_bench.py); with any option it goes through the full command line.
"""

from __future__ import annotations

import sys


def run() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        from helpdesk_cli import __version__

        sys.stdout.write(f"helpdesk-cli {__version__}\n")
        return
    if sys.argv[1:] in (["--help"], ["-h"]):
        from commands.roothelp import render

        sys.stdout.write(render())
        return
    if sys.argv[1:] == ["tui"] and sys.stdin.isatty() and sys.stdout.isatty():
        from helpdesk_cli.errors import HelpdeskError
        from helpdesk_cli.session import Session

        session = Session()
        try:
            session.resolved  # noqa: B018 (a broken config goes the usual way, as one line)
        except HelpdeskError:
            pass
        else:
            from screens.app import HelpdeskApp

            HelpdeskApp(session).run()
            return
    from commands.main import run as run_app

    run_app()
