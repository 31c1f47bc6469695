"""`helpdesk help [COMMAND]...`: a command's help, the way `gh help` and `git help` give it."""

from __future__ import annotations

from typing import Annotated, Any

import typer


def help_command(
    ctx: typer.Context,
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[COMMAND]...", help="e.g. ticket create (none: the list of commands).",
        show_default=False)] = None,
) -> None:
    """Show the help of a command: helpdesk help ticket create."""
    from commands.errors import usage

    root = ctx.find_root()
    command: Any = root.command
    current: Any = root
    for n, word in enumerate(words or []):
        sub = command.get_command(current, word) if hasattr(command, "get_command") else None
        if sub is None:
            path = " ".join((words or [])[:n + 1])
            raise usage(f"Unknown command {path!r}.", f"see `{current.command_path} --help`")
        command = sub
        # A bare context: the help is drawn without parsing (or asking for) any argument.
        current = typer.Context(command, info_name=word, parent=current)
    typer.echo(command.get_help(current))
