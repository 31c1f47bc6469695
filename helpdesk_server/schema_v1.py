"""Migration 1: the core tables (everything except the FAQ).

Timestamps are TEXT in `YYYY-MM-DDTHH:MM:SSZ` (sortable); token expiries are REAL epoch
seconds because sub-second TTLs matter in tests and comparisons must be exact.
"""

CORE_SQL = """
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    phone         TEXT,
    role          TEXT NOT NULL CHECK (role IN ('customer', 'agent')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    family_id       INTEGER,
    access_hash     TEXT NOT NULL UNIQUE,
    refresh_hash    TEXT NOT NULL UNIQUE,
    access_expires  REAL NOT NULL,
    refresh_expires REAL NOT NULL,
    created_at      TEXT NOT NULL,
    revoked_at      TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_family ON sessions(family_id);

CREATE TABLE personal_tokens (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT NOT NULL UNIQUE,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    prefix         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    last_used_at   TEXT,
    expires_at     TEXT,
    expires_epoch  REAL
);
CREATE INDEX personal_tokens_user ON personal_tokens(user_id, id);

CREATE TABLE idempotency_keys (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         BLOB NOT NULL,
    created_epoch REAL NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    number         TEXT NOT NULL UNIQUE,
    status         TEXT NOT NULL CHECK (status IN
                   ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned')),
    created_at     TEXT NOT NULL,
    currency       TEXT NOT NULL,
    subtotal_cents INTEGER NOT NULL,
    shipping_cents INTEGER NOT NULL,
    tax_cents      INTEGER NOT NULL,
    ship_name      TEXT NOT NULL,
    ship_line1     TEXT NOT NULL,
    ship_line2     TEXT,
    ship_city      TEXT NOT NULL,
    ship_postal_code TEXT NOT NULL,
    ship_country   TEXT NOT NULL
);
CREATE INDEX orders_user ON orders(user_id, id);

CREATE TABLE order_items (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    sku              TEXT NOT NULL,
    name             TEXT NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL
);
CREATE INDEX order_items_order ON order_items(order_id);

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    method       TEXT NOT NULL CHECK (method IN ('card', 'paypal', 'gift_card')),
    status       TEXT NOT NULL CHECK (status IN ('authorized', 'captured', 'refunded', 'failed')),
    amount_cents INTEGER NOT NULL,
    last4        TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX payments_order ON payments(order_id);

CREATE TABLE shipments (
    id                 INTEGER PRIMARY KEY,
    order_id           INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    carrier            TEXT NOT NULL,
    tracking_number    TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN
                       ('label_created', 'in_transit', 'out_for_delivery', 'delivered',
                        'exception')),
    estimated_delivery TEXT
);
CREATE INDEX shipments_order ON shipments(order_id);

CREATE TABLE shipment_events (
    id          INTEGER PRIMARY KEY,
    shipment_id INTEGER NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    status      TEXT NOT NULL,
    location    TEXT,
    description TEXT NOT NULL
);
CREATE INDEX shipment_events_shipment ON shipment_events(shipment_id, at);

CREATE TABLE tickets (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    subject        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN
                   ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
    priority       TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    category       TEXT,
    order_id       INTEGER REFERENCES orders(id),
    follow_up_of   INTEGER REFERENCES tickets(id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    rating_score   INTEGER CHECK (rating_score BETWEEN 1 AND 5),
    rating_comment TEXT,
    rated_at       TEXT,
    first_rated_at TEXT
);
CREATE INDEX tickets_user ON tickets(user_id, id);
CREATE INDEX tickets_status ON tickets(status, id);

CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users(id),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX messages_ticket ON messages(ticket_id, id);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message_id   INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX attachments_message ON attachments(message_id);

CREATE TABLE returns (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status     TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'refunded')),
    reason     TEXT NOT NULL,
    ticket_id  INTEGER REFERENCES tickets(id),
    created_at TEXT NOT NULL
);
CREATE INDEX returns_order ON returns(order_id);

CREATE TABLE return_items (
    return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    item_id   INTEGER NOT NULL REFERENCES order_items(id),
    quantity  INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (return_id, item_id)
);
"""
