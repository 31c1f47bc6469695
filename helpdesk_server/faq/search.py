"""FAQ search: FTS5 + BM25 over the articles, safe for any user input.

User text never reaches ``MATCH`` as written. It is cut into word tokens (letters and
digits only), each token becomes a group of double-quoted alternatives: the token itself
(porter-stemmed by FTS5), its most common completions from the corpus vocabulary (prefix
matching, for the word being typed or any non-word) and, for unknown words of five letters
or more, the most common words one edit away (typo tolerance). Groups are ANDed; when that
finds nothing, they are ORed so a long natural-language question still gets answers.
"""

import re
import sqlite3
from dataclasses import dataclass
from typing import Literal

from helpdesk_server.faq.text import words
from helpdesk_server.faq.vocab import VOCABULARIES, Vocabulary

Mode = Literal["all", "any"]

#: Words so common in questions that requiring them would only lose answers.
STOPWORDS = frozenset(
    (
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "did", "do",
        "does", "for", "from", "get", "got", "had", "has", "have", "how", "i", "if", "in", "into",
        "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "please", "so",
        "than", "that", "the", "their", "them", "there", "this", "to", "was", "we", "were", "what",
        "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
    )
)
MAX_GROUPS = 12
PREFIX_EXPANSIONS = 12
TYPO_EXPANSIONS = 3
SNIPPET_TOKENS = 24

_OPEN, _CLOSE = "\x02", "\x03"
_LITERAL_MARK = re.compile(r"</?mark\s*>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class QueryPlan:
    """The FTS5 expressions built from a user query (``any_expr`` None for one group)."""

    all_expr: str
    any_expr: str | None


@dataclass(frozen=True)
class Hit:
    """One ranked result; ``snippet`` marks matched terms with <mark>…</mark>."""

    id: int
    slug: str
    title: str
    category_slug: str
    category_name: str
    snippet: str
    score: float
    updated_at: str


@dataclass(frozen=True)
class SearchPage:
    """A page of hits; ``next_offset`` is None on the last page."""

    hits: list[Hit]
    mode: Mode
    next_offset: int | None


def _quote(word: str) -> str:
    # Tokens hold only letters and digits, so they cannot contain a double quote; the guard
    # keeps that true should tokenisation ever change.
    return '"' + word.replace('"', "") + '"'


def _group(token: str, vocab: Vocabulary, *, is_last: bool) -> list[str]:
    alternatives = [token]
    known = token in vocab
    # A known long word needs no completions: its inflections share its stem anyway.
    if len(token) >= 2 and (not known or (is_last and len(token) < 5)):
        # Short prefixes have many completions, each a long doclist: keep only the commonest.
        alternatives += vocab.completions(token, min(PREFIX_EXPANSIONS, 4 * (len(token) - 1)))
    if not known:
        alternatives += vocab.corrections(token, TYPO_EXPANSIONS)
    # Inflections of one word ("return", "returns", "returned") are a single term in the
    # stemmed index: keep one phrase per stem. Querying the same long doclist several times
    # was the slowest part of searching for common words, and counted that word repeatedly
    # in BM25 (outranking documents that matched other completions).
    by_stem: dict[str, str] = {}
    for word in alternatives:
        by_stem.setdefault(vocab.stem(word), word)
    return list(by_stem.values())


def plan_query(query: str, vocab: Vocabulary) -> QueryPlan | None:
    """Build the MATCH expressions for ``query``; None when it holds no searchable word."""
    # Single letters match nearly everything and mean nothing alone; digits are kept.
    tokens = [t for t in dict.fromkeys(words(query[:20_000])) if len(t) > 1 or t.isdigit()]
    meaningful = [t for t in tokens if t not in STOPWORDS] or tokens
    meaningful = [t for t in meaningful if len(t) <= 64][:MAX_GROUPS]
    if not meaningful:
        return None
    # The word being typed (query not ending in a separator) is completed as a prefix.
    last = tokens[-1] if re.search(r"[^\W_]$", query[-1:]) else None
    groups = []
    for token in meaningful:
        alternatives = _group(token, vocab, is_last=token == last)
        groups.append("(" + " OR ".join(_quote(a) for a in alternatives) + ")")
    all_expr = " AND ".join(groups)
    any_expr = " OR ".join(groups) if len(groups) > 1 else None
    return QueryPlan(all_expr, any_expr)


def _clean_snippet(raw: str) -> str:
    text = _LITERAL_MARK.sub("", raw)
    text = text.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    return _SPACES.sub(" ", text).strip()


#: Ranked search stops here: nobody reads result 201, and deep offsets cost snippets.
MAX_RESULTS = 200

# Run alone, not as a subquery of a join: only then does SQLite compute snippets just for the
# rows that enter the LIMIT/OFFSET window of the sort (as a subquery it did so for every match).
_RANK_SQL = """
SELECT rowid, bm25(articles_fts, 10.0, 4.0, 1.0, 0.0) AS score,
       snippet(articles_fts, 2, ?, ?, '…', ?)
FROM articles_fts WHERE articles_fts MATCH ?
ORDER BY score, rowid LIMIT ? OFFSET ?
"""
_ROWS_SQL = """
SELECT a.id, a.slug, a.title, c.slug, c.name, a.updated_at
FROM articles AS a JOIN categories AS c ON c.id = a.category_id
WHERE a.id IN ({marks})
"""


def _run(
    conn: sqlite3.Connection,
    expr: str,
    category_id: int | None,
    limit: int,
    offset: int,
) -> list[Hit]:
    match = expr
    if category_id is not None:
        # Inside the index: far cheaper than filtering every ranked row by a lookup.
        match = f'category_key : "category{int(category_id)}" AND ({expr})'
    ranked = conn.execute(
        _RANK_SQL, (_OPEN, _CLOSE, SNIPPET_TOKENS, match, limit, offset)
    ).fetchall()
    if not ranked:
        return []
    ids = [int(r[0]) for r in ranked]
    marks = ",".join("?" * len(ids))
    rows = {int(r[0]): r for r in conn.execute(_ROWS_SQL.format(marks=marks), ids)}
    hits = []
    for article_id, score, snip in ranked:
        row = rows.get(int(article_id))
        if row is None:  # deleted between the two statements
            continue
        hits.append(
            Hit(
                id=int(row[0]),
                slug=str(row[1]),
                title=str(row[2]),
                category_slug=str(row[3]),
                category_name=str(row[4]),
                snippet=_clean_snippet(str(snip or "")),
                score=float(f"{-float(score):.4g}"),
                updated_at=str(row[5]),
            )
        )
    return hits


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    category_id: int | None = None,
    limit: int = 20,
    offset: int = 0,
    mode: Mode | None = None,
) -> SearchPage:
    """Ranked hits for ``query``, best first.

    ``mode`` is None on a first page (try "all", fall back to "any" when nothing matches)
    and must be the mode of the previous page when continuing, so pages stay consistent.
    """
    plan = plan_query(query, VOCABULARIES.get(conn))
    if plan is None:
        return SearchPage([], mode or "all", None)
    chosen: Mode = mode or "all"
    if chosen == "any" and plan.any_expr is None:
        chosen = "all"
    expr = plan.any_expr if chosen == "any" and plan.any_expr else plan.all_expr
    window = max(0, min(limit + 1, MAX_RESULTS - offset))
    hits = _run(conn, expr, category_id, window, offset) if window else []
    if not hits and mode is None and offset == 0 and plan.any_expr is not None:
        chosen = "any"
        hits = _run(conn, plan.any_expr, category_id, window, offset)
    next_offset = offset + limit if len(hits) > limit else None
    return SearchPage(hits[:limit], chosen, next_offset)
