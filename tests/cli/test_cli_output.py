"""Untrusted text is inert; JSON is stable; piped lists are tab-separated."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from rich.console import Console

from commands import output, tty
from helpdesk_cli.sanitize import clean, one_line

NASTY = [
    ("\x1b[31mred\x1b[0m", "red"),
    ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"),
    ("title\x1b]0;pwned\x07!", "title!"),
    ("bell\x07 back\x08space", "bell backspace"),
    ("csi8\x9b2Jbit", "csi8bit"),
    ("keep\ttabs\nand lines", "keep\ttabs\nand lines"),
    ("cr\r\nlf", "cr\nlf"),
    ("lone esc at end\x1b", "lone esc at end"),
    ("del\x7fete", "delete"),
    ("\u202egnp.exe", "gnp.exe"),                      # RLO: would display as exe.png
    ("a\u2066b\u2067c\u2068d\u2069e\u202a\u202b\u202c\u202d", "abcde"),  # isolates, embeds
    ("zero\u200bwidth\u200c\u200e\u200f\ufeff\u2060", "zerowidth"),
    ("\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f468\u200d\U0001f469\u200d\U0001f467"),
    ("caf\u00e9 \u00fcber", "caf\u00e9 \u00fcber"),
]


@pytest.mark.parametrize(("raw", "want"), NASTY)
def test_clean_strips_control_sequences(raw: str, want: str) -> None:
    assert clean(raw) == want


def test_money_cleans_the_currency() -> None:
    from commands._render import money

    assert money(-1234, "US\u202eD\x1b[2J") == "-12.34 USD"


def test_one_line_folds_whitespace() -> None:
    assert one_line("a\n\tb  \x1b[1mc") == "a b c"


def _render(obj: object) -> str:
    buf = io.StringIO()
    Console(file=buf, width=200, color_system=None).print(obj)
    return buf.getvalue()


def test_safe_text_keeps_markup_literal() -> None:
    text = output.safe("[bold red]alert[/] :smile: \x1b[2J")
    assert _render(text).strip() == "[bold red]alert[/] :smile:"


def test_highlight_marks_styles_only_the_marked_words() -> None:
    text = output.highlight_marks("how to <mark>refund</mark> [link=x]an[/link] <mark>order")
    assert text.plain == "how to refund [link=x]an[/link] order"
    styled = [text.plain[s.start:s.end] for s in text.spans]
    assert styled == ["refund"]


def test_dumps_is_sorted_ascii_and_handles_datetimes() -> None:
    doc = output.dumps({"b": "é\x1b", "a": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)})
    assert doc.index('"a"') < doc.index('"b"')
    assert "\x1b" not in doc and "é" not in doc
    assert json.loads(doc) == {"a": "2026-01-02T03:04:05Z", "b": "é\x1b"}


def test_table_is_tab_separated_when_piped(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tty, "stdout_is_tty", lambda: False)
    out = output.Output()
    out.table(["ID", "SUBJECT"], [["T1", "multi\nline\x1b[31m"], ["T2", None]])
    assert capsys.readouterr().out == "T1\tmulti line\nT2\t\n"


def test_table_on_terminal_is_rich(capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tty, "stdout_is_tty", lambda: True)
    out = output.Output()
    out.table(["ID", "SUBJECT"], [["T1", "[red]x[/red]"]])
    printed = capsys.readouterr().out
    assert "ID" in printed and "[red]x[/red]" in printed


def test_fail_is_one_line_or_json(capsys: pytest.CaptureFixture[str]) -> None:
    output.Output().fail(4, "No ticket\nT9.", "try `helpdesk ticket list`")
    err = capsys.readouterr().err
    assert err == "error: No ticket T9. (try `helpdesk ticket list`)\n"
    output.Output(json_mode=True).fail(4, "No ticket T9.", code="not-found")
    doc = json.loads(capsys.readouterr().err)
    assert doc == {"error": {"code": "not-found", "exit_code": 4, "message": "No ticket T9."}}


def test_no_color_disables_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tty, "stdout_is_tty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not tty.colour_allowed()
    monkeypatch.delenv("NO_COLOR")
    assert tty.colour_allowed()
