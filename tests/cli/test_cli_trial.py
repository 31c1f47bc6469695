"""Fixes from the new-user trial: filters, honest status wording, CLI-speaking hints,
idempotent replies/returns, the FAQ-suggestion step and human-readable output."""

from __future__ import annotations

import io
import json
import re
import uuid
from typing import Any

import pytest
from conftest import ALICE, Run, err_json, ok_json, run_sub
from helpers import ServerFactory, login_token
from ptyrun import run_pty

STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d [A-Z+\-][A-Za-z0-9+\-]*")


def _new_ticket(run: Run) -> str:
    doc = ok_json(run("ticket", "create", "-s", f"trial {uuid.uuid4().hex[:6]}", "-b", "x",
                      "-y", "--json"))
    return str(doc["id"])


def _ids(doc: dict[str, list[dict[str, str]]]) -> set[str]:
    return {o["id"] for o in doc["data"]}


# 1. orders list -S, repeated and comma-separated


def test_orders_status_filter_repeated_and_comma(run: Run, alice: str) -> None:
    every = ok_json(run("orders", "list", "--all", "--json"))["data"]
    statuses = sorted({o["status"] for o in every})
    assert len(statuses) >= 2
    a, b = statuses[:2]
    expected = {o["id"] for o in every if o["status"] in (a, b)}
    repeated = ok_json(run("orders", "list", "-S", a, "-S", b, "--json"))
    comma = ok_json(run("orders", "list", "-S", f"{a},{b}", "--json"))
    assert _ids(repeated) == expected == _ids(comma)
    stamps = [o["created_at"] for o in repeated["data"]]
    assert stamps == sorted(stamps, reverse=True)  # still newest first
    limited = ok_json(run("orders", "list", "-S", f"{a},{b}", "-L", "1", "--json"))
    assert len(limited["data"]) == 1
    doc = err_json(run("orders", "list", "-S", f"{a},bogus", "--json"), 2)
    assert "bogus" in doc["message"]


# 2. reopen / close never claim a change that did not happen


def test_reopen_of_unsolved_ticket_warns_and_keeps_status(run: Run, alice: str) -> None:
    tid = _new_ticket(run)
    before = ok_json(run("ticket", "show", tid, "--json"))
    human = run("ticket", "reopen", tid)
    assert human.exit_code == 0, human.stderr
    assert "now" not in human.stdout + human.stderr
    assert "only solved tickets can be reopened" in human.stderr
    assert f"status stays {before['status']}" in human.stderr
    doc = ok_json(run("ticket", "reopen", tid, "--json"))
    assert doc["id"] == tid and doc["status"] == before["status"]


def test_close_twice_says_already_closed(run: Run, alice: str) -> None:
    tid = _new_ticket(run)
    first = run("ticket", "close", tid)
    assert first.exit_code == 0 and f"{tid} is now closed." in first.stdout
    second = run("ticket", "close", tid)
    assert second.exit_code == 0
    assert "now" not in second.stdout and "already closed" in second.stderr


# 3. orders track on a cancelled order


def test_track_cancelled_order_wording(run: Run, alice: str) -> None:
    cancelled = ok_json(run("orders", "list", "-S", "cancelled", "--json"))["data"]
    assert cancelled
    result = run("orders", "track", cancelled[0]["id"])
    assert result.exit_code == 0, result.stderr
    assert "was cancelled; there is nothing to track" in result.stderr
    assert "not shipped" not in result.stderr


# 4. hints and field errors speak CLI


def test_closed_ticket_hint_names_the_follow_up_command(run: Run, alice: str) -> None:
    tid = _new_ticket(run)
    ok_json(run("ticket", "close", tid, "--json"))
    doc = err_json(run("ticket", "reply", tid, "-b", "more", "--json"), 5)
    assert doc["hint"] == f"continue in a follow-up: helpdesk ticket create --follow-up-of {tid}"
    human = run("ticket", "reply", tid, "-b", "more")
    assert "follow_up_of" not in human.stderr and "--follow-up-of" in human.stderr


def test_unknown_category_hint_names_faq_categories(run: Run, server_env: str) -> None:
    doc = err_json(run("faq", "search", "refund", "-c", "nope", "--json"), 4)
    assert "helpdesk faq categories" in doc["hint"] and "/v1/" not in doc["hint"]


def test_field_errors_name_the_flag(run: Run, alice: str) -> None:
    name = err_json(run("account", "update", "--name", "", "--json"), 5)
    assert "--name must not be empty" in name["message"]
    assert name["field_errors"][0] == {"field": "name", "option": "--name",
                                       "message": name["field_errors"][0]["message"]}
    subject = run("ticket", "create", "--subject", "   ", "--body", "x", "-y")
    assert subject.exit_code == 5
    assert "--subject" in subject.stderr and "subject:" not in subject.stderr


# 5. --idempotency-key on reply and return


def test_reply_with_idempotency_key_posts_once(run: Run, alice: str) -> None:
    tid = _new_ticket(run)
    key = f"k-{uuid.uuid4()}"
    first = ok_json(run("ticket", "reply", tid, "-b", "once", "--idempotency-key", key,
                        "--json"))
    again = ok_json(run("ticket", "reply", tid, "-b", "once", "--idempotency-key", key,
                        "--json"))
    assert first["id"] == again["id"]
    thread = ok_json(run("ticket", "show", tid, "--json"))["messages"]
    assert [m["body"] for m in thread].count("once") == 1


def test_return_with_idempotency_key_opens_once(run: Run, server_factory: ServerFactory,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    server = server_factory()
    monkeypatch.setenv("HELPDESK_SERVER", server.url)
    monkeypatch.setenv("HELPDESK_TOKEN", login_token(server.url, ALICE))
    delivered = ok_json(run("orders", "list", "-S", "delivered", "--all", "--json"))["data"]
    for order in delivered:
        detail = ok_json(run("orders", "show", order["id"], "--json"))
        if not detail["returns"]:
            break
    else:
        pytest.fail("no delivered order without returns in the seed")
    key = f"r-{uuid.uuid4()}"
    args = ("orders", "return", detail["id"], "--item", detail["items"][0]["id"],
            "--reason", "too small", "--idempotency-key", key, "--json")
    first = ok_json(run(*args))
    again = ok_json(run(*args))
    assert first["id"] == again["id"] and first["ticket_id"] == again["ticket_id"]
    assert len(ok_json(run("orders", "show", detail["id"], "--json"))["returns"]) == 1


def test_failed_return_prints_the_key_to_retry_with(run: Run, dead_url: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_SERVER", dead_url)
    monkeypatch.setenv("HELPDESK_TOKEN", "hdp_not-used-as-nothing-answers")
    doc = err_json(run("orders", "return", "SO10002", "--item", "it_4", "--reason",
                       "it's broken", "--json"), 6)
    key = doc["idempotency_key"]
    assert f"--idempotency-key {key}" in doc["hint"]
    assert "--item it_4:1" in doc["hint"] and "'it'\"'\"'s broken'" in doc["hint"]
    given = err_json(run("orders", "return", "SO10002", "--item", "it_4", "--reason", "x",
                         "--idempotency-key", "mine-1", "--json"), 6)
    assert given["idempotency_key"] == "mine-1"


# 6. the FAQ-suggestion step and Ctrl-C at the body prompt (real terminal)


def test_faq_suggestion_asks_which_article_and_votes_it(server_factory: ServerFactory) -> None:
    server = server_factory()
    env = {"HELPDESK_SERVER": server.url, "HELPDESK_TOKEN": login_token(server.url, ALICE),
           "HELPDESK_PAGER": "cat"}
    before_tickets = json.loads(run_sub(["ticket", "list", "--all", "--json"], env=env).stdout)
    result = run_pty(["ticket", "create"], env=env, answers=[
        ("Subject:", "Reset password link\r"),
        ("Describe the problem", "The reset email never arrived.\r.\r"),
        ("Read one?", "1\r"),
        ("Did this solve your problem?", "y\r")])
    assert result.exit_code == 0, result.screen
    voted = re.search(r"Marked (KB\d+) as helpful", result.screen)
    assert voted, result.screen
    assert "not sent" in result.screen
    first = re.search(r"1\. (KB\d+)", result.screen)
    assert first and first.group(1) == voted.group(1)
    after_tickets = json.loads(run_sub(["ticket", "list", "--all", "--json"], env=env).stdout)
    assert len(after_tickets["data"]) == len(before_tickets["data"])
    vote = run_sub(["faq", "vote", voted.group(1), "--helpful", "--json"], env=env)
    article = json.loads(run_sub(["faq", "show", voted.group(1), "--json"], env=env).stdout)
    # Voting helpful again replaces the first vote: the count is unchanged if it was cast.
    assert vote.returncode == 0
    assert json.loads(vote.stdout)["helpful_count"] == article["helpful_count"]
    fresh = server_factory()
    pristine = json.loads(run_sub(["faq", "show", voted.group(1), "--json"],
                                  env={"HELPDESK_SERVER": fresh.url}).stdout)
    assert article["helpful_count"] == pristine["helpful_count"] + 1


class _TypedThenCtrlC(io.RawIOBase):
    """stdin that yields some typed lines, then behaves as if Ctrl-C was pressed.

    On a real pty the kernel discards unread input on Ctrl-C, so the moment of the key
    press cannot be placed after the line was read; in-process it can.
    """

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


def test_ctrl_c_at_body_prompt_keeps_a_draft(run: Run, alice: str, tty: None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import typer.testing

    subject = f"Half typed {uuid.uuid4().hex[:6]}"
    with monkeypatch.context() as patch:
        patch.setattr(typer.testing, "make_input_stream",
                      lambda _input, _charset: _TypedThenCtrlC(b"first line\nsecond\n"))
        result = run("ticket", "create", "--subject", subject)
    assert result.exit_code == 130, result.stderr
    assert "saved as draft" in result.stderr and "Interrupted" in result.stderr
    drafts = ok_json(run("ticket", "drafts", "--json"))
    mine = [d for d in drafts["data"] if d["subject"] == subject]
    assert mine and mine[0]["body"] == "first line\nsecond"


# 7. polish: readable statuses and times, alignment, width, one error style


def test_human_output_has_readable_statuses_and_zoned_times(run: Run, alice: str) -> None:
    json_list = ok_json(run("ticket", "list", "-S", "on_hold", "--json"))["data"]
    assert json_list and json_list[0]["status"] == "on_hold"  # JSON keeps snake_case
    piped = run("ticket", "list", "-S", "on_hold")
    assert piped.exit_code == 0
    assert "\ton_hold\t" in piped.stdout  # piped rows keep the API value for scripts
    assert STAMP.search(piped.stdout), piped.stdout
    env = {"HELPDESK_TOKEN": login_token(alice, ALICE)}
    screen = run_pty(["ticket", "list", "-S", "on_hold"], env=env)
    assert screen.exit_code == 0, screen.screen
    assert "on hold" in screen.screen and "on_hold" not in screen.screen
    shown = run("ticket", "show", json_list[0]["id"])
    assert "status on hold" in shown.stdout and STAMP.search(shown.stdout)


def test_track_shows_readable_event_statuses(run: Run, alice: str) -> None:
    shipped = ok_json(run("orders", "list", "-S", "shipped", "--json"))["data"]
    result = run("orders", "track", shipped[0]["id"])
    assert result.exit_code == 0
    heading = result.stdout.splitlines()[0]
    assert ": in transit" in heading and "in_transit" not in heading


def test_orders_show_right_aligns_amounts(run: Run, alice: str) -> None:
    oid = ok_json(run("orders", "list", "--json"))["data"][0]["id"]
    lines = run("orders", "show", oid).stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("ITEM"))
    rows = [line for line in lines[header + 1:] if line.startswith("it_")]
    assert rows
    width = len(lines[header].rstrip())
    assert all(len(row.rstrip()) == width for row in rows), lines


def test_ticket_show_stays_within_100_columns(run: Run, alice: str) -> None:
    tid = _new_ticket(run)
    ok_json(run("ticket", "reply", tid, "-b", "word " * 60, "--json"))
    env = {"HELPDESK_TOKEN": login_token(alice, ALICE)}
    result = run_pty(["ticket", "show", tid], env={**env, "HELPDESK_PAGER": "cat"}, cols=160)
    assert result.exit_code == 0, result.screen
    plain = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", result.screen)
    assert max(len(line) for line in plain.splitlines()) <= 100
    assert "word word" in plain


def test_usage_errors_are_one_error_line() -> None:
    result = run_sub(["ordr"])
    assert result.returncode == 2
    assert result.stderr.startswith("error: No such command 'ordr'")
    assert "Usage:" not in result.stderr and len(result.stderr.splitlines()) == 1
    option = run_sub(["orders", "list", "--bogus"])
    assert option.returncode == 2
    assert option.stderr.strip() == ("error: No such option: --bogus "
                                     "(see `helpdesk orders list --help`)")
