"""-v logging, interrupts, unexpected errors, token rotation, server and demo commands."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import ALICE, DEMO_PASSWORD, HELPDESK, Run, err_json, ok_json, run_sub
from hd_test_keyring import MemoryKeyring

from helpdesk_cli import credentials


def test_verbose_logs_attempts_without_tokens(run: Run, alice: str) -> None:
    result = run("-v", "ticket", "list")
    assert result.exit_code == 0
    log = [line for line in result.stderr.splitlines() if line.startswith("* GET ")]
    assert log and "/v1/tickets" in log[0] and "-> 200" in log[0] and "request-id=" in log[0]
    assert "hda_" not in result.stderr and "Bearer" not in result.stderr


def test_interrupt_exits_130(run: Run, server_env: str,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_a: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(credentials, "lookup", interrupted)
    assert run("auth", "token").exit_code == 130


def test_unexpected_error_is_one_line_with_bug_hint(run: Run, server_env: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(credentials, "lookup", broken)
    result = run("auth", "token")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and "boom" in result.stderr
    assert "report it" in result.stderr
    verbose = run("-v", "auth", "token")
    assert "Traceback" in verbose.stderr
    doc = err_json(run("auth", "token", "--json"), 1)
    assert doc["code"] == "internal"


def test_rotated_tokens_are_persisted(run: Run, server_factory: Any,
                                      monkeypatch: pytest.MonkeyPatch,
                                      test_keyring: MemoryKeyring) -> None:
    server = server_factory(access_token_ttl=1)
    monkeypatch.setenv("HELPDESK_SERVER", server.url)
    ok_json(run("auth", "login", "--email", ALICE, "--password-stdin", "--json",
                input=DEMO_PASSWORD + "\n"))
    before = json.loads(next(iter(test_keyring.store.values())))
    time.sleep(1.5)  # let the 1-second access token expire (not a timing assertion)
    ok_json(run("account", "show", "--json"))
    after = json.loads(next(iter(test_keyring.store.values())))
    assert after["access_token"] != before["access_token"]
    assert after["refresh_token"] != before["refresh_token"]
    ok_json(run("account", "show", "--json"))


def _read_json_doc(stream: Any) -> dict[str, Any]:
    text = ""
    for line in stream:
        text += line
        try:
            doc: dict[str, Any] = json.loads(text)
        except ValueError:
            continue
        return doc
    raise AssertionError(f"no JSON document on stdout: {text!r}")


def _env_file_value(path: Path, name: str) -> str:
    for line in path.read_text().splitlines():
        if line.startswith(f"export {name}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{name} not in {path}")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_demo_serves_signed_in_and_stops_cleanly(stop: signal.Signals) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    proc = subprocess.Popen([str(HELPDESK), "demo", "--json", "--no-shell"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            stdin=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        info = _read_json_doc(proc.stdout)
        assert info["email"] == ALICE and info["server"].startswith("http://127.0.0.1:")
        env_file = Path(info["env_file"])
        # As the user would: source the env file in a shell whose PATH lacks our venv
        # (`./scripts/demo` never activates it), then call plain `helpdesk`.
        listed = subprocess.run(
            ["bash", "-c", f'source "{env_file}" && helpdesk ticket list --json'],
            env={**env, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60,
            check=False)
        assert listed.returncode == 0, listed.stderr
        assert json.loads(listed.stdout)["data"]
        # a personal token (never expires with the demo), not the one-hour access token
        token = _env_file_value(env_file, "HELPDESK_TOKEN")
        assert token.startswith("hdp_"), token[:4]
        names = subprocess.run(
            ["bash", "-c", f'source "{env_file}" && helpdesk auth tokens list --json'],
            env={**env, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60,
            check=False)
        assert names.returncode == 0, names.stderr
        assert "helpdesk demo" in [t["name"] for t in json.loads(names.stdout)["data"]]
        # nothing of the demo leaked into the user's config or keyring
        assert not Path(os.environ["XDG_CONFIG_HOME"], "helpdesk-cli").exists()
        assert not Path(os.environ["HD_TEST_KEYRING_FILE"]).exists()
        proc.send_signal(stop)
        assert proc.wait(timeout=30) == 0
        assert not env_file.exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_demo_for_seconds_without_tty() -> None:
    proc = run_sub(["demo", "--for", "0"], input="")
    assert proc.returncode == 0, proc.stderr
    assert "hda_" not in proc.stdout + proc.stderr
    assert "source " in proc.stdout and "helpdesk ticket list" in proc.stdout


def test_server_command_serves(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([str(HELPDESK), "server", "--port", str(port), "--db",
                             str(tmp_path / "s.db"), "--seed"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(600):
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/v1/meta", timeout=1).status_code == 200:
                    break
            time.sleep(0.05)
        result = run_sub(["--server", url, "faq", "categories", "--json"])
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["data"]
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0


@pytest.mark.parametrize("url", [
    "http://user:s3cret@127.0.0.1:8765", "http://127.0.0.1:8765/?x=1",
    "http://127.0.0.1:8765/#frag", "127.0.0.1:8765", "http://", "http://127.0.0.1:99999"])
def test_malformed_server_url_is_a_usage_error(run: Run, url: str) -> None:
    result = run("faq", "search", "x", env={"HELPDESK_SERVER": url})
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "bug" not in result.stderr and "s3cret" not in result.stderr


@pytest.mark.parametrize("ticket_id", ["..", "."])
def test_dot_segment_ids_are_usage_errors(run: Run, alice: str, ticket_id: str) -> None:
    doc = err_json(run("ticket", "show", ticket_id, "--json"), 2)
    assert doc["code"] == "usage" and "bug" not in doc["message"]


def test_broken_pipe_exits_0_quietly(server_env: str) -> None:
    proc = subprocess.Popen([str(HELPDESK), "faq", "search", "order"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written (`| head -0`)
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0, err
    assert err == ""
