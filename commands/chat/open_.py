"""`helpdesk chat [--order ID] [--ticket ID]`: the live chat lives in the full-screen app."""

from __future__ import annotations

import typer

from commands.state import get_state


def open_chat(ctx: typer.Context, *, order: str | None, ticket: str | None) -> None:
    """Open the live chat: it needs a screen (a log that follows new messages, a composer,
    the connection state), so the CLI hands it to the TUI rather than chatting line by line.

    The TUI has no chat screen yet, so this says so (exit 2) and what to use meanwhile;
    once `commands.tui.run_app` can start on the chat, this starts it with the order or
    ticket as the chat's context.
    """
    from commands.errors import usage

    get_state(ctx).resolved  # noqa: B018 (a bad --server or profile fails first, as one line)
    raise usage("The live chat screen is not in the full-screen app yet: it comes with the "
                "TUI chat work.",
                "use `helpdesk chat list` and `helpdesk chat show ID` for transcripts")
