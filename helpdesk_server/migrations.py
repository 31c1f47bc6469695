"""The ordered list of schema migrations; index + 1 is the version. Only ever append."""

from __future__ import annotations

from helpdesk_server.faq.schema import MIGRATION_SQL as FAQ_SQL
from helpdesk_server.schema_v1 import CORE_SQL

MIGRATIONS: list[str] = [
    CORE_SQL,  # 1: users, sessions, tokens, idempotency, orders, returns, tickets, attachments
    FAQ_SQL,  # 2: categories, articles, votes, full-text index (owned by helpdesk_server.faq)
]
