"""account show/update/password and orders list/show/track/return."""

from __future__ import annotations

import pytest
from conftest import ALICE, BOB, DEMO_PASSWORD, Run, err_json, ok_json
from helpers import ServerFactory


def test_account_show_and_update(run: Run, alice: str) -> None:
    me = ok_json(run("account", "show", "--json"))
    assert me["email"] == "alice@example.com"
    human = run("account", "show")
    assert human.exit_code == 0 and "Alice" in human.stdout
    updated = ok_json(run("account", "update", "--phone", "+1 555 0100", "--json"))
    assert updated["phone"] == "+1 555 0100"
    cleared = ok_json(run("account", "update", "--phone", "", "--json"))
    assert cleared["phone"] is None
    ok_json(run("account", "update", "--phone", me["phone"] or "", "--json"))
    assert err_json(run("account", "update", "--json"), 2)["code"] == "usage"
    assert err_json(run("account", "update", "--name", "", "--json"), 5)["status"] == 422


def test_password_change_stdin_and_prompt(run: Run, server_env: str, tty: None) -> None:
    run("auth", "login", "--email", BOB, "--password-stdin", input=DEMO_PASSWORD + "\n")
    new = "another-pass-123"
    ok_json(run("account", "password", "--password-stdin", "--json",
                input=f"{DEMO_PASSWORD}\n{new}\n"))
    doc = err_json(run("account", "password", "--password-stdin", "--json",
                       input=f"wrong-current\n{DEMO_PASSWORD}\n"), 5)
    assert doc["field_errors"][0]["field"] == "current_password"
    result = run("account", "password", input=f"{new}\n{DEMO_PASSWORD}\n{DEMO_PASSWORD}\n")
    assert result.exit_code == 0, result.stderr
    assert DEMO_PASSWORD not in result.stdout + result.stderr
    assert "Password changed" in result.stderr


def test_password_without_tty_needs_stdin_flag(run: Run, alice: str) -> None:
    err_json(run("account", "password", "--json"), 2)


def test_orders_list_show_track(run: Run, alice: str) -> None:
    data = ok_json(run("orders", "list", "--all", "--json"))
    assert {o["status"] for o in data["data"]} >= {"delivered", "shipped"}
    delivered = ok_json(run("orders", "list", "--status", "delivered", "--json"))
    assert delivered["data"] and all(o["status"] == "delivered" for o in delivered["data"])
    oid = delivered["data"][0]["id"]
    detail = ok_json(run("orders", "show", oid, "--json"))
    assert detail["items"] and "shipping_address" in detail
    human = run("orders", "show", oid)
    assert human.exit_code == 0 and detail["number"] in human.stdout
    track = ok_json(run("orders", "track", oid, "--json"))
    assert track["order_id"] == oid and track["shipments"][0]["events"]
    human = run("orders", "track", oid)
    assert human.exit_code == 0 and track["shipments"][0]["tracking_number"] in human.stdout
    assert err_json(run("orders", "show", "SO1", "--json"), 4)["status"] == 404
    assert run("orders", "list", "--status", "lost").exit_code == 2


def test_orders_return_creates_linked_ticket(run: Run, server_factory: ServerFactory,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """On its own server, so the delivered order has not been returned by another test."""
    server = server_factory()
    monkeypatch.setenv("HELPDESK_SERVER", server.url)
    run("auth", "login", "--email", ALICE, "--password-stdin", input=DEMO_PASSWORD + "\n")
    delivered = ok_json(run("orders", "list", "--status", "delivered", "--json"))["data"]
    assert delivered, "the demo seed has a delivered order"
    oid = delivered[0]["id"]
    item = ok_json(run("orders", "show", oid, "--json"))["items"][0]
    doc = ok_json(run("orders", "return", oid, "--item", f"{item['id']}:1", "--reason",
                      "Too small", "--json"))
    assert doc["items"] == [{"item_id": item["id"], "quantity": 1}]
    ticket = ok_json(run("ticket", "show", doc["ticket_id"], "--json"))
    assert ticket["order_id"] == oid
    assert ok_json(run("orders", "show", oid, "--json"))["returns"][0]["id"] == doc["id"]
    # returning the same item again is refused; human output names the linked ticket
    again = err_json(run("orders", "return", oid, "--item", item["id"], "--reason", "x",
                         "--json"), 5)
    assert again["status"] in (409, 422)
    human = run("orders", "show", oid)
    assert human.exit_code == 0 and doc["ticket_id"] in human.stdout


@pytest.mark.parametrize("spec", ["", ":2", "it_1:x", "it_1:0"])
def test_return_item_spec_errors(run: Run, alice: str, spec: str) -> None:
    err_json(run("orders", "return", "SO10001", "--item", spec, "--reason", "r", "--json"), 2)


def test_return_not_delivered_is_conflict(run: Run, alice: str) -> None:
    shipped = ok_json(run("orders", "list", "--status", "shipped", "--json"))["data"]
    oid = shipped[0]["id"]
    item = ok_json(run("orders", "show", oid, "--json"))["items"][0]["id"]
    err_json(run("orders", "return", oid, "--item", item, "--reason", "r", "--json"), 5)


@pytest.mark.parametrize(("args", "noun"), [
    (("orders", "list"), "orders"), (("ticket", "list"), "tickets"),
    (("faq", "list"), "articles")])
def test_list_notes_more_pages_on_a_terminal_only(run: Run, alice: str,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  args: tuple[str, str], noun: str) -> None:
    from commands import tty

    page = ok_json(run(*args, "-L", "1", "--json"))
    assert len(page["data"]) == 1 and page["next_cursor"]
    piped = run(*args, "-L", "1")
    assert piped.exit_code == 0 and "More" not in piped.stderr
    monkeypatch.setattr(tty, "stdout_is_tty", lambda: True)
    shown = run(*args, "-L", "1")
    assert shown.exit_code == 0, shown.stderr
    assert f"More {noun} exist" in shown.stderr


def test_orders_list_several_statuses_pages(run: Run, alice: str) -> None:
    everything = ok_json(run("orders", "list", "-S", "shipped,delivered,paid,pending",
                             "--all", "--json"))["data"]
    assert len(everything) >= 2
    first = ok_json(run("orders", "list", "-S", "shipped,delivered,paid,pending", "-L", "1",
                        "--json"))
    assert first["next_cursor"] is not None  # one request, real paging (no per-status merge)
    assert first["data"][0]["id"] == everything[0]["id"]
