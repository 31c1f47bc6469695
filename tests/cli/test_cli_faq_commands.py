"""Issue 9: every `helpdesk …` command an FAQ article quotes must exist in the real command
tree, with the options it shows. Articles are server content, so nothing else checks them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import typer
import typer.main

from commands.main import app

CONTENT = Path(__file__).resolve().parents[2] / "helpdesk_server" / "faq" / "content"

# Commands the articles promise before they exist. Each comes with the live-chat issue; the
# test fails once one exists, so its entry is removed and the article is checked for real.
NOT_YET: set[tuple[str, ...]] = set()  # commands articles may name before they exist


def _quoted() -> list[tuple[str, str]]:
    """(file, command) for each `helpdesk …` in inline code or at the start of a code line."""
    found = []
    for path in sorted(CONTENT.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"`(helpdesk [^`\n]+)`|^(helpdesk [^\n`]+)$", text, re.M):
            found.append((path.name, (match.group(1) or match.group(2)).strip()))
    return found


def _is_group(command: Any) -> bool:
    return hasattr(command, "list_commands")  # typer vendors click: no isinstance checks


def _walk(words: list[str]) -> tuple[tuple[str, ...], Any, list[str]]:
    """The command the words name, its path, and the words after it."""
    command: Any = typer.main.get_command(app)
    path: list[str] = []
    while _is_group(command) and words and not words[0].startswith("-"):
        sub = command.get_command(typer.Context(command), words[0])
        if sub is None:
            break
        path.append(words.pop(0))
        command = sub
    return tuple(path), command, words


def _problems(text: str) -> str | None:
    words = shlex.split(text.replace("…", "X"))[1:]
    path, command, rest = _walk(words)
    if _is_group(command):
        return f"no command {' '.join(path + tuple(rest[:1]))!r}" if rest else None
    options = {name for p in command.params for name in p.opts + p.secondary_opts}
    unknown = [w.split("=")[0] for w in rest if w.startswith("-") and w.split("=")[0]
               not in options | {"--json", "-v", "--verbose", "--profile", "--server"}]
    if unknown:
        return f"{' '.join(path)}: no option {unknown}"
    flags_with_values = {name for p in command.params if p.param_type_name == "option"
                         and not p.is_flag for name in p.opts}
    positional, skip = [], False
    for word in rest:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in flags_with_values
        else:
            positional.append(word)
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    if not any(a.nargs == -1 for a in arguments) and len(positional) > len(arguments):
        return f"{' '.join(path)}: too many arguments {positional}"
    return None


def test_every_command_quoted_in_an_article_exists() -> None:
    quoted = _quoted()
    assert len(quoted) > 10  # the scan found the articles
    bad = []
    for name, text in quoted:
        words = shlex.split(text.replace("…", "X"))[1:]
        path, _command, rest = _walk(list(words))
        if tuple(path + tuple(rest[:1])) in NOT_YET or tuple(path) in NOT_YET:
            continue
        problem = _problems(text)
        if problem:
            bad.append(f"{name}: `{text}`: {problem}")
    assert not bad, "\n".join(bad)


def test_not_yet_commands_do_not_exist_yet() -> None:
    """When one of them lands, drop it from NOT_YET so its articles are checked."""
    for words in NOT_YET:
        path, _command, _rest = _walk(list(words))
        assert path != words, f"`helpdesk {' '.join(words)}` exists now: remove it from NOT_YET"
