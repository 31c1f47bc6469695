"""The credential paths against the real Secret Service (DESIGN §5), not a test backend.

`./scripts/test` runs this module a second time inside `dbus-run-session` with an unlocked
gnome-keyring-daemon (Debian packages) and HELPDESK_TEST_REAL_KEYRING=1; elsewhere it skips.
Run alone and in file order (`-n 0`): the last test locks the shared keyring.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable
from typing import Any

import pytest
from conftest import ALICE, DEMO_PASSWORD, run_sub

if os.environ.get("HELPDESK_TEST_REAL_KEYRING") != "1":
    pytest.skip("real Secret Service tests run only from ./scripts/test, inside dbus-run-session "
                "with gnome-keyring-daemon (HELPDESK_TEST_REAL_KEYRING=1)",
                allow_module_level=True)

from keyring.backends import SecretService

SERVICE = "helpdesk-cli"


@pytest.fixture(autouse=True)
def real_keyring(test_keyring: object, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Undo the test backend: subprocesses discover the Secret Service themselves."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    return SecretService.Keyring()


def _cli(url: str, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_sub(["--server", url, *args], input=input)


def _login(url: str) -> None:
    done = _cli(url, "--json", "auth", "login", "--email", ALICE, "--password-stdin",
                input=DEMO_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["token_source"] == "keyring"


def _stored(backend: Any, url: str) -> dict[str, Any] | None:
    raw = backend.get_password(SERVICE, f"default@{url}")
    return None if raw is None else dict(json.loads(raw))


def test_login_status_and_logout_use_the_secret_service(real_keyring: Any,
                                                        live_server: Any) -> None:
    url = live_server.url
    _login(url)
    pair = _stored(real_keyring, url)
    assert pair and pair["access_token"].startswith("hda_")
    status = _cli(url, "auth", "status")
    assert status.returncode == 0 and "SecretService" in status.stdout
    assert pair["access_token"] not in status.stdout + status.stderr
    out = _cli(url, "--json", "auth", "logout")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["revoked"] is True
    assert _stored(real_keyring, url) is None
    assert _cli(url, "ticket", "list").returncode == 3


def test_refresh_rotation_is_stored_back(real_keyring: Any,
                                         server_factory: Callable[..., Any]) -> None:
    url = server_factory(access_token_ttl=1).url
    _login(url)
    before = _stored(real_keyring, url)
    time.sleep(1.5)
    for _ in range(2):  # the second run must use the pair the first one stored
        listed = _cli(url, "--json", "ticket", "list")
        assert listed.returncode == 0, listed.stderr
    after = _stored(real_keyring, url)
    assert before and after and after["refresh_token"] != before["refresh_token"]


def test_locked_keyring_is_a_clear_error_not_a_hang(live_server: Any) -> None:
    import secretstorage

    url = live_server.url
    _login(url)
    conn = secretstorage.dbus_init()
    collection = secretstorage.get_default_collection(conn)
    collection.lock()
    try:
        started = time.monotonic()
        listed = _cli(url, "--json", "ticket", "list")
        assert time.monotonic() - started < 10
        assert listed.returncode == 1, listed.stderr
        assert json.loads(listed.stderr)["error"]["code"] in ("keyring-locked",
                                                               "keyring-timeout")
    finally:
        # Unlock again for whoever comes next (the daemon's own keyring dir, not the test's).
        env = {**os.environ, "XDG_DATA_HOME": os.environ["HELPDESK_TEST_KEYRING_HOME"]}
        subprocess.run(["gnome-keyring-daemon", "--replace", "--unlock", "--components=secrets"],
                       input=b"pass", env=env, capture_output=True, check=True, timeout=30)
        conn.close()
