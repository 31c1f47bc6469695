"""`helpdesk chat`: live chat (the TUI's chat screen) and the transcripts of past chats."""

from __future__ import annotations

from typing import Annotated

import typer

from commands.chat.list_ import list_chats
from commands.chat.show import show

app = typer.Typer(help="Chat with support, or list and read your chat transcripts.",
                  invoke_without_command=True, no_args_is_help=False, rich_markup_mode=None)


@app.callback(invoke_without_command=True)
def chat(
    ctx: typer.Context,
    order: Annotated[str | None, typer.Option(
        "--order", metavar="ID", help="The chat is about this order.", show_default=False)] = None,
    ticket: Annotated[str | None, typer.Option(
        "--ticket", metavar="ID", help="The chat is about this ticket.",
        show_default=False)] = None,
) -> None:
    """Chat with support, or list and read your chat transcripts.

    Without a sub-command, opens the live chat in the full-screen app.
    """
    if ctx.invoked_subcommand is not None:
        if order or ticket:
            from commands.errors import usage

            raise usage("--order and --ticket belong to `helpdesk chat` itself.")
        return
    from commands.chat.open_ import open_chat

    open_chat(ctx, order=order, ticket=ticket)


app.command("list")(list_chats)
app.command("show")(show)
