"""Behaviour only a terminal shows, checked on a real pty: prompts, pager, progress, colour."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

import pytest
from conftest import ALICE, DEMO_PASSWORD, HERE, run_sub
from ptyrun import run_pty

ESC = "\x1b["


@pytest.fixture
def token_env(server_env: str) -> dict[str, str]:
    """Alice's token in the environment, so a pty run needs no login step."""
    from helpers import login_token

    return {"HELPDESK_TOKEN": login_token(server_env, ALICE)}


def test_login_prompts_with_hidden_password(server_env: str) -> None:
    result = run_pty(["auth", "login"], answers=[("Email:", f"{ALICE}\r"),
                                                 ("Password:", f"{DEMO_PASSWORD}\r")])
    assert result.exit_code == 0, result.screen
    assert "Logged in to" in result.screen
    assert ALICE in result.screen  # the email is echoed...
    assert DEMO_PASSWORD not in result.screen  # ...the password is not
    status = json.loads(run_sub(["auth", "status", "--json"]).stdout)
    assert status["user"]["email"] == ALICE


def test_password_change_prompts_twice_without_echo(server_factory: object) -> None:
    server = server_factory()  # type: ignore[operator]
    env = {"HELPDESK_SERVER": server.url}
    login = run_sub(["auth", "login", "--email", ALICE, "--password-stdin"],
                    input=DEMO_PASSWORD + "\n", env=env)
    assert login.returncode == 0, login.stderr
    new = "brand-new-secret-9"
    result = run_pty(["account", "password"], env=env, answers=[
        ("Current password:", f"{DEMO_PASSWORD}\r"), ("New password:", f"{new}\r"),
        ("Repeat for confirmation:", f"{new}\r")])
    assert result.exit_code == 0, result.screen
    assert "Password changed" in result.screen
    assert new not in result.screen and DEMO_PASSWORD not in result.screen


def test_create_prompts_and_suggests_articles(token_env: dict[str, str]) -> None:
    subject = f"Reset password link {uuid.uuid4().hex[:6]}"
    result = run_pty(["ticket", "create"], env=token_env, answers=[
        ("Subject:", f"{subject}\r"),
        # An empty line is a paragraph break, not the end of the text.
        ("Describe the problem", "The reset email never arrived.\r\rI checked spam.\r.\r"),
        ("Read one?", "\r")])
    assert result.exit_code == 0, result.screen
    assert "might answer your question" in result.screen
    assert "KB101" in result.screen  # the reset-password article is suggested
    listed = run_sub(["ticket", "list", "--json"], env=token_env)
    created = json.loads(listed.stdout)["data"][0]
    assert created["subject"] == subject
    shown = json.loads(run_sub(["ticket", "show", created["id"], "--json"], env=token_env).stdout)
    assert shown["messages"][0]["body"] == "The reset email never arrived.\n\nI checked spam."


def _pager_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    record = tmp_path / "paged.txt"
    probe = HERE / "pager_probe.py"
    return {"PAGER": f"{sys.executable} {probe}", "HD_PAGER_OUT": str(record)}, record


def test_long_article_opens_in_pager_with_styles(server_env: str, tmp_path: Path) -> None:
    env, record = _pager_env(tmp_path)
    env.pop("LESS", None)
    result = run_pty(["faq", "show", "KB403"], env=env, rows=20, cols=100)
    assert result.exit_code == 0, result.screen
    paged = record.read_text(encoding="utf-8")
    assert paged.startswith("LESS=FRX\n")  # less keeps colours (-R) and quits on one screen
    assert "Gift cards" in paged and "Check the balance" in paged
    assert ESC in paged  # styles reach the pager instead of being dropped or mangled
    assert "##" not in paged  # Markdown rendered
    assert "Check the balance" not in result.screen  # the body went to the pager only


def test_short_output_or_disabled_pager_prints_directly(server_env: str,
                                                        tmp_path: Path) -> None:
    env, record = _pager_env(tmp_path)
    tall = run_pty(["faq", "show", "KB403"], env=env, rows=200, cols=100)
    assert tall.exit_code == 0 and "Check the balance" in tall.screen
    assert not record.exists()
    off = run_pty(["faq", "show", "KB403"], env={**env, "HELPDESK_PAGER": "cat"}, rows=20)
    assert off.exit_code == 0 and "Check the balance" in off.screen
    assert not record.exists()


def test_large_attachment_shows_progress_bar(token_env: dict[str, str], tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (2 * 1024 * 1024))
    result = run_pty(["ticket", "create", "--yes", "-s", "Big upload", "-b", "see file",
                      "--attach", str(big)], env=token_env)
    assert result.exit_code == 0, result.screen
    assert "Uploading big.bin" in result.screen
    assert "2.1 MB" in result.screen  # DownloadColumn: sent/total bytes
    assert "Created ticket" in result.screen

    piped = run_sub(["ticket", "create", "-s", "Big upload piped", "-b", "x", "--attach",
                     str(big)], env=token_env)
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == ""  # no bar, no spinner when not a terminal


def test_small_attachment_has_no_bar(token_env: dict[str, str], tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("tiny")
    result = run_pty(["ticket", "create", "--yes", "-s", "Small upload", "-b", "see file",
                      "--attach", str(small)], env=token_env)
    assert result.exit_code == 0, result.screen
    assert "Uploading" not in result.screen


def test_colour_on_terminal_and_no_color(token_env: dict[str, str]) -> None:
    coloured = run_pty(["ticket", "list"], env=token_env)
    assert coloured.exit_code == 0 and ESC in coloured.screen
    assert "ID" in coloured.screen and "STATUS" in coloured.screen  # a header on terminals
    plain = run_pty(["ticket", "list"], env={**token_env, "NO_COLOR": "1"})
    assert plain.exit_code == 0, plain.screen
    assert ESC not in plain.screen
    assert "\t" not in plain.screen  # still a table, not the piped form


def test_ctrl_c_at_a_prompt_exits_130(token_env: dict[str, str]) -> None:
    result = run_pty(["ticket", "create"], env=token_env, answers=[("Subject:", "\x03")])
    assert result.exit_code == 130, result.screen
    assert "Interrupted" in result.screen
    assert "Aborted" not in result.screen and "Traceback" not in result.screen
