"""Demo data for a fictional outdoor-gear store, Northwind Outfitters (idempotent)."""

from __future__ import annotations

import sqlite3

from helpdesk_server import tickets_repo
from helpdesk_server.security import hash_password
from helpdesk_server.seed_data import ADDRESSES, ORDERS, TICKETS, OrderSpec
from helpdesk_server.timeutil import ago

DEMO_PASSWORD = "helpdesk-demo"
AGENT_EMAIL = "agent@example.com"

USERS = (
    ("alice@example.com", "Alice Martin", "+1 503 555 0142", "customer", 240),
    ("bob@example.com", "Bob Okafor", None, "customer", 180),
    ("carol@example.com", "Carol Nguyen", "+1 206 555 0199", "customer", 95),
    (AGENT_EMAIL, "Sam Rivera", None, "agent", 400),
)

# Sales tax by customer: Oregon has none; Chicago and Seattle do.
TAX_RATES = {"alice@example.com": 0.0, "bob@example.com": 0.1025, "carol@example.com": 0.1035}


def seed_demo(conn: sqlite3.Connection) -> None:
    """Add demo users, orders and tickets unless present, then the FAQ articles."""
    seeded = conn.execute("SELECT 1 FROM users WHERE email = ?", (AGENT_EMAIL,)).fetchone()
    if seeded is None:
        users = _users(conn)
        orders = {spec.key: _order(conn, users[spec.email], spec) for spec in ORDERS}
        _tickets(conn, users, orders)
    from helpdesk_server.faq.seed import seed_articles

    seed_articles(conn)


def _users(conn: sqlite3.Connection) -> dict[str, int]:
    ids: dict[str, int] = {}
    for email, name, phone, role, days in USERS:
        cur = conn.execute(
            "INSERT INTO users (email, name, phone, role, password_hash, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (email, name, phone, role, hash_password(DEMO_PASSWORD), ago(days=days)),
        )
        ids[email] = int(cur.lastrowid or 0)
    return ids


def _order(conn: sqlite3.Connection, user_id: int, spec: OrderSpec) -> int:
    subtotal = sum(qty * price for _sku, _name, qty, price in spec.items)
    tax = round(subtotal * TAX_RATES[spec.email])
    name, line1, line2, city, postal, country = ADDRESSES[spec.email]
    created = ago(days=spec.days_ago)
    cur = conn.execute(
        "INSERT INTO orders (user_id, number, status, created_at, currency, subtotal_cents,"
        " shipping_cents, tax_cents, ship_name, ship_line1, ship_line2, ship_city,"
        " ship_postal_code, ship_country) VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (user_id, spec.number, spec.status, created, subtotal, spec.shipping_cents, tax,
         name, line1, line2, city, postal, country),
    )
    order_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO order_items (order_id, sku, name, quantity, unit_price_cents)"
        " VALUES (?, ?, ?, ?, ?)",
        [(order_id, *item) for item in spec.items],
    )
    method, status, last4 = spec.payment
    conn.execute(
        "INSERT INTO payments (order_id, method, status, amount_cents, last4, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (order_id, method, status, subtotal + spec.shipping_cents + tax, last4, created),
    )
    if spec.shipment is not None:
        ship = spec.shipment
        eta = None if ship.eta_days_ahead is None else ago(days=-ship.eta_days_ahead)
        cur = conn.execute(
            "INSERT INTO shipments (order_id, carrier, tracking_number, status,"
            " estimated_delivery) VALUES (?, ?, ?, ?, ?)",
            (order_id, ship.carrier, ship.tracking, ship.status, eta),
        )
        conn.executemany(
            "INSERT INTO shipment_events (shipment_id, at, status, location, description)"
            " VALUES (?, ?, ?, ?, ?)",
            [(cur.lastrowid, ago(days=d), s, loc, text) for d, s, loc, text in ship.events],
        )
    return order_id


def _tickets(conn: sqlite3.Connection, users: dict[str, int], orders: dict[str, int]) -> None:
    statuses = {spec.key: spec.status for spec in ORDERS}
    for spec in TICKETS:
        requester = users[spec.email]
        opened = spec.days_ago
        _author, _hours, first_body = spec.messages[0]
        order_id = orders[spec.order_key] if spec.order_key else None
        ticket_id = tickets_repo.create_ticket(
            conn, requester, spec.subject, first_body, priority=spec.priority,
            category=spec.category, order_id=order_id, status=spec.status,
            created_at=ago(days=opened),
        )
        for author, hours, body in spec.messages[1:]:
            author_id = requester if author == "c" else users[AGENT_EMAIL]
            tickets_repo.add_message(conn, ticket_id, author_id, body,
                                     created_at=ago(days=opened - hours / 24))
        if spec.rating is not None:
            score, comment = spec.rating
            rated = ago(days=max(opened - spec.messages[-1][1] / 24 - 0.5, 0))
            conn.execute(
                "UPDATE tickets SET rating_score = ?, rating_comment = ?, rated_at = ?,"
                " first_rated_at = ? WHERE id = ?",
                (score, comment, rated, rated, ticket_id),
            )
        if spec.order_key and statuses[spec.order_key] == "returned" and order_id is not None:
            _refunded_return(conn, requester, order_id, ticket_id, ago(days=opened))


def _refunded_return(conn: sqlite3.Connection, user_id: int, order_id: int, ticket_id: int,
                     created: str) -> None:
    cur = conn.execute(
        "INSERT INTO returns (order_id, user_id, status, reason, ticket_id, created_at)"
        " VALUES (?, ?, 'refunded', 'Tent pole hub cracked on first setup.', ?, ?)",
        (order_id, user_id, ticket_id, created),
    )
    conn.execute(
        "INSERT INTO return_items (return_id, item_id, quantity)"
        " SELECT ?, id, quantity FROM order_items WHERE order_id = ?",
        (cur.lastrowid, order_id),
    )
