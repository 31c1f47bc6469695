"""The one output helper: Rich for people, stable JSON for scripts, errors on stderr.

Under `--json` stdout carries exactly one JSON document and nothing else; every diagnostic goes
to stderr. Server text is treated as untrusted: it is cleaned (`sanitize.clean`) and wrapped in
`rich.text.Text`, so markup and escape sequences in it stay inert.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from commands import tty
from helpdesk_cli.sanitize import clean, one_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def to_jsonable(data: Any) -> Any:
    """Models become dicts via api_client.models.to_dict; containers are walked."""
    if isinstance(data, dict):
        return {str(k): to_jsonable(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [to_jsonable(v) for v in data]
    if isinstance(data, datetime):
        return data.isoformat().replace("+00:00", "Z")
    if isinstance(data, str | int | float | bool) or data is None:
        return data
    from api_client.models import Model, to_dict

    if isinstance(data, Model):
        return to_dict(data)
    return data


def dumps(data: Any) -> str:
    """Stable JSON: sorted keys, two-space indent, ASCII only (no raw control bytes)."""
    return json.dumps(to_jsonable(data), indent=2, sort_keys=True, ensure_ascii=True)


def safe(text: str | None, style: str = "") -> Text:
    """Untrusted text as an inert Rich Text (no markup, no emoji codes, no escapes)."""
    from rich.text import Text

    return Text(clean(text or ""), style=style)


def highlight_marks(snippet: str, style: str = "bold yellow") -> Text:
    """Turn the server's <mark>…</mark> into a Rich style, after cleaning the text around it."""
    from rich.text import Text

    out = Text()
    rest = clean(snippet)
    while rest:
        start = rest.find("<mark>")
        end = rest.find("</mark>", start + 6) if start >= 0 else -1
        if start < 0 or end < 0:
            out.append(rest.replace("<mark>", "").replace("</mark>", ""))
            break
        out.append(rest[:start].replace("</mark>", ""))
        out.append(rest[start + 6 : end], style=style)
        rest = rest[end + 7 :]
    return out


# Table columns holding identifiers people copy into the next command.
ID_COLUMNS = frozenset({"ID", "DRAFT", "TICKET", "ORDER", "ARTICLE"})


class Output:
    """Where a command's results and errors go, per the global `--json` switch."""

    def __init__(self, json_mode: bool = False) -> None:
        self.json_mode = json_mode
        self._console: Console | None = None
        self._err: Console | None = None

    @property
    def console(self) -> Console:
        """Rich console on stdout; colour only on a terminal without NO_COLOR."""
        if self._console is None:
            self._console = _make_console(sys.stdout, tty.colour_allowed(),
                                          tty.stdout_is_tty())
        return self._console

    @property
    def err_console(self) -> Console:
        """Rich console on stderr for notes, warnings and progress."""
        if self._err is None:
            colour = tty.stderr_is_tty() and tty.colour_allowed()
            self._err = _make_console(sys.stderr, colour, tty.stderr_is_tty())
        return self._err

    def success(self, data: Any, render: Callable[[Console], None] | None = None) -> None:
        """Print a result: JSON under --json, else `render` (or a plain str() of the data)."""
        if self.json_mode:
            sys.stdout.write(dumps(data) + "\n")
            sys.stdout.flush()
        elif render is not None:
            render(self.console)
        elif data is not None:
            self.console.print(safe(str(data)))

    def table(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        empty: str = "Nothing to show.",
        header: bool = True,
        right: Sequence[str] = (),
        leading: int = 0,
    ) -> None:
        """Rich table on a terminal; tab-separated lines, no header, when piped (like gh).

        `header=False` for key/value tables, `right` names columns of numbers or money,
        `leading` puts blank lines between rows whose cells wrap onto several lines.
        """
        rows = list(rows)
        if not tty.stdout_is_tty():
            for row in rows:
                sys.stdout.write("\t".join(one_line(_plain(c)) for c in row) + "\n")
            sys.stdout.flush()
            return
        if not rows:
            self.err_console.print(empty, markup=False)
            return
        from rich.table import Table

        table = Table(box=None, header_style="bold", pad_edge=False,
                      show_header=header)
        for n, col in enumerate(columns):
            if col in ID_COLUMNS:  # an id is copied, so it is never cut or wrapped
                longest = max((len(_plain(row[n])) for row in rows), default=0)
                table.add_column(col, no_wrap=True, min_width=max(longest, len(col)))
            else:
                table.add_column(col, justify="right" if col in right else "left")
        for i, row in enumerate(rows):
            if i and leading:  # Table's own `leading` needs a box; blank rows do the same
                for _ in range(leading):
                    table.add_row()
            table.add_row(*[_cell(c) for c in row])
        self.console.print(table)

    def note(self, message: str) -> None:
        """An informational line on stderr for people; silent under --json (scripts)."""
        if self.json_mode:
            return
        self.err_console.print(safe(message), highlight=False, soft_wrap=True)

    def warn(self, message: str) -> None:
        """A warning on stderr; as JSON under --json so scripts can parse stderr too."""
        if self.json_mode:
            sys.stderr.write(json.dumps({"warning": message}) + "\n")
        else:
            self.err_console.print(safe(f"warning: {message}"), highlight=False, soft_wrap=True)

    def fail(
        self,
        exit_code: int,
        message: str,
        hint: str | None = None,
        *,
        code: str = "error",
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Report an error on stderr: one line for people, one JSON object under --json."""
        message = one_line(message)
        hint = one_line(hint) if hint else None
        if self.json_mode:
            body: dict[str, Any] = {"code": code, "message": message, "exit_code": exit_code}
            if hint:
                body["hint"] = hint
            body.update(extra or {})
            sys.stderr.write(json.dumps({"error": body}, sort_keys=True) + "\n")
        else:
            line = f"error: {message}"
            if hint:
                line += f" ({hint})"
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _plain(cell: object) -> str:
    from rich.text import Text

    if isinstance(cell, Text):
        return cell.plain
    return "" if cell is None else str(cell)


def _cell(cell: object) -> Text:
    from rich.text import Text

    return cell if isinstance(cell, Text) else safe(_plain(cell))


def _make_console(file: Any, colour: bool, terminal: bool) -> Console:
    from rich.console import Console

    return Console(
        file=file,
        no_color=not colour,
        color_system="auto" if colour else None,
        highlight=False,
        emoji=False,
        markup=True,
        soft_wrap=not terminal,  # piped text keeps its lines; terminals wrap
    )
