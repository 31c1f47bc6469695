"""Migration 5: chats, their messages, internal ticket notes, agent presence and events.

Ticket events come from triggers, so every code path that changes a ticket (the ticket
routes, order returns, agent routes, the seed) records them in its own transaction.
"""

# Epoch seconds with fractions (unixepoch('subsec') needs SQLite 3.42; this works on older).
_EPOCH = "(julianday('now') - 2440587.5) * 86400.0"

CHAT_SQL = """
CREATE TABLE chats (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    state            TEXT NOT NULL CHECK (state IN ('assistant', 'queued', 'assigned', 'closed')),
    ticket_id        INTEGER REFERENCES tickets(id),
    order_id         INTEGER REFERENCES orders(id),
    agent_id         INTEGER REFERENCES users(id),
    queue_position   INTEGER,
    queued_epoch     REAL,
    queued_at        TEXT,
    wait_from_epoch  REAL,
    offer_sent       INTEGER NOT NULL DEFAULT 0,
    awaiting_feedback INTEGER NOT NULL DEFAULT 0,
    unhelpful        INTEGER NOT NULL DEFAULT 0,
    converted_ticket_id INTEGER REFERENCES tickets(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    closed_at        TEXT,
    rating_score     INTEGER CHECK (rating_score BETWEEN 1 AND 5),
    rating_comment   TEXT,
    rated_at         TEXT
);
CREATE INDEX chats_user ON chats(user_id, id);
CREATE INDEX chats_state ON chats(state, queued_epoch, id);
CREATE INDEX chats_agent ON chats(agent_id, state);

CREATE TABLE chat_messages (
    id                INTEGER PRIMARY KEY,
    chat_id           INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    author_id         INTEGER REFERENCES users(id),
    role              TEXT NOT NULL CHECK (role IN ('customer', 'agent', 'assistant', 'system')),
    author_name       TEXT NOT NULL,
    body              TEXT NOT NULL,
    client_message_id TEXT,
    articles          TEXT NOT NULL DEFAULT '[]',
    created_at        TEXT NOT NULL
);
CREATE INDEX chat_messages_chat ON chat_messages(chat_id, id);
CREATE UNIQUE INDEX chat_messages_client_id
    ON chat_messages(chat_id, author_id, client_message_id)
    WHERE client_message_id IS NOT NULL;

CREATE TABLE ticket_notes (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users(id),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ticket_notes_ticket ON ticket_notes(ticket_id, id);

CREATE TABLE agent_presence (
    user_id        INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    last_seen_epoch REAL NOT NULL
);

CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    type          TEXT NOT NULL,
    chat_id       INTEGER,
    ticket_id     INTEGER,
    customer_id   INTEGER,
    agent_id      INTEGER,
    agents        INTEGER NOT NULL DEFAULT 0,
    ref_id        INTEGER,
    data          TEXT NOT NULL DEFAULT '{}',
    created_at    TEXT NOT NULL,
    created_epoch REAL NOT NULL
);
CREATE INDEX events_chat ON events(chat_id, id) WHERE chat_id IS NOT NULL;
CREATE INDEX events_customer ON events(customer_id, id) WHERE customer_id IS NOT NULL;
CREATE INDEX events_agent ON events(agent_id, id) WHERE agent_id IS NOT NULL;
CREATE INDEX events_agents ON events(id) WHERE agents = 1;
CREATE INDEX events_typing ON events(created_epoch) WHERE type = 'typing';

CREATE TRIGGER ticket_created_event AFTER INSERT ON tickets BEGIN
    INSERT INTO events (type, ticket_id, agents, data, created_at, created_epoch)
    SELECT 'ticket_created', NEW.id, 1,
           json_object('subject', NEW.subject, 'requester_id', u.id, 'requester_name', u.name),
           NEW.created_at, {epoch}
    FROM users u WHERE u.id = NEW.user_id;
END;

CREATE TRIGGER ticket_message_event AFTER INSERT ON messages BEGIN
    INSERT INTO events (type, ticket_id, customer_id, agents, ref_id, created_at, created_epoch)
    SELECT 'ticket_message', t.id, t.user_id, 1, NEW.id, NEW.created_at, {epoch}
    FROM tickets t WHERE t.id = NEW.ticket_id;
END;

CREATE TRIGGER ticket_status_event AFTER UPDATE OF status ON tickets
WHEN OLD.status IS NOT NEW.status BEGIN
    INSERT INTO events (type, ticket_id, customer_id, agents, data, created_at, created_epoch)
    VALUES ('ticket_status', NEW.id, NEW.user_id, 1,
            json_object('status', NEW.status, 'previous_status', OLD.status),
            strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), {epoch});
END;

CREATE TRIGGER ticket_note_event AFTER INSERT ON ticket_notes BEGIN
    INSERT INTO events (type, ticket_id, agents, ref_id, created_at, created_epoch)
    VALUES ('ticket_note', NEW.ticket_id, 1, NEW.id, NEW.created_at, {epoch});
END;
""".replace("{epoch}", _EPOCH)
