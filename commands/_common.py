"""Option types and small helpers shared by the commands."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from helpdesk_cli.errors import usage

if TYPE_CHECKING:
    from api_client.models import Page
    from helpdesk_cli.state import AppState

T = TypeVar("T")

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


def fetch_list(list_fn: Callable[..., Page[T]], iter_fn: Callable[..., Iterable[T]], *,
               limit: int, all_: bool, **filters: Any) -> tuple[list[T], str | None]:
    """One page (with its cursor) or, for --all, every page (cursor None): the list
    commands share this so `--all` and `--limit` mean the same everywhere."""
    if all_:
        return list(iter_fn(**filters)), None
    page = list_fn(limit=limit, **filters)
    return list(page.data), page.next_cursor


def note_more(state: AppState, cursor: str | None, noun: str) -> None:
    """On a terminal, say that a page was cut short (scripts read `next_cursor` instead)."""
    from helpdesk_cli import tty

    if cursor and tty.stdout_is_tty():
        state.out.note(f"More {noun} exist: use --all or a larger --limit.")


def new_app(help_text: str) -> typer.Typer:
    """A noun's sub-app; plain (non-Rich) help keeps `--help` within its startup budget."""
    return typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None)


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


def prompt_text(label: str) -> str:
    """Prompt for a multi-line text on the terminal; an empty line (or Ctrl-D) ends it.

    A problem description rarely fits on one line, and `typer.prompt` reads only one.
    Ctrl-C raises PromptInterrupted with the lines already typed, so they can be kept.
    """
    sys.stderr.write(f"{label} (end with an empty line):\n")
    sys.stderr.flush()
    lines: list[str] = []
    try:
        while True:
            line = sys.stdin.readline()
            if not line:  # EOF
                break
            line = line.rstrip("\r\n")
            if not line.strip():
                if lines:
                    break
                continue  # an empty first line is a stray Enter, not an empty text
            lines.append(line)
    except KeyboardInterrupt:
        raise PromptInterrupted("\n".join(lines)) from None
    return "\n".join(lines)


def status_completer(allowed: tuple[str, ...]) -> Callable[[str], list[str]]:
    """Shell completion for a --status option, including after a comma (`open,pe<TAB>`)."""

    def complete(incomplete: str) -> list[str]:
        done, _, last = incomplete.rpartition(",")
        prefix = f"{done}," if done else ""
        return [prefix + s for s in allowed if s.startswith(last)]

    return complete


def parse_statuses(values: list[str] | None, allowed: tuple[str, ...]) -> list[str]:
    """`-S a -S b` and `-S a,b` mean the same; an unknown status is a usage error rather
    than a silently empty result."""
    wanted: list[str] = []
    for s in (part.strip() for item in values or [] for part in item.split(",")):
        if not s:
            continue
        if s not in allowed:
            raise usage(f"Unknown status {s!r}.", f"one of: {', '.join(allowed)}")
        if s not in wanted:
            wanted.append(s)
    return wanted


def ticket_id(value: str) -> str:
    """`1001`, `#1001` and `t1001` all mean T1001: people copy the number, not the prefix.

    The one place ticket ids are normalised; anything else passes through for the server
    to judge (so its not-found error names what was typed).
    """
    text = value.strip().lstrip("#")
    if text.isascii() and text.isdigit():
        return f"T{text}"
    if text[:1] in "tT" and text[1:].isascii() and text[1:].isdigit():
        return f"T{text[1:]}"
    return value


def ticket_id_param(value: str | None) -> str | None:
    return None if value is None else ticket_id(value)


TicketArg = Annotated[str, typer.Argument(
    metavar="TICKET_ID", help="T1001, or just 1001.", show_default=False,
    callback=ticket_id_param)]
