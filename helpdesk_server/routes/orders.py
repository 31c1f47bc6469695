"""Orders (read-only for customers) and return requests, which open a linked ticket."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Path, Request, Response

from helpdesk_server import ids
from helpdesk_server import tickets_repo as tickets
from helpdesk_server.db import write_transaction
from helpdesk_server.deps import CurrentUser, DbConn
from helpdesk_server.errors import ProblemError, field_error, not_found
from helpdesk_server.idempotency import Idempotency, fingerprint
from helpdesk_server.pagination import CursorQuery, LimitQuery, Page, cursor_int, page_by_id
from helpdesk_server.routes._filters import parse_statuses, status_query
from helpdesk_server.routes._openapi import IdempotencyKey, problems
from helpdesk_server.schemas.orders import (
    Order,
    OrderDetail,
    OrderStatus,
    ReturnCreate,
    ReturnRequest,
)
from helpdesk_server.timeutil import now_iso

router = APIRouter(prefix="/v1/orders", tags=["orders"])

ORDER_STATUSES: tuple[str, ...] = get_args(OrderStatus)
StatusQuery = Annotated[list[str], status_query(ORDER_STATUSES)]
OrderRef = Annotated[str, Path(
    description="The order id (`SO10001`) or its number from receipts and emails "
                "(`NW-48102`, any case).")]

_ORDER_SELECT = (
    "SELECT o.*, (SELECT COALESCE(SUM(quantity), 0) FROM order_items i"
    " WHERE i.order_id = o.id) AS item_count FROM orders o"
)


def _order_out(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": ids.order_id(row["id"]),
        "number": row["number"],
        "status": row["status"],
        "created_at": row["created_at"],
        "currency": row["currency"],
        "total_cents": row["subtotal_cents"] + row["shipping_cents"] + row["tax_cents"],
        "item_count": row["item_count"],
    }


def _owned_order(conn: sqlite3.Connection, user_id: int, ref: str) -> sqlite3.Row:
    """Resolve `SO10001` or the receipt number `NW-48102` (any case) to the caller's order.

    Customers only ever see the number on receipts and emails, so it must work as well.
    """
    row_id = ids.parse_order(ref)
    if row_id is not None:
        row: sqlite3.Row | None = conn.execute(
            _ORDER_SELECT + " WHERE o.id = ? AND o.user_id = ?", (row_id, user_id)
        ).fetchone()
    else:
        row = conn.execute(
            _ORDER_SELECT + " WHERE o.number = ? COLLATE NOCASE AND o.user_id = ?",
            (ref.strip(), user_id),
        ).fetchone()
    if row is None:
        raise not_found(f"order {ref[:64]}")
    return row


def _returns_out(conn: sqlite3.Connection, order_id: int, return_id: int | None = None
                 ) -> list[dict[str, Any]]:
    sql = "SELECT * FROM returns WHERE order_id = ?"
    params: list[Any] = [order_id]
    if return_id is not None:
        sql += " AND id = ?"
        params.append(return_id)
    out = []
    for r in conn.execute(sql + " ORDER BY id", params).fetchall():
        items = conn.execute(
            "SELECT item_id, quantity FROM return_items WHERE return_id = ? ORDER BY item_id",
            (r["id"],),
        ).fetchall()
        out.append({
            "id": ids.return_id(r["id"]),
            "order_id": ids.order_id(order_id),
            "status": r["status"],
            "reason": r["reason"],
            "items": [{"item_id": ids.item_id(i["item_id"]), "quantity": i["quantity"]}
                      for i in items],
            "ticket_id": ids.ticket_id(r["ticket_id"]),
            "created_at": r["created_at"],
        })
    return out


def _detail(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    oid = row["id"]
    items = conn.execute("SELECT * FROM order_items WHERE order_id = ? ORDER BY id", (oid,))
    payments = conn.execute("SELECT * FROM payments WHERE order_id = ? ORDER BY id", (oid,))
    shipments = []
    for s in conn.execute("SELECT * FROM shipments WHERE order_id = ? ORDER BY id", (oid,)):
        events = conn.execute(
            "SELECT * FROM shipment_events WHERE shipment_id = ? ORDER BY at, id", (s["id"],)
        )
        shipments.append({
            "id": ids.shipment_id(s["id"]),
            "carrier": s["carrier"],
            "tracking_number": s["tracking_number"],
            "status": s["status"],
            "estimated_delivery": s["estimated_delivery"],
            "events": [{"at": e["at"], "status": e["status"], "location": e["location"],
                        "description": e["description"]} for e in events],
        })
    return {
        **_order_out(row),
        "items": [{"id": ids.item_id(i["id"]), "sku": i["sku"], "name": i["name"],
                   "quantity": i["quantity"], "unit_price_cents": i["unit_price_cents"],
                   "total_cents": i["quantity"] * i["unit_price_cents"]} for i in items],
        "subtotal_cents": row["subtotal_cents"],
        "shipping_cents": row["shipping_cents"],
        "tax_cents": row["tax_cents"],
        "payments": [{"id": ids.payment_id(p["id"]), "method": p["method"],
                      "status": p["status"], "amount_cents": p["amount_cents"],
                      "last4": p["last4"], "created_at": p["created_at"]} for p in payments],
        "shipments": shipments,
        "shipping_address": {"name": row["ship_name"], "line1": row["ship_line1"],
                             "line2": row["ship_line2"], "city": row["ship_city"],
                             "postal_code": row["ship_postal_code"],
                             "country": row["ship_country"]},
        "returns": _returns_out(conn, oid),
    }


@router.get("", response_model=Page[Order], responses=problems(400, 401, 422))
def list_orders(
    user: CurrentUser,
    conn: DbConn,
    status: StatusQuery,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
) -> dict[str, Any]:
    """The caller's orders, newest first."""
    before = cursor_int(cursor)
    sql = _ORDER_SELECT + " WHERE o.user_id = ? AND o.id < ?"
    params: list[Any] = [user.id, before if before is not None else 2**63 - 1]
    wanted = parse_statuses(status, ORDER_STATUSES)
    if wanted:
        sql += f" AND o.status IN ({', '.join('?' * len(wanted))})"
        params.extend(wanted)
    rows = conn.execute(sql + " ORDER BY o.id DESC LIMIT ?", [*params, limit + 1]).fetchall()
    page, next_cursor = page_by_id(rows, limit)
    return {"data": [_order_out(r) for r in page], "next_cursor": next_cursor}


@router.get("/{order_id}", response_model=OrderDetail, responses=problems(401, 404))
def get_order(order_id: OrderRef, user: CurrentUser, conn: DbConn) -> dict[str, Any]:
    """Items, totals, payments, shipments with tracking events, address and returns."""
    return _detail(conn, _owned_order(conn, user.id, order_id))


def _returnable(conn: sqlite3.Connection, order_id: int) -> dict[int, int]:
    """item row id -> quantity not yet covered by a (non-rejected) return."""
    rows = conn.execute(
        "SELECT i.id, i.quantity - COALESCE((SELECT SUM(ri.quantity) FROM return_items ri"
        " JOIN returns r ON r.id = ri.return_id WHERE ri.item_id = i.id"
        " AND r.status != 'rejected'), 0) AS left FROM order_items i WHERE i.order_id = ?",
        (order_id,),
    ).fetchall()
    return {int(r["id"]): int(r["left"]) for r in rows}


@router.post("/{order_id}/returns", status_code=201, response_model=ReturnRequest,
             responses=problems(400, 401, 404, 409, 422))
def create_return(
    order_id: OrderRef,
    body: ReturnCreate,
    request: Request,
    user: CurrentUser,
    conn: DbConn,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Request a return of delivered items; support follows up on the linked ticket."""
    with write_transaction(conn):
        idem = Idempotency(conn, user.id, idempotency_key,
                           fingerprint("POST", request.url.path, body))
        if (replayed := idem.replay()) is not None:
            return replayed
        order = _owned_order(conn, user.id, order_id)
        public_order = ids.order_id(order["id"])
        if order["status"] != "delivered":
            raise ProblemError(409, "conflict",
                               f"Order {public_order} is {order['status']}; only delivered orders "
                               "can be returned.",
                               hint="Open a ticket about the order if something is wrong with it.")
        left = _returnable(conn, order["id"])
        wanted: dict[int, int] = {}
        for index, item in enumerate(body.items):
            item_row = ids.parse_item(item.item_id)
            if item_row is None or item_row not in left:
                raise field_error(f"items.{index}.item_id",
                                  f"No item {item.item_id} in order {public_order}.")
            wanted[item_row] = wanted.get(item_row, 0) + item.quantity
        for index, item in enumerate(body.items):
            item_row = ids.parse_item(item.item_id)
            assert item_row is not None
            if wanted[item_row] > left[item_row]:
                raise field_error(f"items.{index}.quantity",
                                  f"Only {left[item_row]} of item {item.item_id} can still be "
                                  "returned.")
        names = {
            int(r["id"]): (r["name"], r["sku"])
            for r in conn.execute("SELECT id, name, sku FROM order_items WHERE order_id = ?",
                                  (order["id"],))
        }
        lines = "\n".join(f"- {qty} × {names[i][0]} ({names[i][1]})" for i, qty in wanted.items())
        ticket_id = tickets.create_ticket(
            conn, user.id, f"Return request for order {public_order}",
            f"I'd like to return:\n{lines}\n\nReason: {body.reason}",
            category="returns", order_id=order["id"],
        )
        cur = conn.execute(
            "INSERT INTO returns (order_id, user_id, status, reason, ticket_id, created_at)"
            " VALUES (?, ?, 'requested', ?, ?, ?)",
            (order["id"], user.id, body.reason, ticket_id, now_iso()),
        )
        return_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO return_items (return_id, item_id, quantity) VALUES (?, ?, ?)",
            [(return_id, item_row, qty) for item_row, qty in wanted.items()],
        )
        return idem.respond(201, _returns_out(conn, order["id"], return_id)[0])
