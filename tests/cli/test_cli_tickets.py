"""ticket create/list/show/reply/close/reopen/rate against the real server."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from conftest import ALICE, DEMO_PASSWORD, Run, err_json, ok_json
from helpers import ServerFactory


def _create(run: Run, subject: str, *extra: str, input: str | None = None) -> dict[str, object]:
    data: dict[str, object] = ok_json(run("ticket", "create", "--subject", subject, *extra,
                                          "--json", input=input))
    return data


def test_create_body_from_stdin_then_show_and_list(run: Run, alice: str) -> None:
    subject = f"Stdin body {uuid.uuid4().hex[:8]}"
    body = "Line one\nLine two from stdin\n"
    t = _create(run, subject, "--body-file", "-", "--priority", "high", input=body)
    assert (t["subject"], t["status"], t["priority"]) == (subject, "new", "high")
    shown = ok_json(run("ticket", "show", str(t["id"]), "--json"))
    assert shown["messages"][0]["body"] == body.strip()
    listed = ok_json(run("ticket", "list", "--status", "new", "--limit", "100", "--json"))
    assert t["id"] in [x["id"] for x in listed["data"]]
    assert all(x["status"] == "new" for x in listed["data"])
    human = run("ticket", "show", str(t["id"]))
    assert human.exit_code == 0 and "Line two from stdin" in human.stdout


def test_list_human_all_and_statuses(run: Run, alice: str) -> None:
    result = run("ticket", "list", "--all")
    assert result.exit_code == 0 and result.stderr == ""
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert {r[1] for r in rows} >= {"new", "open", "pending", "on_hold", "solved", "closed"}
    data = ok_json(run("ticket", "list", "-S", "open,pending", "--json"))
    assert {x["status"] for x in data["data"]} <= {"open", "pending"}
    assert run("ticket", "list", "--status", "bogus").exit_code == 2


def test_empty_list_exits_0(run: Run, server_env: str) -> None:
    from conftest import BOB, DEMO_PASSWORD

    run("auth", "login", "--email", BOB, "--password-stdin", input=DEMO_PASSWORD + "\n")
    data = ok_json(run("ticket", "list", "--status", "on_hold", "--json"))
    assert data == {"data": [], "next_cursor": None}
    result = run("ticket", "list", "--status", "on_hold")
    assert (result.exit_code, result.stdout) == (0, "")


def test_reply_close_reopen_rate(run: Run, alice: str, tmp_path: Path) -> None:
    t = _create(run, "Reply flow", "--body", "first")
    tid = str(t["id"])
    note = tmp_path / "note.txt"
    note.write_text("attached text")
    msg = ok_json(run("ticket", "reply", tid, "--body-file", "-", "--attach", str(note),
                      "--json", input="second message"))
    assert msg["body"] == "second message" and msg["attachments"][0]["filename"] == "note.txt"
    human = run("ticket", "reply", tid, "--body", "third")
    assert human.exit_code == 0 and tid in human.stdout
    thread = run("ticket", "show", tid).stdout
    assert thread.index("first") < thread.index("second message") < thread.index("third")
    assert f"note.txt (13 bytes, text/plain) {msg['attachments'][0]['id']}" in thread
    # rating needs solved/closed: open ticket -> conflict
    assert err_json(run("ticket", "rate", tid, "4", "--json"), 5)["status"] == 409
    closed = ok_json(run("ticket", "close", tid, "--json"))
    assert closed["status"] == "closed"
    rating = ok_json(run("ticket", "rate", tid, "5", "--comment", "quick", "--json"))
    assert (rating["score"], rating["comment"]) == (5, "quick")
    doc = err_json(run("ticket", "reply", tid, "--body", "late", "--json"), 5)
    assert doc["code"] == "ticket-closed"
    assert err_json(run("ticket", "reopen", tid, "--json"), 5)["code"] == "ticket-closed"
    follow = _create(run, "Follow-up", "--body", "again", "--follow-up-of", tid)
    assert follow["follow_up_of"] == tid


def test_reopen_solved(run: Run, server_factory: ServerFactory,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """On its own server, so the seeded solved ticket is always there to reopen."""
    server = server_factory()
    monkeypatch.setenv("HELPDESK_SERVER", server.url)
    ok_json(run("auth", "login", "--email", ALICE, "--password-stdin", "--json",
                input=DEMO_PASSWORD + "\n"))
    listed = ok_json(run("ticket", "list", "--status", "solved", "--all", "--json"))
    assert len(listed["data"]) == 1, "the demo seed has exactly one solved ticket"
    tid = listed["data"][0]["id"]
    human = run("ticket", "reopen", tid)
    assert human.exit_code == 0 and f"{tid} is now open" in human.stdout
    assert ok_json(run("ticket", "list", "--status", "solved", "--json"))["data"] == []
    assert ok_json(run("ticket", "close", tid, "--json"))["status"] == "closed"
    assert ok_json(run("ticket", "show", tid, "--json"))["status"] == "closed"
    assert err_json(run("ticket", "reopen", tid, "--json"), 5)["code"] == "ticket-closed"


def test_not_found_exit_4(run: Run, alice: str) -> None:
    for args in (["ticket", "show", "T999999"], ["ticket", "close", "T999999"],
                 ["ticket", "reply", "T999999", "--body", "x"]):
        assert err_json(run(*args, "--json"), 4)["status"] == 404


def test_validation_exit_5(run: Run, alice: str) -> None:
    doc = err_json(run("ticket", "create", "--subject", "x" * 300, "--body", "b", "--json"), 5)
    assert doc["field_errors"][0]["field"]


def test_missing_fields_without_tty_are_usage_errors(run: Run, alice: str) -> None:
    doc = err_json(run("ticket", "create", "--body", "b", "--json"), 2)
    assert "--subject" in doc["message"]
    err_json(run("ticket", "create", "--subject", "s", "--json"), 2)
    err_json(run("ticket", "create", "--subject", "s", "--body", "b", "--body-file", "-",
                 "--json"), 2)
    err_json(run("ticket", "create", "--subject", "s", "--body", "b", "--attach", "/nope",
                 "--json"), 2)
    err_json(run("ticket", "reply", "T1001", "--json"), 2)


def test_tty_prompts_and_faq_suggestion_can_stop_create(run: Run, alice: str,
                                                        tty: None) -> None:
    subject = f"reset password {uuid.uuid4().hex[:6]}"
    before = ok_json(run("ticket", "list", "--all", "--json"))["data"]
    # A number shows that article; only a "yes" after reading it ends the create.
    result = run("ticket", "create", input=f"{subject}\nI forgot my password\n.\n1\ny\n",
                 env={"HELPDESK_PAGER": "cat"})
    assert result.exit_code == 0, result.stderr
    assert "might answer your question" in result.stderr
    assert "Did this solve your problem?" in result.stderr and "as helpful" in result.stderr
    assert "no ticket was created" in result.stderr
    after = ok_json(run("ticket", "list", "--all", "--json"))["data"]
    assert len(after) == len(before)

    result = run("ticket", "create", input=f"{subject}\nI forgot my password\n.\n\n")
    assert result.exit_code == 0, result.stderr
    assert "Created ticket" in result.stdout
    created = ok_json(run("ticket", "list", "--json"))["data"][0]
    assert created["subject"] == subject


def test_yes_skips_suggestions_on_tty(run: Run, alice: str, tty: None) -> None:
    result = run("ticket", "create", "--yes", "--subject", "reset password", "--body", "b")
    assert result.exit_code == 0
    assert "might answer" not in result.stderr


def test_server_text_is_inert(run: Run, alice: str) -> None:
    subject = "[bold red]PWNED[/bold red] \x1b[31mred\x1b[0m \x1b]0;title\x07:smile:"
    t = _create(run, subject, "--body", "[link=http://evil]click[/link]\x1b[2J done")
    shown = run("ticket", "show", str(t["id"]))
    assert shown.exit_code == 0
    out = shown.stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold red]PWNED[/bold red]" in out
    assert "[link=http://evil]click[/link]" in out and ":smile:" in out
    listed = run("ticket", "list", "--limit", "100")
    assert "\x1b" not in listed.stdout and "[bold red]PWNED" in listed.stdout


def test_bidi_and_zero_width_characters_are_dropped(run: Run, alice: str) -> None:
    """A right-to-left override would make `\u202egnp.exe` display as `exe.png`."""
    t = _create(run, "invoice \u202egnp.exe\u200b", "--body", "see \u2066attached\u2069")
    shown = run("ticket", "show", str(t["id"]))
    listed = run("ticket", "list", "--limit", "100")
    for out in (shown.stdout, listed.stdout):
        assert "invoice gnp.exe" in out
        assert not any(c in out for c in "\u202e\u200b\u2066\u2069")
    assert "see attached" in shown.stdout


def test_idempotency_key_never_duplicates(run: Run, alice: str) -> None:
    key = f"k-{uuid.uuid4()}"
    subject = f"Idem {key}"
    a = _create(run, subject, "--body", "same", "--idempotency-key", key)
    b = _create(run, subject, "--body", "same", "--idempotency-key", key)
    assert a["id"] == b["id"]
    doc = err_json(run("ticket", "create", "--subject", subject, "--body", "different",
                       "--idempotency-key", key, "--json"), 5)
    assert doc["code"] == "idempotency-key-reused"
