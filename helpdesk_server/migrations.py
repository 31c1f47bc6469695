"""The ordered list of schema migrations; index + 1 is the version. Only ever append."""

from __future__ import annotations

from helpdesk_server.chat.schema import CHAT_SQL
from helpdesk_server.faq.schema import LEARNING_SQL, SEARCH_SCALE_SQL
from helpdesk_server.faq.schema import MIGRATION_SQL as FAQ_SQL
from helpdesk_server.schema_v1 import CORE_SQL

# 3: when a session was rotated away by a refresh (vs. revoked), for the reuse grace window.
ROTATION_SQL = "ALTER TABLE sessions ADD COLUMN rotated_epoch REAL;"

MIGRATIONS: list[str] = [
    CORE_SQL,  # 1: users, sessions, tokens, idempotency, orders, returns, tickets, attachments
    FAQ_SQL,  # 2: categories, articles, votes, full-text index (owned by helpdesk_server.faq)
    ROTATION_SQL,  # 3: sessions.rotated_epoch
    LEARNING_SQL,  # 4: FAQ search log and feedback (owned by helpdesk_server.faq)
    CHAT_SQL,  # 5: chats, ticket notes, agent presence, events (owned by helpdesk_server.chat)
    SEARCH_SCALE_SQL,  # 6: FAQ title and tag index, vote counter (owned by helpdesk_server.faq)
]
