"""Issue 9, "what a user meets at 80 columns and in help": statuses as a customer reads them,
gh habits (aliases, `help`, id completion, metavars), and the validation gaps."""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import HELPDESK, Run, err_json, ok_json, run_sub
from helpers import AGENT, auth_headers, login_token
from ptyrun import run_pty


def _ticket(run: Run, subject: str = "Habits") -> str:
    body = ["ticket", "create", "-s", f"{subject} {uuid.uuid4().hex[:6]}", "-b", "x", "-y"]
    return str(ok_json(run(*body, "--json"))["id"])


def _agent_reply(url: str, tid: str, status: str | None = "pending") -> None:
    token = login_token(url, AGENT)
    body: dict[str, Any] = {"body": "Which size did you order?"}
    if status:
        body["status"] = status
    httpx.post(f"{url}/v1/agent/tickets/{tid}/messages", json=body,
               headers=auth_headers(token)).raise_for_status()


def _human(monkeypatch: pytest.MonkeyPatch) -> None:
    from commands import tty

    monkeypatch.setattr(tty, "stdout_is_tty", lambda: True)


def test_waiting_updated_and_new_reply_marker(run: Run, alice: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from commands._render import when

    tid = _ticket(run)
    quiet = _ticket(run)
    _agent_reply(alice, tid)  # support asks a question: the customer's turn
    _agent_reply(alice, quiet, status=None)  # a reply that leaves the ticket open
    waiting = ok_json(run("ticket", "list", "--waiting", "--all", "--json"))["data"]
    assert tid in [t["id"] for t in waiting] and {t["status"] for t in waiting} == {"pending"}
    assert quiet not in [t["id"] for t in waiting]
    piped = {r[0]: r for r in (line.split("\t") for line in
                               run("ticket", "list", "--all").stdout.splitlines())}
    shown = ok_json(run("ticket", "show", tid, "--json"))
    assert piped[tid][5] == when(datetime.fromisoformat(shown["updated_at"].replace("Z",
                                                                                    "+00:00")))
    thread = run("ticket", "show", tid).stdout
    assert "pending (waiting for your reply)" in thread and "● new reply" in thread

    _human(monkeypatch)
    table = run("ticket", "list", "-L", "5")
    assert "UPDATED" in table.stdout.splitlines()[0]
    rows = {line.split()[0]: line for line in table.stdout.splitlines()[1:] if line.strip()}
    assert "●" in rows[tid] and "●" in rows[quiet]  # by who wrote last, not by status
    assert "waiting for your reply" in table.stderr and "support replied" in table.stderr

    ok_json(run("ticket", "reply", tid, "-b", "Size M.", "--json"))
    assert "●" not in {line.split()[0]: line for line in run(
        "ticket", "list", "-L", "5").stdout.splitlines()[1:]}[tid]
    assert "● new reply" not in run("ticket", "show", tid).stdout


def test_view_and_new_aliases_and_help_command(run: Run, alice: str) -> None:
    made = ok_json(run("ticket", "new", "-s", "Via new", "-b", "x", "-y", "--json"))
    assert ok_json(run("ticket", "view", made["id"], "--json"))["id"] == made["id"]
    assert ok_json(run("faq", "view", "KB101", "--json"))["id"] == "KB101"
    assert "new = create, view = show" in run("ticket", "--help").stdout
    assert "  view " not in run("ticket", "--help").stdout  # listed once, as show

    helped = run_sub(["help", "ticket", "view"])
    assert helped.returncode == 0 and helped.stderr == ""
    assert helped.stdout.startswith("Usage: helpdesk ticket view [OPTIONS] {TICKET_ID}")
    assert run_sub(["help"]).stdout == run_sub(["--help"]).stdout
    unknown = run_sub(["help", "ticket", "nope"])
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr.startswith("error: Unknown command 'ticket nope'.")


def test_metavars_are_one_style_everywhere() -> None:
    from commands.main import COMMANDS, load_command

    def walk(cmd: Any, path: str) -> list[str]:
        bad = []
        for sub_name, sub in getattr(cmd, "commands", {}).items():
            bad += walk(sub, f"{path} {sub_name}")
        for p in getattr(cmd, "params", []):
            if p.param_type_name == "option" and not (p.is_flag or p.count):
                if not re.fullmatch(r"[A-Z_|:\[\].]+|\[[a-z_|]+\]", p.metavar or ""):
                    bad.append(f"{path} {p.opts[0]} {p.metavar}")
            elif p.param_type_name == "argument" and p.metavar and p.metavar != p.metavar.upper():
                bad.append(f"{path} {p.metavar}")
        return bad

    assert [b for name in COMMANDS for b in walk(load_command(name), name)] == []
    vote = run_sub(["faq", "vote", "--help"]).stdout
    assert "{ARTICLE_ID}" in vote and "<" not in run_sub(["ticket", "create", "--help"]).stdout


def test_faq_vote_names_both_flags(run: Run) -> None:
    result = run("faq", "vote", "KB101")
    assert result.exit_code == 2
    assert "--helpful or --not-helpful" in result.stderr and len(
        result.stderr.splitlines()) == 1


def _complete(words: str, env: dict[str, str]) -> list[str]:
    proc = subprocess.run([str(HELPDESK)], env={**os.environ, **env,
                                                "_HELPDESK_COMPLETE": "complete_zsh",
                                                "_TYPER_COMPLETE_ARGS": words},
                          capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    return re.findall(r'"([A-Z]*\d+)":', proc.stdout)


def test_ticket_and_order_ids_complete_from_the_server(run: Run, alice: str, dead_url: str,
                                                       tmp_path: Path) -> None:
    tid = _ticket(run, "Complete me")
    orders = ok_json(run("orders", "list", "--json"))["data"]
    token = login_token(alice, "alice@example.com")
    env = {"HELPDESK_TOKEN": token, "HELPDESK_CACHE_DIR": str(tmp_path / "cache")}
    assert tid in _complete(f"helpdesk ticket show {tid[:3]}", env)
    assert tid[1:] in _complete(f"helpdesk ticket view {tid[1:3]}", env)  # 1001 is T1001
    assert orders[0]["id"] in _complete("helpdesk orders show ", env)
    # Cached: a token the server would refuse still gets the ids of a moment ago.
    assert tid in _complete("helpdesk ticket reply ", {**env, "HELPDESK_TOKEN": "hdp_bad"})
    # No cache and no server, or only a keyring that might prompt: silence, no error.
    assert _complete("helpdesk ticket show ", {**env, "HELPDESK_SERVER": dead_url}) == []
    no_token = {k: v for k, v in env.items() if k != "HELPDESK_TOKEN"}
    assert _complete("helpdesk ticket show ", {**no_token,
                                               "HELPDESK_CACHE_DIR": str(tmp_path / "c2")}) == []


def test_human_file_sizes(run: Run, alice: str, tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"x" * 2048)
    tid = str(ok_json(run("ticket", "create", "-s", "Sizes", "-b", "x", "-y", "-a", str(log),
                          "--json"))["id"])
    assert "app.log (2.0 KiB, " in run("ticket", "show", tid).stdout
    saved = run("ticket", "download", tid, "--dir", str(tmp_path / ".."), "--force")
    assert "(2.0 KiB)" in saved.stdout, saved.stderr


def test_new_password_length_is_checked_before_the_confirmation(server_env: str) -> None:
    screen = run_pty(["account", "password"], answers=[
        ("Current password", "helpdesk-demo\r"), ("New password", "short\r"),
        ("at least 8 characters", ""), ("New password", "\x03")]).screen
    assert "at least 8 characters" in screen
    assert "Repeat for confirmation" not in screen  # nobody types a short one twice


@pytest.mark.parametrize("phone", ["call me maybe", "12", "+1 555 0100 ext. 7", "1+2",
                                   "0" * 16])
def test_phone_is_validated_before_sending(run: Run, alice: str, phone: str) -> None:
    doc = err_json(run("account", "update", "--phone", phone, "--json"), 2)
    assert doc["code"] == "usage" and "phone" in doc["message"]


def test_phone_as_people_write_it(run: Run, alice: str) -> None:
    before = ok_json(run("account", "show", "--json"))["phone"]
    done = ok_json(run("account", "update", "--phone", " +1 (555)  010-0199 ", "--json"))
    assert done["phone"] == "+1 (555) 010-0199"
    ok_json(run("account", "update", "--phone", before or "", "--json"))


def test_default_profile_must_exist(run: Run) -> None:
    doc = err_json(run("config", "set", "default_profile", "nosuch", "--json"), 2)
    assert "nosuch" in doc["message"] and "profiles: default" in doc["hint"]
    ok_json(run("config", "set", "default_profile", "default", "--json"))


def test_follow_up_of_an_open_ticket_is_refused_before_any_text(run: Run, alice: str,
                                                                 tty: None) -> None:
    tid = _ticket(run, "Still open")
    result = run("ticket", "create", "--follow-up-of", tid, "-y", input="Subject\nBody\n.\n")
    assert result.exit_code == 2, result.stderr
    assert "Subject" not in result.stderr and "Describe" not in result.stderr
    assert "not closed" in result.stderr and f"helpdesk ticket reply {tid}" in result.stderr
    doc = err_json(run("ticket", "create", "--follow-up-of", tid, "-s", "x", "-b", "y",
                       "--json"), 2)
    assert doc["code"] == "not-closed"


def test_rating_again_keeps_the_comment_unless_m_is_given(run: Run, alice: str) -> None:
    tid = _ticket(run, "Rate twice")
    ok_json(run("ticket", "close", tid, "--json"))
    ok_json(run("ticket", "rate", tid, "5", "-m", "quick and kind", "--json"))
    again = ok_json(run("ticket", "rate", tid, "4", "--json"))
    assert (again["score"], again["comment"]) == (4, "quick and kind")
    wiped = ok_json(run("ticket", "rate", tid, "3", "-m", "", "--json"))
    assert wiped["comment"] is None
    assert json.loads(run("ticket", "show", tid, "--json").stdout)["rating"]["score"] == 3
