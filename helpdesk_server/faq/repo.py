"""FAQ reads and writes other than search, as plain functions on a connection.

Rows come back as dicts shaped like the response models, so the router stays thin and the
functions are testable without HTTP.
"""

import re
import sqlite3
from typing import Any

_ARTICLE_REF = re.compile(r"KB([0-9]{1,18})", re.IGNORECASE)
_MAX_ROWID = 2**63 - 1


def article_public_id(row_id: int) -> str:
    return f"KB{row_id}"


def category_public_id(row_id: int) -> str:
    return f"c_{row_id}"


def resolve_article(conn: sqlite3.Connection, ref: str) -> int | None:
    """Row id of the article named by ``KB101``-style id or by slug; None when unknown."""
    match = _ARTICLE_REF.fullmatch(ref)
    if match is not None:
        number = int(match.group(1))
        if not 0 < number <= _MAX_ROWID:
            return None
        row = conn.execute("SELECT id FROM articles WHERE id = ?", (number,)).fetchone()
    elif len(ref) <= 200:
        row = conn.execute("SELECT id FROM articles WHERE slug = ?", (ref.lower(),)).fetchone()
    else:
        row = None
    return None if row is None else int(row[0])


def category_id_by_slug(conn: sqlite3.Connection, slug: str) -> int | None:
    row = conn.execute("SELECT id FROM categories WHERE slug = ?", (slug.lower(),)).fetchone()
    return None if row is None else int(row[0])


def list_categories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT c.id, c.slug, c.name, c.description,"
        " (SELECT COUNT(*) FROM articles AS a WHERE a.category_id = c.id)"
        " FROM categories AS c ORDER BY c.position, c.id"
    ).fetchall()
    return [
        {
            "id": category_public_id(int(r[0])),
            "slug": r[1],
            "name": r[2],
            "description": r[3],
            "article_count": int(r[4]),
        }
        for r in rows
    ]


def list_articles(
    conn: sqlite3.Connection,
    *,
    category_id: int | None,
    after: tuple[str, int] | None,
    limit: int,
) -> list[dict[str, Any]]:
    """Up to ``limit`` summaries ordered by (title, id), strictly after ``after``."""
    where: list[str] = []
    params: list[object] = []
    if category_id is not None:
        where.append("a.category_id = ?")
        params.append(category_id)
    if after is not None:
        where.append("(a.title, a.id) > (?, ?)")
        params += [after[0], after[1]]
    sql = (
        "SELECT a.id, a.slug, a.title, c.slug, c.name, a.excerpt, a.updated_at"
        " FROM articles AS a JOIN categories AS c ON c.id = a.category_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY a.title, a.id LIMIT ?"
    )
    rows = conn.execute(sql, [*params, limit]).fetchall()
    return [
        {
            "id": article_public_id(int(r[0])),
            "row_id": int(r[0]),
            "slug": r[1],
            "title": r[2],
            "category": {"slug": r[3], "name": r[4]},
            "excerpt": r[5],
            "updated_at": r[6],
        }
        for r in rows
    ]


def get_article(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT a.id, a.slug, a.title, c.slug, c.name, a.body, a.tags, a.helpful_count,"
        " a.not_helpful_count, a.created_at, a.updated_at"
        " FROM articles AS a JOIN categories AS c ON c.id = a.category_id WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    related = conn.execute(
        "SELECT a.id, a.slug, a.title FROM article_related AS r"
        " JOIN articles AS a ON a.id = r.related_id"
        " WHERE r.article_id = ? ORDER BY r.position",
        (article_id,),
    ).fetchall()
    return {
        "id": article_public_id(int(row[0])),
        "slug": row[1],
        "title": row[2],
        "category": {"slug": row[3], "name": row[4]},
        "body": row[5],
        "tags": [t for t in str(row[6]).split(",") if t],
        "helpful_count": int(row[7]),
        "not_helpful_count": int(row[8]),
        "created_at": row[9],
        "updated_at": row[10],
        "related": [
            {"id": article_public_id(int(r[0])), "slug": r[1], "title": r[2]} for r in related
        ],
    }


def record_vote(
    conn: sqlite3.Connection, article_id: int, user_id: int, helpful: bool, now: str
) -> dict[str, Any]:
    """Insert or replace the user's vote and keep the article's counters in step.

    Must run inside a write transaction (the request's ``BEGIN IMMEDIATE``) so the read of
    the previous vote and the counter updates cannot interleave with another vote.
    """
    previous = conn.execute(
        "SELECT helpful FROM article_votes WHERE article_id = ? AND user_id = ?",
        (article_id, user_id),
    ).fetchone()
    conn.execute(
        "INSERT INTO article_votes (article_id, user_id, helpful, voted_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(article_id, user_id) DO UPDATE SET helpful = excluded.helpful,"
        " voted_at = excluded.voted_at",
        (article_id, user_id, int(helpful), now),
    )
    delta_helpful = int(helpful) - (0 if previous is None else int(previous[0]))
    delta_not = int(not helpful) - (0 if previous is None else 1 - int(previous[0]))
    if delta_helpful or delta_not:
        conn.execute(
            "UPDATE articles SET helpful_count = helpful_count + ?,"
            " not_helpful_count = not_helpful_count + ? WHERE id = ?",
            (delta_helpful, delta_not, article_id),
        )
    counts = conn.execute(
        "SELECT helpful_count, not_helpful_count FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    return {
        "article_id": article_public_id(article_id),
        "helpful": helpful,
        "helpful_count": int(counts[0]),
        "not_helpful_count": int(counts[1]),
    }
