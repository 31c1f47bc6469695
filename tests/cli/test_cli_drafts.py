"""A create or reply that cannot reach the server is kept as a draft and resent once."""

from __future__ import annotations

import json
import stat
import uuid
from pathlib import Path

import pytest
from conftest import ALICE, Run, err_json, ok_json

from helpdesk_cli import drafts


@pytest.fixture
def token(server_env: str) -> str:
    from helpers import login_token

    return login_token(server_env, ALICE)


def _count(run: Run, subject: str, token: str) -> int:
    data = ok_json(run("ticket", "list", "--all", "--json", env={"HELPDESK_TOKEN": token}))
    return sum(1 for t in data["data"] if t["subject"] == subject)


def test_failed_create_saved_and_recovered(run: Run, token: str, dead_url: str) -> None:
    subject = f"Draft {uuid.uuid4().hex[:8]}"
    env = {"HELPDESK_TOKEN": token}
    doc = err_json(run("--server", dead_url, "ticket", "create", "--subject", subject,
                       "--body-file", "-", "--json", input="typed with care", env=env), 6)
    draft_id = doc["draft_id"]
    assert draft_id in doc["hint"] and "--recover" in doc["hint"]
    path = drafts.drafts_dir() / f"{draft_id}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())
    assert saved["body"] == "typed with care" and saved["idempotency_key"]

    listed = ok_json(run("ticket", "drafts", "--all", "--json"))
    assert [d["id"] for d in listed["data"]] == [draft_id]
    human = run("ticket", "drafts", "--all")
    assert f"helpdesk ticket create --recover {draft_id}" in human.stdout

    t = ok_json(run("ticket", "create", "--recover", draft_id, "--any-server", "--json", env=env))
    assert t["subject"] == subject and t["messages"][0]["body"] == "typed with care"
    assert not path.exists()
    assert _count(run, subject, token) == 1
    err_json(run("ticket", "create", "--recover", draft_id, "--any-server", "--json", env=env), 4)


def test_recover_after_lost_answer_does_not_duplicate(run: Run, token: str,
                                                      dead_url: str) -> None:
    """The first attempt reached the server; the retry with the draft's key is replayed."""
    subject = f"Lost answer {uuid.uuid4().hex[:8]}"
    key = str(uuid.uuid4())
    env = {"HELPDESK_TOKEN": token}
    first = ok_json(run("ticket", "create", "--subject", subject, "--body", "b",
                        "--idempotency-key", key, "--json", env=env))
    doc = err_json(run("--server", dead_url, "ticket", "create", "--subject", subject,
                       "--body", "b", "--idempotency-key", key, "--json", env=env), 6)
    again = ok_json(run("ticket", "create", "--recover", doc["draft_id"], "--any-server",
                        "--json", env=env))
    assert again["id"] == first["id"]
    assert _count(run, subject, token) == 1


def test_failed_reply_saved_and_recovered(run: Run, token: str, dead_url: str) -> None:
    env = {"HELPDESK_TOKEN": token}
    t = ok_json(run("ticket", "create", "--subject", "Reply draft", "--body", "b", "--json",
                    env=env))
    tid = t["id"]
    result = run("--server", dead_url, "ticket", "reply", tid, "--body", "my reply", env=env)
    assert result.exit_code == 6
    assert f"helpdesk ticket reply {tid} --recover" in result.stderr
    draft_id = drafts.list_all()[0].id
    wrong = err_json(run("ticket", "reply", "T1001", "--recover", draft_id, "--any-server",
                         "--json", env=env), 2)
    assert tid in wrong["hint"]
    msg = ok_json(run("ticket", "reply", tid, "--recover", draft_id, "--any-server", "--json",
                      env=env))
    assert msg["body"] == "my reply"
    shown = ok_json(run("ticket", "show", tid, "--json", env=env))
    assert [m["body"] for m in shown["messages"]].count("my reply") == 1
    assert drafts.list_all() == []


def test_discard_and_bad_ids(run: Run, token: str, dead_url: str) -> None:
    env = {"HELPDESK_TOKEN": token}
    doc = err_json(run("--server", dead_url, "ticket", "create", "--subject", "s", "--body",
                       "b", "--json", env=env), 6)
    ok_json(run("ticket", "drafts", "--discard", doc["draft_id"], "--json"))
    assert ok_json(run("ticket", "drafts", "--all", "--json"))["data"] == []
    err_json(run("ticket", "drafts", "--discard", "../etc", "--json"), 2)
    err_json(run("ticket", "create", "--recover", "x", "--subject", "s", "--json", env=env), 2)


def test_5xx_after_the_server_acted_keeps_draft_without_duplicate(
        run: Run, token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every attempt reaches the real server, which creates the ticket, but the answers are
    replaced by 503s (a fault the server cannot make on demand): the draft keeps the key, and
    the resend is replayed by the server instead of creating a second ticket."""
    import api_client
    from tests.client.faults import FaultTransport, status

    creates = FaultTransport([status(503, reach=True)] * 4,
                             match=lambda r: r.method == "POST" and r.url.path == "/v1/tickets")
    real_client = api_client.Client

    def faulty(*args: object, **kwargs: object) -> api_client.Client:
        kwargs.update(transport=creates, sleep=lambda _s: None)
        return real_client(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api_client, "Client", faulty)
    subject = f"Lost to 503 {uuid.uuid4().hex[:8]}"
    env = {"HELPDESK_TOKEN": token}
    doc = err_json(run("ticket", "create", "--subject", subject, "--body", "keep me",
                       "--json", env=env), 6)
    assert doc["status"] == 503 and doc["draft_id"]
    posts = [r for r in creates.log if r.method == "POST"]
    assert len(posts) == 4 and len({r.headers["idempotency-key"] for r in posts}) == 1
    assert _count(run, subject, token) == 1  # the server did act on the first attempt

    monkeypatch.setattr(api_client, "Client", real_client)
    again = ok_json(run("ticket", "create", "--recover", doc["draft_id"], "--any-server",
                        "--json", env=env))
    assert again["subject"] == subject and again["messages"][0]["body"] == "keep me"
    assert _count(run, subject, token) == 1
    assert drafts.list_all() == []


def test_session_expired_while_typing_keeps_a_draft(run: Run, token: str) -> None:
    subject = f"Auth draft {uuid.uuid4().hex[:8]}"
    doc = err_json(run("ticket", "create", "--subject", subject, "--body", "long text",
                       "--json", env={"HELPDESK_TOKEN": "hda_expired-or-revoked"}), 3)
    draft_id = doc["draft_id"]
    assert "log in again" in doc["hint"] and f"--recover {draft_id}" in doc["hint"]
    t = ok_json(run("ticket", "create", "--recover", draft_id, "--any-server", "--json",
                    env={"HELPDESK_TOKEN": token}))
    assert t["subject"] == subject and t["messages"][0]["body"] == "long text"


def test_draft_attachment_paths_are_absolute(run: Run, token: str, dead_url: str,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "shot.png").write_bytes(b"\x89PNG fake")
    monkeypatch.chdir(tmp_path)
    doc = err_json(run("--server", dead_url, "ticket", "create", "--subject", "s", "--body",
                       "b", "--attach", "shot.png", "--json",
                       env={"HELPDESK_TOKEN": token}), 6)
    monkeypatch.chdir(tmp_path.parent)  # --recover from elsewhere still finds the file
    assert drafts.load(doc["draft_id"]).attach == [str(tmp_path / "shot.png")]
    t = ok_json(run("ticket", "create", "--recover", doc["draft_id"], "--any-server", "--json",
                    env={"HELPDESK_TOKEN": token}))
    assert t["messages"][0]["attachments"][0]["filename"] == "shot.png"


def test_interrupt_during_send_names_the_draft_in_json(
        run: Run, token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpdesk_cli import submit

    def interrupted(*_a: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(submit, "upload_all", interrupted)
    doc = err_json(run("ticket", "create", "--subject", "s", "--body", "typed", "--json",
                       env={"HELPDESK_TOKEN": token}), 130)
    assert drafts.load(doc["draft_id"]).body == "typed"
