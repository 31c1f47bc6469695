"""The console script: answers `helpdesk --version` and `--help`, and starts a bare
`helpdesk tui`, before importing anything else.

`--version` is what scripts and bug reports run most; it needs no option parsing, so it
does not pay for typer (measured side by side with `gh --version` in benchmarks/cli_bench.py);
the root `--help` page is fixed, so `commands.roothelp` prints it as Typer would.
A bare `helpdesk tui` has no options to parse either, and its first paint has a budget
(benchmarks/tui_bench.py); with any option it goes through the full command line.
"""

from __future__ import annotations

import gc
import sys


def run() -> None:
    """Console-script entry point."""
    # A command imports ~350 modules and exits; at the default young-generation size (700)
    # the collector runs hundreds of times over objects that all live to the end (~15 ms).
    # 10,000 (CPython 3.13 itself raised it to 2,000) keeps collections for the long-lived
    # commands (tui, watch, demo) without paying them at every start.
    gc.set_threshold(10_000)
    try:
        _dispatch()
    finally:
        # Interpreter shutdown ends with collections over every object the imports made
        # (~50 ms of a 300 ms `faq search --json`, benchmarks/cli_bench.py); nothing at exit
        # needs them, so they are frozen out of its reach. Refcounted objects (open files)
        # are still released as usual; only cyclic garbage is left to the OS, as at any exit.
        gc.freeze()


def _dispatch() -> None:
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
