"""auth login/status/token/logout, token storage and the keyring failure modes."""

from __future__ import annotations

import json
import stat
from typing import Any

import keyring
import pytest
from conftest import ALICE, DEMO_PASSWORD, Run, err_json, ok_json
from hd_test_keyring import FakePlaintextKeyring, HangingKeyring, MemoryKeyring
from keyring.backends import fail

from helpdesk_cli import config, credentials


def _login(run: Run, *extra: str, password: str = DEMO_PASSWORD) -> object:
    return run("auth", "login", "--email", ALICE, "--password-stdin", *extra,
               input=password + "\n")


def test_login_status_token_logout_json(run: Run, server_env: str,
                                        test_keyring: MemoryKeyring) -> None:
    data = ok_json(_login(run, "--json"))
    assert data["user"]["email"] == ALICE
    assert data["token_source"] == "keyring"
    assert "token" not in json.dumps(data).replace("token_source", "").replace(
        "token_location", "")
    stored = next(iter(test_keyring.store.values()))
    assert json.loads(stored)["access_token"].startswith("hda_")

    status = ok_json(run("auth", "status", "--json"))
    assert status["user"]["email"] == ALICE
    assert status["token_source"] == "keyring"
    assert status["server"] == server_env
    assert "hda_" not in json.dumps(status)

    token = ok_json(run("auth", "token", "--json"))["token"]
    assert token == json.loads(stored)["access_token"]

    out = ok_json(run("auth", "logout", "--json"))
    assert out["revoked"] is True and out["removed_from"]
    assert test_keyring.store == {}
    err_json(run("auth", "status", "--json"), 3)
    # the revoked token no longer works on the server
    err_json(run("account", "show", "--json", env={"HELPDESK_TOKEN": token}), 3)


def test_login_human_and_status_human(run: Run, server_env: str) -> None:
    result = _login(run)
    assert result.exit_code == 0
    assert "Logged in to" in result.stderr
    assert "hda_" not in result.stdout + result.stderr
    status = run("auth", "status")
    assert status.exit_code == 0
    assert "Alice Martin" in status.stdout and "system keyring" in status.stdout
    assert "hda_" not in status.stdout
    token = run("auth", "token")
    assert token.exit_code == 0 and token.stdout.startswith("hda_")


def test_login_remembers_server_and_email(run: Run, live_server: object,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    result = run("--server", url, "auth", "login", "--email", ALICE, "--password-stdin",
                 input=DEMO_PASSWORD + "\n")
    assert result.exit_code == 0, result.stderr
    prof = config.load().profile("default")
    assert prof == {"server": url, "email": ALICE, "token_storage": "keyring"}
    assert ok_json(run("account", "show", "--json"))["email"] == ALICE


def test_wrong_password_exit_3(run: Run, server_env: str) -> None:
    doc = err_json(_login(run, "--json", password="wrong-password"), 3)
    assert "hint" in doc


def test_with_token(run: Run, server_env: str) -> None:
    from helpers import login_token

    token = login_token(server_env, ALICE)
    data = ok_json(run("auth", "login", "--with-token", "--json", input=token + "\n"))
    assert data["user"]["email"] == ALICE
    assert ok_json(run("auth", "token", "--json"))["token"] == token
    err_json(run("auth", "login", "--with-token", "--json", input="hdp_bogus\n"), 3)


def test_env_token_wins_and_blocks_login_logout(run: Run, server_env: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import login_token

    monkeypatch.setenv("HELPDESK_TOKEN", login_token(server_env, ALICE))
    status = ok_json(run("auth", "status", "--json"))
    assert status["token_source"] == "env"
    assert status["token_location"] == "HELPDESK_TOKEN"
    assert err_json(_login(run, "--json"), 2)["code"] == "env-token-set"
    assert err_json(run("auth", "logout", "--json"), 2)["code"] == "env-token-set"


def test_not_logged_in_exit_3(run: Run, server_env: str) -> None:
    for args in (["auth", "status"], ["auth", "token"], ["auth", "logout"],
                 ["ticket", "list"], ["account", "show"]):
        doc = err_json(run(*args, "--json"), 3)
        assert doc["code"] == "not-logged-in"
        assert "auth login" in doc["hint"]


def test_no_password_without_tty_is_usage_error(run: Run, server_env: str) -> None:
    doc = err_json(run("auth", "login", "--email", ALICE, "--json"), 2)
    assert "--password-stdin" in doc["hint"]


def test_prompts_on_tty(run: Run, server_env: str, tty: None) -> None:
    result = run("auth", "login", input=f"{ALICE}\n{DEMO_PASSWORD}\n")
    assert result.exit_code == 0, result.stderr
    assert DEMO_PASSWORD not in result.stdout + result.stderr


def test_missing_keyring_refuses_plain_text(run: Run, server_env: str) -> None:
    keyring.set_keyring(fail.Keyring())
    doc = err_json(_login(run, "--json"), 1)
    assert doc["code"] == "keyring-unavailable"
    assert "--insecure-storage" in doc["hint"]
    assert not credentials.credentials_file().exists()
    err_json(run("auth", "status", "--json"), 3)


def test_plaintext_keyring_backend_refused(run: Run, server_env: str) -> None:
    keyring.set_keyring(FakePlaintextKeyring())
    doc = err_json(_login(run, "--json"), 1)
    assert "keyrings.alt" in doc["message"]


def test_insecure_storage_opt_in(run: Run, server_env: str) -> None:
    keyring.set_keyring(fail.Keyring())
    result = _login(run, "--insecure-storage")
    assert result.exit_code == 0, result.stderr
    assert "plain text" in result.stderr
    path = credentials.credentials_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    status = ok_json(run("auth", "status", "--json"))
    assert (status["token_source"], status["token_location"]) == ("file", str(path))
    ok_json(run("auth", "logout", "--json"))
    assert json.loads(path.read_text()) == {}


def test_hanging_keyring_times_out(run: Run, server_env: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_KEYRING_TIMEOUT", "0.2")
    keyring.set_keyring(HangingKeyring())
    try:
        doc = err_json(run("auth", "token", "--json"), 1)
        assert doc["code"] == "keyring-timeout"
        doc = err_json(_login(run, "--json"), 1)
        assert doc["code"] == "keyring-timeout"
    finally:
        HangingKeyring.release.set()


def test_subprocess_uses_env_selected_backend(server_env: str) -> None:
    from conftest import run_sub

    proc = run_sub(["auth", "login", "--email", ALICE, "--password-stdin", "--json"],
                   input=DEMO_PASSWORD + "\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    status = run_sub(["auth", "status", "--json"])
    assert json.loads(status.stdout)["token_source"] == "keyring"


def test_logout_after_access_token_expired_revokes_the_session(
        run: Run, server_factory: Any, monkeypatch: pytest.MonkeyPatch,
        test_keyring: MemoryKeyring) -> None:
    import time

    import httpx

    server = server_factory(access_token_ttl=1, refresh_reuse_grace=1)
    monkeypatch.setenv("HELPDESK_SERVER", server.url)
    ok_json(_login(run, "--json"))
    stolen = json.loads(next(iter(test_keyring.store.values())))["refresh_token"]
    time.sleep(1.5)  # the access token expires (not a timing assertion)
    out = ok_json(run("auth", "logout", "--json"))
    assert out["revoked"] is True
    time.sleep(1.5)  # past the server's reuse grace
    answer = httpx.post(f"{server.url}/v1/auth/refresh", json={"refresh_token": stolen})
    assert answer.status_code == 401, answer.text


class _EchoingKeyring(MemoryKeyring):
    """A backend whose error text repeats the secret it was given."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"cannot store {password}")


def test_keyring_write_error_never_echoes_the_token(run: Run, server_env: str) -> None:
    keyring.set_keyring(_EchoingKeyring())
    result = _login(run)
    assert result.exit_code == 1
    assert "RuntimeError" in result.stderr
    assert "hda_" not in result.stderr and "hdr_" not in result.stderr


def test_logout_reads_the_keyring_once(run: Run, server_env: str,
                                       test_keyring: MemoryKeyring,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    ok_json(_login(run, "--json"))
    reads: list[str] = []
    real_get = test_keyring.get_password

    def counting_get(service: str, username: str) -> str | None:
        reads.append(username)
        return real_get(service, username)

    monkeypatch.setattr(test_keyring, "get_password", counting_get)
    out = ok_json(run("auth", "logout", "--json"))
    assert out["revoked"] is True and len(out["removed_from"]) == 1
    assert len(reads) == 1  # each read can be a D-Bus round trip or an unlock prompt
    # With nothing stored, logging out again removes nothing (no keyring entry claimed).
    assert credentials.delete(config.resolve(None, server_env)) == []
