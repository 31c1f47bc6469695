"""`helpdesk auth tokens`: personal access tokens for scripts, end to end."""

from __future__ import annotations

from pathlib import Path

from conftest import Run, err_json, ok_json, run_sub


def test_create_use_list_and_revoke(run: Run, alice: str) -> None:
    created = ok_json(run("auth", "tokens", "create", "nightly export", "--expires-in-days", "7",
                          "--json"))
    secret = created["token"]
    assert secret.startswith("hdp_") and created["name"] == "nightly export"
    assert created["expires_at"]

    # The new token works on its own, as a script would use it.
    as_script = run("ticket", "list", "--json", env={"HELPDESK_TOKEN": secret})
    assert isinstance(ok_json(as_script)["data"], list)

    listed = ok_json(run("auth", "tokens", "list", "--json"))["data"]
    mine = [t for t in listed if t["id"] == created["id"]]
    assert len(mine) == 1 and "token" not in mine[0]
    assert secret not in run("auth", "tokens", "list").stdout

    assert ok_json(run("auth", "tokens", "revoke", created["id"], "--json")) == {
        "id": created["id"], "revoked": True}
    err_json(run("ticket", "list", "--json", env={"HELPDESK_TOKEN": secret}), 3)
    err_json(run("auth", "tokens", "revoke", created["id"], "--json"), 4)


def test_human_create_prints_only_the_secret_on_stdout(run: Run, alice: str) -> None:
    result = run("auth", "tokens", "create", "ci")
    assert result.exit_code == 0, result.stderr
    secret = result.stdout.strip()
    assert secret.startswith("hdp_") and "\n" not in secret
    assert "not shown again" in result.stderr and secret not in result.stderr


def test_tokens_need_a_login(run: Run, server_env: str) -> None:
    err_json(run("auth", "tokens", "list", "--json"), 3)


def test_server_refuses_an_unusable_database_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    proc = run_sub(["server", "--db", str(blocker / "hd.db"), "--port", "0"], timeout=30)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("error: cannot use the database")


def test_too_long_name_names_the_positional_argument(run: Run, alice: str) -> None:
    doc = err_json(run("auth", "tokens", "create", "x" * 101, "--json"), 5)
    assert doc["code"] == "validation"
    assert doc["message"].startswith("Invalid input: NAME must be at most 100 characters")
    assert "--name" not in doc["message"]
    assert [f.get("option") for f in doc["field_errors"]] == ["NAME"]
    human = run("auth", "tokens", "create", "x" * 101)
    assert human.exit_code == 5 and "NAME must be at most" in human.stderr
