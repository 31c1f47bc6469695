"""Issue 9, "secrets and escapes": bad tokens are refused without echo, keyring errors never
quote the backend, and no server string reaches the terminal with its escapes (-v included)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import ALICE, DEMO_PASSWORD, Run, err_json
from hd_test_keyring import MemoryKeyring
from hostile import BAD_CHARS, hostile_proxy

SECRET = "hda_s3cretPart"
BAD_TOKENS = [f"abc\n{SECRET}", f"abc\u00e9{SECRET}", f"ab\x1b{SECRET}", f"ab\x7f{SECRET}"]


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_bad_env_token_is_a_usage_error_without_echo(run: Run, server_env: str,
                                                     token: str) -> None:
    from helpdesk_cli.drafts import drafts_dir

    for args in (["--json"], []):
        result = run(*args, "ticket", "create", "-s", "Hi", "-b", "There",
                     env={"HELPDESK_TOKEN": token})
        assert result.exit_code == 2, result.stderr
        assert SECRET not in result.stdout + result.stderr
        assert "HELPDESK_TOKEN" in result.stderr
    assert not list(drafts_dir().glob("*.json"))  # nothing saved with it


def test_bad_token_on_stdin_is_refused_without_echo(run: Run, server_env: str) -> None:
    result = run("--json", "auth", "login", "--with-token", input=f"ab\x1b{SECRET}\n")
    doc = err_json(result, 2)
    assert doc["code"] == "bad-token" and SECRET not in result.stderr


def test_bad_stored_token_means_log_in_again_without_echo(
        run: Run, server_env: str, test_keyring: MemoryKeyring) -> None:
    test_keyring.store[("helpdesk-cli", f"default@{server_env}")] = (
        json.dumps({"access_token": f"abc\n{SECRET}", "refresh_token": None}))
    result = run("ticket", "list")
    assert result.exit_code == 3 and SECRET not in result.stdout + result.stderr
    assert "auth login" in result.stderr


class LeakyKeyring(MemoryKeyring):
    """A backend whose errors quote the secret (some do, with the item's attributes)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError(f"cannot decrypt item {SECRET}")


def test_keyring_read_error_text_is_not_printed(run: Run, server_env: str) -> None:
    import keyring

    keyring.set_keyring(LeakyKeyring())
    for args in (["--json"], []):
        result = run(*args, "ticket", "list")
        assert result.exit_code == 1, result.stderr
        assert SECRET not in result.stdout + result.stderr
        assert "RuntimeError" in result.stderr


@pytest.fixture
def hostile(server_env: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The live server behind the hostile proxy, with alice logged in through it."""
    with hostile_proxy(server_env) as url:
        monkeypatch.setenv("HELPDESK_SERVER", url)
        yield url


HOSTILE_COMMANDS = [
    ("faq", "search", "refund"), ("faq", "show", "KB101"), ("faq", "categories"),
    ("faq", "list"), ("ticket", "list"), ("ticket", "show", "T1001"), ("orders", "list"),
    ("orders", "show", "SO10001"), ("orders", "track", "SO10001"), ("account", "show"),
    ("auth", "status"), ("auth", "tokens", "list"), ("ticket", "show", "T999999"),
    ("ticket", "reply", "T999999", "-b", "x"), ("faq", "show", "no-such-article"),
    ("account", "update", "--name", ""), ("ticket", "drafts"),
]


def test_hostile_server_strings_never_reach_the_terminal(run: Run, hostile: str) -> None:
    login = run("auth", "login", "--email", ALICE, "--password-stdin",
                input=DEMO_PASSWORD + "\n")
    assert login.exit_code == 0, login.stderr
    for args in HOSTILE_COMMANDS:
        for flags in (["-v"], ["-v", "--json"]):
            result = run(*flags, *args)
            shown = result.stdout + result.stderr
            assert "Traceback" not in shown, (args, shown)
            bad = BAD_CHARS.search(shown)
            assert bad is None, (args, flags, shown[max(0, bad.start() - 80):bad.end() + 20])


def test_found_tokens_stay_out_of_repr_and_pretty_printing() -> None:
    """A Tokens in a log line, a traceback's locals or Rich's pretty printer shows where the
    token came from, never the token."""
    from rich.pretty import pretty_repr

    from helpdesk_cli.credentials import Tokens

    found = Tokens(SECRET, "hdr_refreshS3cret", "keyring", "default@http://127.0.0.1")
    shown = repr(found) + str(found) + pretty_repr(found) + repr([found])
    assert "keyring" in shown
    assert SECRET not in shown and "refreshS3cret" not in shown
    assert found.access_token == SECRET
