"""`helpdesk chat [--order ID] [--ticket ID]`: the live chat lives in the full-screen app."""

from __future__ import annotations

import typer

from commands.state import get_state


def open_chat(ctx: typer.Context, *, order: str | None, ticket: str | None) -> None:
    """Open the live chat in the TUI: a chat needs a screen (a log that follows new
    messages, a composer, the connection state), not line-by-line prompts."""
    from commands import tty
    from commands._common import ticket_id
    from commands.errors import usage
    from commands.tui import run_app

    state = get_state(ctx)
    state.resolved  # noqa: B018 (a bad --server or profile fails first, as one line)
    if not (tty.stdout_is_tty() and tty.interactive()):
        raise usage("The live chat needs a terminal.",
                    "use `helpdesk chat list` and `helpdesk chat show ID` for transcripts")
    run_app(state, chat=(order, ticket_id(ticket) if ticket else None))
