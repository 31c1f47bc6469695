"""Tickets: create/read/list/reply, status rules, rating rules, authorisation."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import ALICE, LiveServer, ServerFactory, auth_headers, login_token
from tests.server.conftest import assert_problem, new_ticket, sql


def _set_status(server: LiveServer, ticket_id: str, status: str) -> None:
    """What an agent would do (agent routes are not part of this server core)."""
    sql(server.db_path, "UPDATE tickets SET status = ? WHERE id = ?", status,
        int(ticket_id[1:]) - 1000)


def test_create_and_read_a_ticket(api: httpx.Client, alice: dict[str, str]) -> None:
    created = new_ticket(api, alice, subject="  Stove won't light  ", priority="high",
                         category="products")
    assert created["id"].startswith("T")
    assert created["status"] == "new"
    assert created["subject"] == "Stove won't light"
    assert created["priority"] == "high"
    assert created["message_count"] == 1
    assert created["rating"] is None
    assert created["created_at"].endswith("Z")
    [message] = created["messages"]
    assert message["author"]["role"] == "customer"
    assert message["ticket_id"] == created["id"]
    fetched = api.get(f"/v1/tickets/{created['id']}", headers=alice).json()
    assert fetched == created


def test_list_is_newest_first_and_filters_by_status(api: httpx.Client,
                                                    alice: dict[str, str]) -> None:
    first = new_ticket(api, alice)
    second = new_ticket(api, alice)
    listed = api.get("/v1/tickets", headers=alice, params={"limit": 2}).json()["data"]
    assert [t["id"] for t in listed] == [second["id"], first["id"]]
    only = api.get("/v1/tickets?status=pending&status=on_hold", headers=alice).json()["data"]
    assert only and {t["status"] for t in only} <= {"pending", "on_hold"}
    comma = api.get("/v1/tickets?status=pending,on_hold", headers=alice).json()["data"]
    assert comma == only
    bad = api.get("/v1/tickets?status=bogus", headers=alice)
    assert assert_problem(bad, 422, "validation")["errors"][0]["field"] == "status"


def test_seeded_alice_has_tickets_in_every_status(server_factory: ServerFactory) -> None:
    server = server_factory()  # the shared server's seed is changed by other tests
    alice = auth_headers(login_token(server.url, ALICE))
    rows = httpx.get(f"{server.url}/v1/tickets", headers=alice,
                     params={"limit": 100}).json()["data"]
    assert {"new", "open", "pending", "on_hold", "solved", "closed"} <= {t["status"] for t in rows}
    assert any(t["rating"] for t in rows)
    threads = [httpx.get(f"{server.url}/v1/tickets/{t['id']}", headers=alice).json()
               for t in rows]
    assert all(len(t["messages"]) == t["message_count"] >= 1 for t in threads)
    answered = {t["status"] for t in threads
                if {m["author"]["role"] for m in t["messages"]} == {"customer", "agent"}}
    assert answered >= {"open", "pending", "on_hold", "solved", "closed"}  # real threads


@pytest.mark.parametrize(("before", "after"), [
    ("new", "new"), ("open", "open"), ("pending", "open"), ("on_hold", "on_hold"),
    ("solved", "open"),
])
def test_customer_reply_moves_status(api: httpx.Client, alice: dict[str, str],
                                     live_server: LiveServer, before: str, after: str) -> None:
    ticket = new_ticket(api, alice)
    _set_status(live_server, ticket["id"], before)
    reply = api.post(f"/v1/tickets/{ticket['id']}/messages", json={"body": "Any news?"},
                     headers=alice)
    assert reply.status_code == 201, reply.text
    assert reply.json()["body"] == "Any news?"
    detail = api.get(f"/v1/tickets/{ticket['id']}", headers=alice).json()
    assert detail["status"] == after
    assert detail["message_count"] == 2
    assert detail["messages"][-1]["id"] == reply.json()["id"]


def test_reply_to_closed_ticket_points_to_a_follow_up(api: httpx.Client,
                                                      alice: dict[str, str]) -> None:
    ticket = new_ticket(api, alice)
    closed = api.post(f"/v1/tickets/{ticket['id']}/close", headers=alice)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = api.post(f"/v1/tickets/{ticket['id']}/close", headers=alice)
    assert again.status_code == 200 and again.json()["status"] == "closed"
    refused = api.post(f"/v1/tickets/{ticket['id']}/messages", json={"body": "hello?"},
                       headers=alice)
    body = assert_problem(refused, 409, "ticket-closed")
    assert "follow_up_of" in body["hint"]
    assert_problem(api.post(f"/v1/tickets/{ticket['id']}/reopen", headers=alice), 409,
                   "ticket-closed")
    follow = new_ticket(api, alice, follow_up_of=ticket["id"])
    assert follow["follow_up_of"] == ticket["id"]


@pytest.mark.parametrize(("before", "after"), [
    ("solved", "open"), ("new", "new"), ("pending", "pending"), ("on_hold", "on_hold"),
])
def test_reopen(api: httpx.Client, alice: dict[str, str], live_server: LiveServer,
                before: str, after: str) -> None:
    ticket = new_ticket(api, alice)
    _set_status(live_server, ticket["id"], before)
    response = api.post(f"/v1/tickets/{ticket['id']}/reopen", headers=alice)
    assert response.status_code == 200
    assert response.json()["status"] == after


def test_rating_rules(api: httpx.Client, alice: dict[str, str],
                      live_server: LiveServer) -> None:
    ticket = new_ticket(api, alice)
    url = f"/v1/tickets/{ticket['id']}/rating"
    assert_problem(api.post(url, json={"score": 5}, headers=alice), 409, "conflict")
    _set_status(live_server, ticket["id"], "solved")
    assert_problem(api.post(url, json={"score": 6}, headers=alice), 422, "validation")
    assert_problem(api.post(url, json={"score": 0}, headers=alice), 422, "validation")
    first = api.post(url, json={"score": 2, "comment": "slow"}, headers=alice)
    assert first.status_code == 200
    assert first.json()["score"] == 2 and first.json()["comment"] == "slow"
    changed = api.post(url, json={"score": 4}, headers=alice)
    assert changed.json() == {**changed.json(), "score": 4, "comment": None}
    detail = api.get(f"/v1/tickets/{ticket['id']}", headers=alice).json()
    assert detail["rating"]["score"] == 4
    # after 14 days the rating is frozen
    sql(live_server.db_path, "UPDATE tickets SET first_rated_at = '2020-01-01T00:00:00Z'"
        " WHERE id = ?", int(ticket["id"][1:]) - 1000)
    assert_problem(api.post(url, json={"score": 5}, headers=alice), 409, "conflict")


def test_other_customers_tickets_are_404(api: httpx.Client, alice: dict[str, str],
                                         bob: dict[str, str]) -> None:
    ticket = new_ticket(api, alice)
    tid = ticket["id"]
    assert_problem(api.get(f"/v1/tickets/{tid}", headers=bob), 404, "not-found")
    for action in ("close", "reopen"):
        assert_problem(api.post(f"/v1/tickets/{tid}/{action}", headers=bob), 404, "not-found")
    assert_problem(api.post(f"/v1/tickets/{tid}/messages", json={"body": "hi"}, headers=bob),
                   404, "not-found")
    assert_problem(api.post(f"/v1/tickets/{tid}/rating", json={"score": 1}, headers=bob),
                   404, "not-found")
    bobs = api.get("/v1/tickets", headers=bob, params={"limit": 100}).json()["data"]
    assert tid not in {t["id"] for t in bobs}
    # references to other people's rows are refused as fields
    follow = api.post("/v1/tickets", headers=bob, json={
        "subject": "x", "body": "y", "follow_up_of": tid})
    assert assert_problem(follow, 422, "validation")["errors"][0]["field"] == "follow_up_of"
    for order_ref in ("SO10001", "NW-48102"):  # Alice's order, by id and by receipt number
        order = api.post("/v1/tickets", headers=bob, json={
            "subject": "x", "body": "y", "order_id": order_ref})
        assert assert_problem(order, 422, "validation")["errors"][0]["field"] == "order_id"


@pytest.mark.parametrize("ticket_id", ["T1", "nope", "T99999999", "T" + "9" * 30, "1001"])
def test_unknown_ticket_ids_are_404(api: httpx.Client, alice: dict[str, str],
                                    ticket_id: str) -> None:
    assert_problem(api.get(f"/v1/tickets/{ticket_id}", headers=alice), 404, "not-found")


def test_ticket_about_an_order(api: httpx.Client, alice: dict[str, str]) -> None:
    ticket = new_ticket(api, alice, order_id="SO10002")
    assert ticket["order_id"] == "SO10002"
    # The receipt number (any case) names the same order: customers know that one.
    by_number = new_ticket(api, alice, order_id=" nw-48877")
    assert by_number["order_id"] == "SO10002"
