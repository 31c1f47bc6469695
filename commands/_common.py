"""Option types and small helpers shared by the commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from commands.errors import usage
from helpdesk_cli.listing import fetch_list, parse_statuses, ticket_id

if TYPE_CHECKING:
    from commands.state import AppState

__all__ = ["fetch_list", "parse_statuses", "ticket_id"]  # re-exported for the commands

BodyOpt = Annotated[str | None, typer.Option(
    "--body", "-b", help="Text of the message.", show_default=False)]
BodyFileOpt = Annotated[str | None, typer.Option(
    "--body-file", "-F", metavar="FILE", help="Read the text from FILE ('-' for stdin).",
    show_default=False)]
AttachOpt = Annotated[list[Path] | None, typer.Option(
    "--attach", "-a", metavar="FILE", help="Attach a file (repeatable).", show_default=False)]
LimitOpt = Annotated[int, typer.Option(
    "--limit", "-L", min=1, max=100, help="How many to show (one page).")]
AllOpt = Annotated[bool, typer.Option("--all", help="Every page, not just the first.")]


def note_more(state: AppState, cursor: str | None, noun: str) -> None:
    """On a terminal, say that a page was cut short (scripts read `next_cursor` instead)."""
    from commands import tty

    if cursor and tty.stdout_is_tty():
        state.out.note(f"More {noun} exist: use --all or a larger --limit.")


def new_app(help_text: str, aliases: dict[str, str] | None = None) -> typer.Typer:
    """A noun's sub-app; plain (non-Rich) help keeps `--help` within its startup budget.

    `aliases` (alias → command, like gh's `view` for `show`) are named in the noun's help;
    register them with `add_alias`.
    """
    epilog = None
    if aliases:
        epilog = "Aliases: " + ", ".join(f"{a} = {c}" for a, c in aliases.items()) + "."
    return typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None,
                       epilog=epilog)


def add_alias(app: typer.Typer, alias: str, command: Callable[..., None]) -> None:
    """Another name for a command (gh's habits: `view`, `new`), hidden from the command list
    and from completion so each action is listed once."""
    app.command(alias, hidden=True)(command)


def read_body(body: str | None, body_file: str | None) -> str | None:
    """The text from --body or --body-file (stdin for '-'); None when neither was given."""
    if body is not None and body_file is not None:
        raise usage("Use either --body or --body-file, not both.")
    if body_file is None:
        return body
    if body_file == "-":
        return sys.stdin.read()
    try:
        return Path(body_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise usage(f"Cannot read {body_file}: {exc}") from exc


def read_secret_line() -> str:
    """One line from stdin (for --password-stdin / --with-token), without the newline."""
    line = sys.stdin.readline().rstrip("\r\n")
    if not line.strip():
        raise usage("Nothing was read from stdin.")
    return line


class PromptInterrupted(KeyboardInterrupt):
    """Ctrl-C in the middle of `prompt_text`; carries what was typed so far."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


END_MARK = "."  # a line with only this ends a typed text, as in mail(1)


def prompt_text(label: str) -> str:
    """Prompt for a multi-line text on the terminal; Ctrl-D or a line with only "." ends it.

    Empty lines are part of the text (a problem description has paragraphs), so an Enter
    never sends half a message. Ctrl-C raises PromptInterrupted with the lines already typed,
    so they can be kept.
    """
    sys.stderr.write(f"{label} (several lines are fine; end with a line with only "
                     f"'{END_MARK}' or Ctrl-D):\n")
    sys.stderr.flush()
    lines: list[str] = []
    try:
        while True:
            line = sys.stdin.readline()
            if not line:  # EOF
                break
            line = line.rstrip("\r\n")
            if line.strip() == END_MARK:
                break
            lines.append(line)
    except KeyboardInterrupt:
        raise PromptInterrupted("\n".join(lines).strip("\n")) from None
    return "\n".join(lines).strip("\n")


EditorOpt = Annotated[bool, typer.Option(
    "--editor", "-e", help="Write the text in $VISUAL/$EDITOR (the default on a terminal "
    "when one is set).")]


def editor_command() -> str | None:
    """The user's editor ($VISUAL, then $EDITOR), or None when neither is set."""
    import os

    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return value
    return None


def ask_text(label: str, *, editor: bool = False) -> str:
    """Ask for a multi-paragraph text: in $VISUAL/$EDITOR when one is set (or `editor`
    asks for it, like gh's --editor), else typed at the prompt (see `prompt_text`)."""
    import click

    command = editor_command()
    if not (editor or command):
        return prompt_text(label)
    sys.stderr.write(f"{label}: opening {command or 'the default editor'}…\n")
    sys.stderr.flush()
    try:
        text = click.edit("", editor=command, extension=".md", require_save=False)
    except click.ClickException as exc:
        raise usage(f"Cannot run the editor: {exc.format_message()}",
                    "set VISUAL or EDITOR, or pass the text with --body") from exc
    return (text or "").strip("\n")


def status_completer(allowed: tuple[str, ...]) -> Callable[[str], list[str]]:
    """Shell completion for a --status option, including after a comma (`open,pe<TAB>`)."""

    def complete(incomplete: str) -> list[str]:
        done, _, last = incomplete.rpartition(",")
        prefix = f"{done}," if done else ""
        return [prefix + s for s in allowed if s.startswith(last)]

    return complete


def ticket_id_param(value: str | None) -> str | None:
    return None if value is None else ticket_id(value)


def id_completer(noun: str) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Shell completion of ticket or order ids from the server (cached briefly, silent on
    any failure, never asking for a password: `helpdesk_cli.idcache`)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from helpdesk_cli.idcache import ids

        root = ctx.find_root().params
        found = ids(root.get("profile"), root.get("server"), noun)
        if incomplete[:1].isdigit():  # `1001` is T1001 to our commands: offer it as typed
            return [(i[1:], d) for i, d in found if i[1:].startswith(incomplete)]
        return [(i, d) for i, d in found if i.upper().startswith(incomplete.upper())]

    return complete


TicketArg = Annotated[str, typer.Argument(
    metavar="TICKET_ID", help="T1001, or just 1001.", show_default=False,
    callback=ticket_id_param, autocompletion=id_completer("tickets"))]
