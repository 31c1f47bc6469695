"""The human form of commands whose other tests use --json: what a person reads."""

from __future__ import annotations

import uuid

import pytest
from conftest import ALICE, DEMO_PASSWORD, Run, ok_json
from helpers import ServerFactory


def test_logout_human(run: Run, server_env: str) -> None:
    run("auth", "login", "--email", ALICE, "--password-stdin", input=DEMO_PASSWORD + "\n")
    result = run("auth", "logout")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"Logged out of {server_env}" in result.stderr
    assert run("auth", "status").exit_code == 3


def test_config_human(run: Run) -> None:
    result = run("config", "set", "server", "https://help.example.com")
    assert result.exit_code == 0 and "Set server = https://help.example.com" in result.stderr
    path = run("config", "path")
    assert path.exit_code == 0 and path.stdout.strip().endswith("config.toml")
    listing = run("config", "list")
    rows = dict(line.split("\t", 1) for line in listing.stdout.splitlines())
    assert rows["server"] == "https://help.example.com"
    assert rows["server_source"] == "profile default"


def test_rate_and_account_update_human(run: Run, alice: str) -> None:
    t = ok_json(run("ticket", "create", "--subject", f"Rate me {uuid.uuid4().hex[:6]}",
                    "--body", "b", "--json"))
    run("ticket", "close", t["id"])
    rated = run("ticket", "rate", t["id"], "4", "--comment", "fine")
    assert rated.exit_code == 0 and f"Rated {t['id']} 4/5" in rated.stdout
    shown = run("ticket", "show", t["id"])
    assert "rated 4/5" in shown.stdout
    me = ok_json(run("account", "show", "--json"))
    updated = run("account", "update", "--phone", "+1 555 0199")
    assert updated.exit_code == 0
    rows = dict(line.split("\t", 1) for line in updated.stdout.splitlines())
    assert rows["phone"] == "+1 555 0199" and rows["email"] == ALICE
    run("account", "update", "--phone", me["phone"] or "")


def test_orders_list_and_return_human(run: Run, server_factory: ServerFactory,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    server = server_factory()
    monkeypatch.setenv("HELPDESK_SERVER", server.url)
    run("auth", "login", "--email", ALICE, "--password-stdin", input=DEMO_PASSWORD + "\n")
    listed = run("orders", "list")
    assert listed.exit_code == 0 and listed.stderr == ""
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert all(len(r) == 6 for r in rows)
    delivered = next(r for r in rows if r[2] == "delivered")
    assert delivered[4].endswith(" USD")
    item = ok_json(run("orders", "show", delivered[0], "--json"))["items"][0]["id"]
    ret = run("orders", "return", delivered[0], "--item", item, "--reason", "Too small")
    assert ret.exit_code == 0, ret.stderr
    assert f"order {delivered[0]}" in ret.stdout and "helpdesk ticket show T" in ret.stdout
