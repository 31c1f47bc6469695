"""Issue 9, "nothing typed is lost": paragraphs, $EDITOR, Ctrl-C and refusals after typing,
a closed ticket checked before the reply is typed, fields checked as they are entered."""

from __future__ import annotations

import io
import json
import stat
import uuid
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from conftest import Run, ok_json


class _TypedThenCtrlC(io.RawIOBase):
    """stdin that yields some typed lines, then behaves as if Ctrl-C was pressed."""

    def __init__(self, typed: bytes) -> None:
        self.typed = typed

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self.typed:
            raise KeyboardInterrupt
        n = min(len(buffer), len(self.typed))
        buffer[:n], self.typed = self.typed[:n], self.typed[n:]
        return n


def _typed_then_ctrl_c(monkeypatch: pytest.MonkeyPatch, typed: bytes) -> None:
    monkeypatch.setattr(typer.testing, "make_input_stream",
                        lambda _input, _charset: _TypedThenCtrlC(typed))


def _drafts(run: Run) -> list[dict[str, Any]]:
    return list(ok_json(run("ticket", "drafts", "--json"))["data"])


def _body(run: Run, ticket_id: str, n: int = 0) -> str:
    return str(ok_json(run("ticket", "show", ticket_id, "--json"))["messages"][n]["body"])


def test_editor_writes_a_body_with_paragraphs(run: Run, alice: str, tty: None,
                                               tmp_path: Path) -> None:
    script = tmp_path / "fake-editor"
    script.write_text("#!/bin/sh\nprintf 'First paragraph.\\n\\nSecond paragraph.\\n' > \"$1\"\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    subject = f"Editor {uuid.uuid4().hex[:6]}"
    result = run("--json", "ticket", "create", "-s", subject, "-y", env={"EDITOR": str(script)})
    assert result.exit_code == 0, result.stderr
    created = json.loads(result.stdout)
    assert created["messages"][0]["body"] == "First paragraph.\n\nSecond paragraph."


def _open_ticket(run: Run) -> str:
    subject = f"Open {uuid.uuid4().hex[:6]}"
    return str(ok_json(run("--json", "ticket", "create", "-s", subject, "-b", "x", "-y"))["id"])


def test_empty_line_does_not_end_a_typed_reply(run: Run, alice: str, tty: None) -> None:
    result = run("--json", "ticket", "reply", _open_ticket(run), input="One.\n\nTwo.\n.\n")
    assert result.exit_code == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["body"] == "One.\n\nTwo."


def test_ctrl_c_at_the_suggestions_keeps_the_typed_ticket(
        run: Run, alice: str, tty: None, monkeypatch: pytest.MonkeyPatch) -> None:
    subject = f"reset password {uuid.uuid4().hex[:6]}"
    with monkeypatch.context() as patch:
        _typed_then_ctrl_c(patch, f"{subject}\nI forgot my password\n.\n".encode())
        result = run("ticket", "create")
    assert result.exit_code == 130, result.stderr
    assert "might answer" in result.stderr and "saved as draft" in result.stderr
    kept = [d for d in _drafts(run) if d["subject"] == subject]
    assert kept and kept[0]["body"] == "I forgot my password"


def test_ctrl_c_in_an_interactive_reply_keeps_a_draft(
        run: Run, alice: str, tty: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        tid = _open_ticket(run)
        _typed_then_ctrl_c(patch, b"half a reply\n\nand more\n")
        result = run("ticket", "reply", tid)
    assert result.exit_code == 130, result.stderr
    kept = [d for d in _drafts(run) if d["kind"] == "reply" and d["body"] ==
            "half a reply\n\nand more"]
    assert kept and kept[0]["ticket_id"] == tid


def test_closed_ticket_is_checked_before_the_reply_and_a_follow_up_offered(
        run: Run, alice: str, tty: None) -> None:
    subject = f"Closing {uuid.uuid4().hex[:6]}"
    tid = ok_json(run("--json", "ticket", "create", "-s", subject, "-b", "x", "-y"))["id"]
    assert run("ticket", "close", tid, "--yes").exit_code == 0
    result = run("--json", "ticket", "reply", tid,
                 input=f"y\nFollow-up of {tid}\nStill broken.\n.\n")
    assert "Reply to" not in result.stderr  # never asked for a reply it would refuse
    created = ok_json(result) if result.stderr == "" else None
    assert result.exit_code == 0, result.stderr
    shown = ok_json(run("ticket", "list", "--json"))["data"][0]
    assert shown["follow_up_of"] == tid and shown["subject"] == f"Follow-up of {tid}"
    assert created is None or created["follow_up_of"] == tid


def test_too_long_subject_is_asked_again_before_the_body(run: Run, alice: str,
                                                         tty: None) -> None:
    subject = f"Short {uuid.uuid4().hex[:6]}"
    result = run("ticket", "create", "-y", input=f"{'x' * 201}\n{subject}\nThe body.\n.\n")
    assert result.exit_code == 0, result.stderr
    assert "at most 200" in result.stderr
    assert ok_json(run("ticket", "list", "--json"))["data"][0]["subject"] == subject


def test_refused_typed_text_is_kept_as_a_draft(run: Run, alice: str, tty: None) -> None:
    subject = f"Refused {uuid.uuid4().hex[:6]}"
    result = run("ticket", "create", "-y", "--order", "SO0000001",
                 input=f"{subject}\nLong text I typed.\n.\n")
    assert result.exit_code in (4, 5), result.stderr
    assert "kept in draft" in result.stderr and "drafts --show" in result.stderr
    kept = [d for d in _drafts(run) if d["subject"] == subject]
    assert kept
    shown = run("ticket", "drafts", "--show", kept[0]["id"])
    assert "Long text I typed." in shown.stdout


def test_piped_faq_show_keeps_every_character(run: Run, server_env: str) -> None:
    """Lists and table cells used to be cut at 80 columns, lines padded with spaces."""
    for ref in ("KB101", "KB403"):
        article = ok_json(run("faq", "show", ref, "--json"))
        piped = run("faq", "show", ref)
        assert piped.exit_code == 0
        for line in article["body"].splitlines():
            assert line.rstrip() in piped.stdout, line
        assert not [line for line in piped.stdout.splitlines() if line != line.rstrip()]
