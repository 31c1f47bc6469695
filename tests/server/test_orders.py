"""Orders and returns: listing, detail, the return rules and the linked ticket."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.helpers import ALICE, BOB, LiveServer, ServerFactory, auth_headers, login_token
from tests.server.conftest import assert_problem


def _orders(api: httpx.Client, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = api.get("/v1/orders", headers=headers,
                                         params={"limit": 100, **params}).json()["data"]
    return data


def test_alice_has_orders_in_every_status_newest_first(api: httpx.Client,
                                                       alice: dict[str, str]) -> None:
    orders = _orders(api, alice)
    assert {o["status"] for o in orders} == {"pending", "paid", "shipped", "delivered",
                                             "cancelled", "returned"}
    stamps = [o["created_at"] for o in orders]
    assert stamps == sorted(stamps, reverse=True)
    shipped = _orders(api, alice, status="shipped")
    assert shipped and all(o["status"] == "shipped" for o in shipped)
    assert_problem(api.get("/v1/orders?status=lost", headers=alice), 422, "validation")


def test_order_detail_adds_up(api: httpx.Client, alice: dict[str, str]) -> None:
    for summary in _orders(api, alice):
        detail = api.get(f"/v1/orders/{summary['id']}", headers=alice).json()
        assert {k: detail[k] for k in summary} == summary
        items = detail["items"]
        assert sum(i["total_cents"] for i in items) == detail["subtotal_cents"]
        assert detail["total_cents"] == (detail["subtotal_cents"] + detail["shipping_cents"]
                                         + detail["tax_cents"])
        assert sum(i["quantity"] for i in items) == detail["item_count"]
        assert detail["payments"] and detail["shipping_address"]["city"]
        for shipment in detail["shipments"]:
            stamps = [e["at"] for e in shipment["events"]]
            assert stamps == sorted(stamps) and stamps


def test_other_customers_orders_are_404(api: httpx.Client, bob: dict[str, str],
                                        alice: dict[str, str]) -> None:
    alices = {o["id"] for o in _orders(api, alice)}
    bobs = {o["id"] for o in _orders(api, bob)}
    assert bobs and not alices & bobs
    some = sorted(alices)[0]
    assert_problem(api.get(f"/v1/orders/{some}", headers=bob), 404, "not-found")
    assert_problem(api.post(f"/v1/orders/{some}/returns", headers=bob, json={
        "items": [{"item_id": "it_1", "quantity": 1}], "reason": "x"}), 404, "not-found")


def _delivered(api: httpx.Client, headers: dict[str, str]) -> dict[str, Any]:
    order_id = _orders(api, headers, status="delivered")[0]["id"]
    detail: dict[str, Any] = api.get(f"/v1/orders/{order_id}", headers=headers).json()
    return detail


def test_return_creates_request_and_linked_ticket(server_factory: ServerFactory) -> None:
    server = server_factory()
    headers = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url) as api:
        order = _delivered(api, headers)
        item = order["items"][1]  # socks, quantity 2
        payload = {"items": [{"item_id": item["id"], "quantity": 1}],
                   "reason": "Too warm for summer hikes."}
        created = api.post(f"/v1/orders/{order['id']}/returns", json=payload, headers=headers)
        assert created.status_code == 201, created.text
        ret = created.json()
        assert ret["status"] == "requested" and ret["order_id"] == order["id"]
        assert ret["items"] == [{"item_id": item["id"], "quantity": 1}]
        ticket = api.get(f"/v1/tickets/{ret['ticket_id']}", headers=headers).json()
        assert ticket["order_id"] == order["id"]
        assert "Too warm" in ticket["messages"][0]["body"]
        detail = api.get(f"/v1/orders/{order['id']}", headers=headers).json()
        assert ret in detail["returns"]
        # nobody else sees the return, its order or its ticket
        bob = auth_headers(login_token(server.url, BOB))
        assert_problem(api.get(f"/v1/tickets/{ret['ticket_id']}", headers=bob), 404,
                       "not-found")
        assert_problem(api.get(f"/v1/orders/{order['id']}", headers=bob), 404, "not-found")
        assert_problem(api.post(f"/v1/orders/{order['id']}/returns", json=payload,
                                headers=bob), 404, "not-found")
        # item ids are typeable `it_<n>`
        assert all(re.fullmatch(r"it_\d+", i["id"]) for i in order["items"])
        # one more sock pack is still returnable, two are not
        too_many = api.post(f"/v1/orders/{order['id']}/returns", headers=headers, json={
            "items": [{"item_id": item["id"], "quantity": 2}], "reason": "x"})
        body = assert_problem(too_many, 422, "validation")
        assert body["errors"][0]["field"] == "items.0.quantity"
        last = api.post(f"/v1/orders/{order['id']}/returns", headers=headers, json={
            "items": [{"item_id": item["id"], "quantity": 1}], "reason": "the other pack"})
        assert last.status_code == 201


def test_return_rules(api: httpx.Client, alice: dict[str, str]) -> None:
    shipped = _orders(api, alice, status="shipped")[0]["id"]
    item = api.get(f"/v1/orders/{shipped}", headers=alice).json()["items"][0]["id"]
    not_delivered = api.post(f"/v1/orders/{shipped}/returns", headers=alice, json={
        "items": [{"item_id": item, "quantity": 1}], "reason": "changed my mind"})
    assert_problem(not_delivered, 409, "conflict")
    order = _delivered(api, alice)
    wrong_item = api.post(f"/v1/orders/{order['id']}/returns", headers=alice, json={
        "items": [{"item_id": item, "quantity": 1}], "reason": "x"})
    assert assert_problem(wrong_item, 422, "validation")["errors"][0]["field"] == "items.0.item_id"
    for bad in ({"items": [], "reason": "x"},
                {"items": [{"item_id": order["items"][0]["id"], "quantity": 0}], "reason": "x"},
                {"items": [{"item_id": order["items"][0]["id"], "quantity": 1}], "reason": ""},
                {"items": [{"item_id": order["items"][0]["id"], "quantity": 1}],
                 "reason": "x" * 2001}):
        assert_problem(api.post(f"/v1/orders/{order['id']}/returns", json=bad, headers=alice),
                       422, "validation")


def test_unknown_order_is_404(api: httpx.Client, alice: dict[str, str],
                              live_server: LiveServer) -> None:
    for order_id in ("SO1", "SO99999", "order-1"):
        assert_problem(api.get(f"/v1/orders/{order_id}", headers=alice), 404, "not-found")


def test_status_filter_takes_several_values_repeated_or_comma_separated(
        api: httpx.Client, alice: dict[str, str]) -> None:
    everything = _orders(api, alice)
    wanted = {"shipped", "paid"}
    expected = [o["id"] for o in everything if o["status"] in wanted]
    assert len(expected) >= 2
    repeated = _orders(api, alice, status=["shipped", "paid"])
    assert [o["id"] for o in repeated] == expected
    comma = _orders(api, alice, status="shipped, paid")
    assert [o["id"] for o in comma] == expected
    mixed = _orders(api, alice, status=["shipped,paid", "delivered"])
    assert {o["status"] for o in mixed} == {"shipped", "paid", "delivered"}
    for bad in (["shipped", "lost"], "shipped,lost"):
        body = assert_problem(api.get("/v1/orders", headers=alice, params={"status": bad}),
                              422, "validation")
        assert body["errors"][0]["field"] == "status"
        assert "lost" in body["errors"][0]["message"]


def test_orders_can_be_addressed_by_their_customer_facing_number(
        api: httpx.Client, alice: dict[str, str], bob: dict[str, str]) -> None:
    summary = _orders(api, alice, status="returned")[0]
    by_id = api.get(f"/v1/orders/{summary['id']}", headers=alice).json()
    for ref in (summary["number"], summary["number"].lower(), summary["number"].title()):
        response = api.get(f"/v1/orders/{ref}", headers=alice)
        assert response.status_code == 200, response.text
        assert response.json() == by_id
    # another customer's number is a 404 like an unknown one, with the uniform wording
    bobs_number = _orders(api, bob)[0]["number"]
    for ref in (bobs_number, "NW-00000", "NW-"):
        body = assert_problem(api.get(f"/v1/orders/{ref}", headers=alice), 404, "not-found")
        assert ref in body["detail"]


def test_a_return_can_name_the_order_by_number(server_factory: ServerFactory) -> None:
    server = server_factory()
    headers = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url) as api:
        order = _delivered(api, headers)
        payload = {"items": [{"item_id": order["items"][0]["id"], "quantity": 1}],
                   "reason": "Wrong size."}
        created = api.post(f"/v1/orders/{order['number'].lower()}/returns", json=payload,
                           headers=headers)
        assert created.status_code == 201, created.text
        assert created.json()["order_id"] == order["id"]
        ticket = api.get(f"/v1/tickets/{created.json()['ticket_id']}", headers=headers).json()
        assert ticket["order_id"] == order["id"]
        bob = auth_headers(login_token(server.url, BOB))
        assert_problem(api.post(f"/v1/orders/{order['number']}/returns", json=payload,
                                headers=bob), 404, "not-found")
