"""The machinery that keeps FAQ search fast at scale changes no result.

Scoring from cached field weights, the memo of distinct field patterns, the bound that reads
vote priors only for candidates that can still reach the page, the in-memory prior cache,
the index of titles and tags, and the ``str.find`` snippet marker are each checked against a
plain reference: the same ranking computed from scratch, the database as it is now, the
regex alternation the marker replaced.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpdesk_server.db import connect, migrate
from helpdesk_server.faq import learning
from helpdesk_server.faq import search as faq_search
from helpdesk_server.faq.search import (
    FIELD_WEIGHTS,
    MAX_RESULTS,
    Marker,
    QueryPlan,
    _one_line,
    plan_query,
    search,
)
from helpdesk_server.faq.seed import seed_articles, seed_synthetic_articles
from helpdesk_server.faq.vocab import VOCABULARIES, read_state
from helpdesk_server.migrations import MIGRATIONS

QUERIES = [
    "shipping to canada", "warranty tent", "wash rain jacket", "track my order", "refund",
    "gift card promo code", "international shipping customs", "zipper repair", "sh",
    "returning the backpack for a refund", "granite 35 tent", "damaged delivery claim",
    "pasword", "care cleaning", "parts",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """The help centre plus 600 look-alike synthetic articles (many exact score ties), with
    random vote counts and per-query feedback, so every learned nudge is in play."""
    db = connect(tmp_path_factory.mktemp("faq-scale") / "faq.db")
    migrate(db)
    seed_articles(db)
    seed_synthetic_articles(db, 600)
    rng = random.Random(11)
    ids = [int(r[0]) for r in db.execute("SELECT id FROM articles")]
    for article_id in rng.sample(ids, 400):
        db.execute(
            "UPDATE articles SET helpful_count = ?, not_helpful_count = ? WHERE id = ?",
            (rng.randint(0, 200), rng.randint(0, 200), article_id),
        )
    vocab = VOCABULARIES.get(db)
    for query in QUERIES:
        plan = plan_query(query, vocab)
        assert plan is not None
        for article_id in rng.sample(faq_search._candidates(db, plan, None), 5):
            db.execute(
                "INSERT INTO search_feedback (query_key, article_id, helpful, not_helpful,"
                " tickets) VALUES (?, ?, ?, ?, ?)",
                (plan.key, article_id, rng.randint(0, 4), rng.randint(0, 4), rng.randint(0, 2)),
            )
    yield db
    db.close()


def _from_scratch(conn: sqlite3.Connection, plan: QueryPlan) -> list[tuple[int, float]]:
    """Every candidate scored the plain way: stem sets per field, every nudge read."""
    vocab = VOCABULARIES.get(conn)
    ids = faq_search._candidates(conn, plan, None)
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT id, title, tags, body_text FROM articles WHERE id IN ({marks})", ids
    ).fetchall()
    nudges = learning.nudges(conn, plan.key, ids)
    total_weight = sum(c.weight for c in plan.concepts)
    ranked = []
    for article_id, title, tags, body in rows:
        fields = [faq_search._stems(str(text), vocab) for text in (title, tags, body)]

        def field_weight(stem: str, fields: list[frozenset[str]] = fields) -> float:
            return next((w for w, f in zip(FIELD_WEIGHTS, fields, strict=True) if stem in f),
                        0.0)

        base, matched, title_hits = 0.0, 0, set[str]()
        for concept in plan.concepts:
            value = 0.0
            for term in concept.terms:
                weight = sum(field_weight(s) for s in term.stems) / len(term.stems)
                value = max(value, weight * term.quality)
            if value:
                matched += 1
                base += concept.weight * value
                for term in concept.terms:
                    title_hits |= term.stems & fields[0]
        if not matched:
            continue
        coverage = base / total_weight
        precision = len(title_hits) / max(1, len(fields[0]))
        score = base * (0.5 + 0.5 * coverage) * (1 + 0.1 * precision) * nudges[article_id]
        ranked.append((article_id, score))
    ranked.sort(key=lambda r: (-r[1], r[0]))
    return ranked[:MAX_RESULTS]


@pytest.mark.parametrize("query", QUERIES)
def test_ranking_equals_scoring_every_candidate_from_scratch(
    corpus: sqlite3.Connection, query: str
) -> None:
    plan = plan_query(query, VOCABULARIES.get(corpus))
    assert plan is not None
    expected = _from_scratch(corpus, plan)
    assert expected
    for offset, limit in ((0, 20), (0, 5), (20, 20), (150, 100)):
        page = search(corpus, query, offset=offset, limit=limit)
        window = expected[offset : offset + limit]
        assert [h.id for h in page.hits] == [i for i, _ in window], (offset, limit)
        assert [h.score for h in page.hits] == [float(f"{s:.4g}") for _, s in window]
        assert page.total == len(expected)


def test_vote_changes_reach_the_cached_priors(tmp_path: Path) -> None:
    db = connect(tmp_path / "votes.db")
    migrate(db)
    db.execute("INSERT INTO categories (id, slug, name, description) VALUES (1, 'c', 'C', 'd')")
    for article_id in (1, 2):
        db.execute(
            "INSERT INTO articles (id, slug, title, category_id, body, body_text, tags,"
            " helpful_count, created_at, updated_at) VALUES (?, ?, 'Lantern care', 1,"
            " 'Clean the lantern.', 'Clean the lantern.', '', ?, 'x', 'x')",
            (article_id, f"a-{article_id}", 10 * article_id),
        )
    assert [h.id for h in search(db, "lantern").hits] == [2, 1]  # same text: votes decide
    votes = read_state(db).votes
    db.execute("UPDATE articles SET helpful_count = 50 WHERE id = 1")  # as a vote does
    assert read_state(db).votes == votes + 1
    assert [h.id for h in search(db, "lantern").hits] == [1, 2]
    db.close()


def _title_probe(conn: sqlite3.Connection, word: str) -> list[int]:
    return [int(r[0]) for r in conn.execute(
        "SELECT rowid FROM articles_heads_fts WHERE articles_heads_fts MATCH ?",
        ('{title tags} : "' + word + '"',),
    )]


def _integrity_check(conn: sqlite3.Connection) -> None:
    # rank 1: compare the index with the articles table it is built from.
    conn.execute("INSERT INTO articles_heads_fts (articles_heads_fts, rank)"
                 " VALUES ('integrity-check', 1)")


def test_title_index_follows_article_writes(tmp_path: Path) -> None:
    db = connect(tmp_path / "heads.db")
    migrate(db)
    seed_articles(db)
    _integrity_check(db)
    db.execute(
        "INSERT INTO articles (id, slug, title, category_id, body, body_text, tags,"
        " created_at, updated_at) VALUES (9001, 'lanterns', 'Lanterns', 1, 'Email us.',"
        " 'Email us.', 'glowworm-lights', 'x', 'x')"
    )
    assert _title_probe(db, "lantern") == [9001]
    assert _title_probe(db, "glowworm") == [9001]
    assert 9001 not in _title_probe(db, "email")  # body words stay out
    db.execute("UPDATE articles SET title = 'Candles', tags = 'wax' WHERE id = 9001")
    assert _title_probe(db, "lantern") == [] and _title_probe(db, "candl") == [9001]
    db.execute("UPDATE articles SET category_id = 2 WHERE id = 9001")
    assert [int(r[0]) for r in db.execute(
        "SELECT rowid FROM articles_heads_fts WHERE articles_heads_fts MATCH"
        " 'category_key : \"category2\" AND \"candles\"'")] == [9001]
    db.execute("DELETE FROM articles WHERE id = 9001")
    assert _title_probe(db, "candl") == []
    _integrity_check(db)
    db.close()


def test_migration_indexes_the_titles_already_there(tmp_path: Path) -> None:
    db = connect(tmp_path / "old.db")
    migrate(db, MIGRATIONS[:5])  # a database from before the title index
    seed_articles(db)
    before = db.execute("SELECT generation FROM faq_state").fetchone()[0]
    migrate(db)
    _integrity_check(db)
    assert _title_probe(db, "password")
    assert tuple(db.execute("SELECT generation, votes FROM faq_state").fetchone()) == (before, 0)
    assert search(db, "reset password").hits[0].slug == "reset-your-password"
    db.close()


MARKER_TEXTS = [
    "Refund, refunds and REFUNDED: the refund policy.",
    "prerefund refundable refund_policy refund-policy (refund) 'refund'",
    "Refund→ refund–refund …refund… refund\u00a0refund",
    "İstanbul refund: lower-casing İ changes the length",
    "refund2 2refund refund 2 refunds",
    "Ünïcode refund café refund",
    "",
    "refund",
]


@pytest.mark.parametrize("text", MARKER_TEXTS)
def test_marker_finds_the_words_the_regex_found(text: str) -> None:
    forms = ["refund", "refunds", "refunded", "2"]
    alternation = "|".join(re.escape(w) for w in sorted(forms, key=lambda w: (-len(w), w)))
    regex = re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])", re.IGNORECASE)
    assert Marker(forms).spans(text) == [m.span() for m in regex.finditer(text)]


@pytest.mark.parametrize(
    "text",
    ["one two\nthree", " lead and trail \n", "a  b", "tab\there", "nb\u00a0sp", "cr\r\nlf",
     "para\n\nbreak", "", "\n", "x\u2028y"],
)
def test_one_line_collapses_white_space_like_split(text: str) -> None:
    assert _one_line(text) == " ".join(text.split())
