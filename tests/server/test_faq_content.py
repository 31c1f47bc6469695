"""The help-centre content and its loading: complete, consistent, idempotent."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from helpdesk_server.db import connect, migrate
from helpdesk_server.faq.content import CATEGORIES
from helpdesk_server.faq.seed import seed_articles, seed_synthetic_articles, synthetic_articles
from helpdesk_server.faq.text import excerpt, markdown_to_text, words

ARTICLES = [a for c in CATEGORIES for a in c.articles]
REQUIRED_CATEGORIES = {
    "accounts-login", "orders-shipping", "returns-refunds", "payments-billing",
    "technical-problems", "privacy-security",
}


def test_enough_articles_in_the_required_categories() -> None:
    assert len(ARTICLES) >= 60
    assert {c.slug for c in CATEGORIES} >= REQUIRED_CATEGORIES
    assert all(len(c.articles) >= 8 for c in CATEGORIES)


def test_ids_and_slugs_are_unique_and_well_formed() -> None:
    assert len({a.id for a in ARTICLES}) == len(ARTICLES)
    assert len({a.slug for a in ARTICLES}) == len(ARTICLES)
    assert len({c.id for c in CATEGORIES}) == len({c.slug for c in CATEGORIES}) == len(CATEGORIES)
    for category in CATEGORIES:
        for article in category.articles:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", article.slug), article.slug
            assert article.id // 100 == category.id, article.slug  # KB1xx in category 1 …
            assert article.tags and all(re.fullmatch(r"[a-z0-9-]+", t) for t in article.tags)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_article_is_real_markdown_of_the_right_length(article: object) -> None:
    from helpdesk_server.faq.spec import ArticleSpec

    assert isinstance(article, ArticleSpec)
    count = len(words(markdown_to_text(article.body)))
    assert 120 <= count <= 400, count
    assert re.search(r"^## ", article.body, re.MULTILINE), "needs a heading"
    assert re.search(r"^(\d+\.|-|\|) ", article.body, re.MULTILINE), "needs a list or table"
    assert "lorem" not in article.body.lower()
    assert len(article.related) >= 2
    slugs = {a.slug for a in ARTICLES}
    assert set(article.related) <= slugs - {article.slug}


def test_policies_are_stated_consistently() -> None:
    text = "\n".join(a.body for a in ARTICLES)
    assert "30 days" in text and "2-year" in text
    # No article contradicts the core numbers the others rely on.
    for wrong in ("14-day return", "60-day return", "90-day return", "1-year warranty",
                  "45 days of delivery"):
        assert wrong not in text, wrong


def test_markdown_to_text_drops_syntax() -> None:
    md = (
        "## Heading\n\nSome **bold** and `code` and a [link](https://x.example).\n"
        "continued line\n\n1. first\n2. second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
        "<b>html</b>\n"
    )
    text = markdown_to_text(md)
    assert "**" not in text and "`" not in text and "](" not in text and "<b>" not in text
    assert "|" not in text and "---" not in text and "##" not in text
    assert "Some bold and code and a link. continued line" in text.splitlines()
    assert "first" in text.splitlines() and "1 · 2" in text.splitlines()
    assert excerpt(md) == "Some bold and code and a link. continued line"
    long = excerpt("word " * 100, limit=50)
    assert long.endswith("…") and len(long) <= 51


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    conn = connect(tmp_path / "seed.db")
    migrate(conn)
    return conn


def test_seed_is_idempotent_and_keeps_votes(db: sqlite3.Connection) -> None:
    seed_articles(db)
    before = db.execute("SELECT * FROM articles ORDER BY id").fetchall()
    generation = db.execute("SELECT generation FROM faq_state").fetchone()[0]
    db.execute("UPDATE articles SET helpful_count = 999 WHERE id = 101")
    seed_articles(db)
    after = db.execute("SELECT * FROM articles ORDER BY id").fetchall()
    assert len(after) == len(before) == len(ARTICLES)
    assert db.execute("SELECT generation FROM faq_state").fetchone()[0] == generation
    assert db.execute("SELECT helpful_count FROM articles WHERE id = 101").fetchone()[0] == 999
    assert [tuple(r) for r in after if r["id"] != 101] == [
        tuple(r) for r in before if r["id"] != 101
    ]
    related = db.execute("SELECT COUNT(*) FROM article_related").fetchone()[0]
    assert related == sum(len(a.related) for a in ARTICLES)


def test_seed_updates_edited_articles_in_place(db: sqlite3.Connection) -> None:
    seed_articles(db)
    db.execute("UPDATE articles SET title = 'Old title', body_text = 'old' WHERE id = 101")
    seed_articles(db)
    row = db.execute("SELECT title, body_text FROM articles WHERE id = 101").fetchone()
    assert row["title"] == ARTICLES[0].title and "Forgot your password" in row["body_text"]


def test_seed_joins_an_open_transaction(db: sqlite3.Connection) -> None:
    db.execute("BEGIN")
    seed_articles(db)
    assert db.in_transaction
    db.execute("ROLLBACK")
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0


def test_synthetic_articles_are_deterministic_and_plausible(db: sqlite3.Connection) -> None:
    first = list(synthetic_articles(50))
    assert first == list(synthetic_articles(50))
    assert len({a.slug for a in first}) == 50
    assert all(100 <= len(words(markdown_to_text(a.body))) <= 400 for a in first)
    seed_articles(db)
    assert seed_synthetic_articles(db, 120) == 120
    counts = db.execute(
        "SELECT category_id, COUNT(*) FROM articles WHERE id >= 100000 GROUP BY category_id"
    ).fetchall()
    assert len(counts) == len(CATEGORIES)
