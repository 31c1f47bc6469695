"""Second new-user trial fixes: downloads, FAQ browsing, plain ticket numbers, env-token
login, `config get server`, the ticket list's sort wording (real server, real entry point)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from conftest import Run, err_json, ok_json


def _ticket_with_files(run: Run, tmp_path: Path) -> tuple[str, list[dict[str, object]]]:
    src = tmp_path / "src"
    src.mkdir()
    (src / "label.pdf").write_bytes(b"%PDF-1.4 label\n")
    (src / "error.log").write_text("boom at line 3\n")
    t = ok_json(run("ticket", "create", "-s", "Files", "-b", "see files", "-y",
                    "--attach", str(src / "label.pdf"), "--attach", str(src / "error.log"),
                    "--json"))
    shown = ok_json(run("ticket", "show", str(t["id"]), "--json"))
    atts: list[dict[str, object]] = shown["messages"][0]["attachments"]
    return str(t["id"]), atts


def test_download_all_then_refuse_then_force(run: Run, alice: str, tmp_path: Path) -> None:
    tid, atts = _ticket_with_files(run, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    doc = ok_json(run("ticket", "download", tid, "--dir", str(out), "--json"))
    assert doc["next_cursor"] is None
    saved = doc["data"]
    assert [s["id"] for s in saved] == [a["id"] for a in atts]
    assert {s["filename"] for s in saved} == {"label.pdf", "error.log"}
    assert (out / "label.pdf").read_bytes() == b"%PDF-1.4 label\n"
    assert (out / "error.log").read_text() == "boom at line 3\n"
    assert {Path(str(s["path"])).resolve() for s in saved} == {
        (out / "label.pdf").resolve(), (out / "error.log").resolve()}
    assert [s["size"] for s in saved] == [a["size"] for a in atts] == [15, 15]
    # A second run refuses to replace (conflict), and writes nothing.
    (out / "error.log").write_text("mine")
    doc = err_json(run("ticket", "download", tid, "--dir", str(out), "--json"), 5)
    assert doc["code"] == "file-exists" and "--force" in doc["hint"]
    assert (out / "error.log").read_text() == "mine"
    forced = ok_json(run("ticket", "download", tid, "--dir", str(out), "--force", "--json"))
    assert len(forced["data"]) == 2 and (out / "error.log").read_text() == "boom at line 3\n"


def test_download_one_by_id_into_cwd(run: Run, alice: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    tid, atts = _ticket_with_files(run, tmp_path)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = run("ticket", "download", tid.removeprefix("T"), str(atts[1]["id"]))
    assert result.exit_code == 0, result.stderr
    assert os.listdir(here) == [atts[1]["filename"]]
    assert "Saved" in result.stdout
    missing = err_json(run("ticket", "download", tid, "att_nope", "--json"), 4)
    assert "att_nope" in missing["message"]
    assert err_json(run("ticket", "download", tid, "--dir", str(here / "no"), "--json"),
                    2)["code"] == "usage"


def test_show_hints_at_download(run: Run, alice: str, tmp_path: Path) -> None:
    tid, _ = _ticket_with_files(run, tmp_path)
    assert f"helpdesk ticket download {tid}" in run("ticket", "show", tid).stdout
    plain = ok_json(run("ticket", "create", "-s", "No files", "-b", "x", "-y", "--json"))
    assert "ticket download" not in run("ticket", "show", str(plain["id"])).stdout


@pytest.mark.parametrize("typed", ["1001", "#1001", "t1001"])
def test_plain_ticket_number_is_accepted(run: Run, alice: str, typed: str) -> None:
    assert ok_json(run("ticket", "show", typed, "--json"))["id"] == "T1001"


def test_plain_number_for_reply_and_follow_up(run: Run, alice: str) -> None:
    t = ok_json(run("ticket", "create", "-s", "Numbers", "-b", "x", "-y", "--json"))
    num = str(t["id"]).removeprefix("T")
    msg = ok_json(run("ticket", "reply", num, "-b", "more", "--json"))
    assert msg["ticket_id"] == t["id"]
    ok_json(run("ticket", "close", num, "--json"))
    follow = ok_json(run("ticket", "create", "-s", "Again", "-b", "y", "-y",
                         "--follow-up-of", num, "--json"))
    assert follow["follow_up_of"] == t["id"]


def test_faq_list_by_category_and_all(run: Run, server_env: str) -> None:
    cats = ok_json(run("faq", "categories", "--json"))["data"]
    cat = max(cats, key=lambda c: c["article_count"])
    listed = ok_json(run("faq", "list", "--category", cat["slug"], "--all", "--json"))
    assert len(listed["data"]) == cat["article_count"] and listed["next_cursor"] is None
    assert {a["category"]["slug"] for a in listed["data"]} == {cat["slug"]}
    first = ok_json(run("faq", "list", "--limit", "2", "--json"))
    assert len(first["data"]) == 2 and first["next_cursor"]
    everything = ok_json(run("faq", "list", "--all", "--json"))["data"]
    assert len(everything) == sum(c["article_count"] for c in cats)
    piped = run("faq", "list", "-c", cat["slug"])
    rows = [line.split("\t") for line in piped.stdout.splitlines()]
    assert piped.exit_code == 0 and len(rows) == cat["article_count"]
    assert all(len(r) == 3 and r[2] == cat["name"] for r in rows)
    assert err_json(run("faq", "list", "-c", "nope", "--json"), 4)


def test_faq_categories_hint_at_list(run: Run, server_env: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from commands import tty

    monkeypatch.setattr(tty, "stdout_is_tty", lambda: True)
    result = run("faq", "categories")
    assert result.exit_code == 0 and "helpdesk faq list --category SLUG" in result.stderr


def test_config_get_server_is_the_one_in_effect(run: Run,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    run("config", "set", "server", "https://file.example")
    monkeypatch.setenv("HELPDESK_SERVER", "http://127.0.0.1:9")
    got = ok_json(run("config", "get", "server", "--json"))
    listed = ok_json(run("config", "list", "--json"))
    assert (got["value"], got["source"]) == (listed["server"], listed["server_source"])
    assert got["value"] == "http://127.0.0.1:9" and got["stored"] == "https://file.example"
    human = run("config", "get", "server")
    assert human.stdout == "http://127.0.0.1:9\n" and "HELPDESK_SERVER" in human.stderr
    flag = run("--server", "http://127.0.0.1:8", "config", "get", "server")
    assert flag.stdout == "http://127.0.0.1:8\n"


def test_login_logout_with_env_token_is_usage(run: Run, server_env: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_TOKEN", "hdp_not_checked")
    assert err_json(run("auth", "login", "--with-token", "--json", input="x\n"), 2)
    assert err_json(run("auth", "logout", "--json"), 2)["code"] == "env-token-set"


def test_ticket_list_shows_the_sort_column(run: Run, alice: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from commands import tty
    from commands._render import when

    data = ok_json(run("ticket", "list", "--all", "--json"))["data"]
    opened = [t["created_at"] for t in data]
    assert opened == sorted(opened, reverse=True), "the server sorts newest opened first"
    rows = [line.split("\t") for line in run("ticket", "list", "--all").stdout.splitlines()]
    assert [r[4] for r in rows] == [
        when(datetime.fromisoformat(t["created_at"].replace("Z", "+00:00"))) for t in data]
    monkeypatch.setattr(tty, "stdout_is_tty", lambda: True)
    human = run("ticket", "list", "-L", "3").stdout
    assert "OPENED" in human and "UPDATED" in human  # OPENED sorts, UPDATED tells news


def test_help_lines_for_category_and_token(run: Run) -> None:
    create = run("ticket", "create", "--help").stdout
    assert "Free-text" in create
    auth = run("auth", "--help").stdout
    assert "current login's access token" in auth
