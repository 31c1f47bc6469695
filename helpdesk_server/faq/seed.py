"""Loading FAQ content into the database: the real help centre and synthetic bulk.

``seed_articles`` is idempotent: unchanged articles are left alone (their vote counts and
dates too), edited ones are updated in place under the same id, new ones are inserted.
"""

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from helpdesk_server.db import joined_transaction
from helpdesk_server.faq.content import CATEGORIES
from helpdesk_server.faq.spec import ArticleSpec, CategorySpec
from helpdesk_server.faq.synthetic import synthetic_articles
from helpdesk_server.faq.text import excerpt, markdown_to_text, strip_control

__all__ = ["seed_articles", "seed_synthetic_articles", "synthetic_articles"]

_EPOCH = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)


def _stamp(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _dates(article_id: int) -> tuple[str, str]:
    """Deterministic, plausible publication dates so demos and snapshots are stable."""
    created = _EPOCH + timedelta(days=(article_id * 37) % 240, minutes=(article_id * 53) % 600)
    updated = created + timedelta(days=(article_id * 13) % 75, minutes=(article_id * 7) % 300)
    return _stamp(created), _stamp(updated)


def _initial_votes(article_id: int) -> tuple[int, int]:
    """Starting helpfulness counts, so a fresh demo does not look abandoned."""
    return 8 + (article_id * 7919) % 143, (article_id * 104_729) % 19


_UPSERT_CATEGORY = """
INSERT INTO categories (id, slug, name, description, position) VALUES (?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, name = excluded.name,
    description = excluded.description, position = excluded.position
"""

_UPSERT_ARTICLE = """
INSERT INTO articles (id, slug, title, category_id, body, body_text, excerpt, tags,
                      helpful_count, not_helpful_count, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, title = excluded.title,
    category_id = excluded.category_id, body = excluded.body, body_text = excluded.body_text,
    excerpt = excluded.excerpt, tags = excluded.tags,
    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE articles.slug IS NOT excluded.slug OR articles.title IS NOT excluded.title
   OR articles.category_id IS NOT excluded.category_id OR articles.body IS NOT excluded.body
   OR articles.tags IS NOT excluded.tags
"""


def _article_row(article: ArticleSpec, category_id: int) -> tuple[object, ...]:
    body = strip_control(article.body).strip() + "\n"
    created, updated = _dates(article.id)
    helpful, not_helpful = _initial_votes(article.id)
    return (
        article.id,
        article.slug,
        strip_control(article.title).strip(),
        category_id,
        body,
        markdown_to_text(body),
        excerpt(body),
        ",".join(article.tags),
        helpful,
        not_helpful,
        created,
        updated,
    )


Batch = tuple[str, Sequence[tuple[object, ...]]]


def _in_transaction(conn: sqlite3.Connection, work: Iterable[Batch]) -> None:
    """Run (sql, rows) batches atomically, joining the caller's transaction if one is open."""
    with joined_transaction(conn):
        for sql, rows in work:
            conn.executemany(sql, rows)


def _related_rows(categories: Iterable[CategorySpec]) -> list[tuple[object, ...]]:
    by_slug = {a.slug: a.id for c in categories for a in c.articles}
    rows: list[tuple[object, ...]] = []
    for category in categories:
        for article in category.articles:
            targets = [by_slug[s] for s in article.related if s in by_slug]
            rows += [(article.id, target, pos) for pos, target in enumerate(targets)]
    return rows


def seed_articles(conn: sqlite3.Connection) -> None:
    """Load the Northwind Outfitters help centre (idempotent)."""
    categories = list(CATEGORIES)
    category_rows: list[tuple[object, ...]] = [
        (c.id, c.slug, c.name, c.description, position)
        for position, c in enumerate(categories)
    ]
    article_rows = [_article_row(a, c.id) for c in categories for a in c.articles]
    seeded_ids: list[tuple[object, ...]] = [(a.id,) for c in categories for a in c.articles]
    _in_transaction(
        conn,
        [
            (_UPSERT_CATEGORY, category_rows),
            (_UPSERT_ARTICLE, article_rows),
            ("DELETE FROM article_related WHERE article_id = ?", seeded_ids),
            (
                "INSERT INTO article_related (article_id, related_id, position)"
                " VALUES (?, ?, ?)",
                _related_rows(categories),
            ),
        ],
    )


def seed_synthetic_articles(conn: sqlite3.Connection, count: int, *, seed: int = 7) -> int:
    """Add ``count`` generated articles (ids from 100000) for benchmarks; returns how many.

    Needs the real categories (call ``seed_articles`` first); ids already present are kept.
    """
    category_ids = [c.id for c in CATEGORIES]
    rows = [
        _article_row(article, category_ids[i % len(category_ids)])
        for i, article in enumerate(synthetic_articles(count, seed=seed))
    ]
    insert = _UPSERT_ARTICLE.split("ON CONFLICT")[0] + "ON CONFLICT(id) DO NOTHING"
    # After a bulk load, merge the index segments so queries read one b-tree per term.
    optimize: list[tuple[object, ...]] = [("optimize",)]
    _in_transaction(
        conn,
        [
            (insert, rows),
            ("INSERT INTO articles_fts (articles_fts) VALUES (?)", optimize),
            ("INSERT INTO articles_words (articles_words) VALUES (?)", optimize),
            ("INSERT INTO articles_heads_fts (articles_heads_fts) VALUES (?)", optimize),
        ],
    )
    return len(rows)
