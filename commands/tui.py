"""`helpdesk tui`: the full-screen app, with the same profile, server and credentials."""

from __future__ import annotations

import typer

from commands.state import AppState, get_state


def tui(ctx: typer.Context) -> None:
    """Open the full-screen help desk (Ctrl+P lists every action, F1 the keys)."""
    from commands import tty
    from commands.errors import usage

    state = get_state(ctx)
    if not (tty.stdout_is_tty() and tty.interactive()):
        raise usage("The TUI needs a terminal.", "run it in a terminal, or use the commands")
    state.resolved  # noqa: B018 (a bad --server or profile fails here, as one line)
    run_app(state)


def run_app(state: AppState, *, chat: tuple[str | None, str | None] | None = None,
            notice: str | None = None) -> None:
    """Start the app on the profile and server of `state` (also used by `helpdesk demo`
    and, with `chat` = (order id, ticket id), by `helpdesk chat`).

    The app gets its own session: the CLI's reports to stderr would tear the screen.
    """
    from helpdesk_cli.session import Session
    from screens.app import HelpdeskApp

    HelpdeskApp(Session(state.profile, state.server), chat=chat, notice=notice).run()
