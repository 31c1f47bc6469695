"""FAQ search: questions in, ranked articles out, in bounded time at any corpus size.

User text never reaches ``MATCH`` as written. It is cut into word tokens (letters and
digits only); stop words are dropped (questions are mostly stop words) and phrases of the
synonym table are recognised. Each remaining word or phrase is a *concept*: a group of
double-quoted alternatives (the word, stemmed by FTS5; its synonyms; its completions when it
is being typed or is not a word; and its corrections within the typo rule of ``vocab``).

Ranking is not BM25 over an AND. Every candidate gets, per concept, the weight of the best
field it matches in (title above tags above body) times the concept's rarity (IDF) times how
literal the match is (a typo or a synonym counts a little less), so articles are ranked by
how many and which concepts they match. Learned nudges from votes and tickets
(``learning``) multiply the result.

Why candidates come from bounded probes: FTS5 can rank every match of a word, but doing so
for a word in most of 100,000 articles costs 100 ms or more (the per-row ranking function,
not the index walk). So candidates are gathered by a few ``LIMIT`` probes that stop early
(all concepts; each concept in title or tags; all concepts but one; any concept), and only
those are scored, from per-article stem sets cached in memory. On a help-centre-sized corpus
the probes return every match, so ranking is exact; at scale it is exact within the pool.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Literal

from helpdesk_server.faq import learning
from helpdesk_server.faq.synonyms import Phrase, Synonyms, load
from helpdesk_server.faq.text import words
from helpdesk_server.faq.vocab import VOCABULARIES, Vocabulary

Mode = Literal["all", "any"]

#: Words so common in questions that requiring them would only lose answers.
_STOPWORDS_TEXT = """
    a about after again ago all also am an and any anything are aren as at be been before
    but by can cannot could did didn do does doesn don done for from get gets getting got
    had has hasn have haven how i if im in into is isn it its ive just keep keeps ll me my
    need needs no not now of on or our please re should so some something still than that
    the their them then there these they this those to too tried try ve want wanted was
    wasn we were what when where which while who why will with won would yet you your
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
MAX_CONCEPTS = 8
PREFIX_EXPANSIONS = 12
TYPO_EXPANSIONS = 3
SNIPPET_CHARS = 160
#: Ranked search stops here: nobody reads result 201.
MAX_RESULTS = 200

#: How much a match in each field is worth (title > tags > body).
FIELD_WEIGHTS = (1.0, 0.5, 0.25)
#: How literal an alternative is: the word itself, a synonym, a completion, a typo fix.
EXACT, SYNONYM, PREFIX, TYPO = 1.0, 0.85, 0.8, 0.75

_LITERAL_MARK = re.compile(r"</?mark\s*>", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """One alternative of a concept: words that must all occur, and how literal it is."""

    words: tuple[str, ...]
    stems: frozenset[str]
    quality: float


@dataclass
class Concept:
    """One thing the customer asked about, with every way an article may say it."""

    key: str
    terms: list[Term] = field(default_factory=list)
    weight: float = 1.0

    def expression(self) -> str:
        parts = []
        for term in self.terms:
            quoted = [_quote(w) for w in term.words]
            parts.append(quoted[0] if len(quoted) == 1 else "(" + " AND ".join(quoted) + ")")
        return "(" + " OR ".join(parts) + ")"


@dataclass(frozen=True)
class QueryPlan:
    """The concepts of a query and their FTS5 expressions (``any_expr`` None for one)."""

    concepts: list[Concept]
    all_expr: str
    any_expr: str | None

    @property
    def key(self) -> str:
        """The query's normal form: what learned feedback is keyed by."""
        return " ".join(sorted(c.key for c in self.concepts))


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
    """A page of hits; ``next_offset`` is None on the last page.

    ``mode`` says whether the best hit matched every concept; ``did_you_mean`` is a
    respelled query, offered only when nothing matched the query as typed.
    """

    hits: list[Hit]
    mode: Mode
    next_offset: int | None
    did_you_mean: str | None = None
    key: str = ""
    total: int = 0


def _quote(word: str) -> str:
    # Tokens hold only letters and digits, so they cannot contain a double quote; the guard
    # keeps that true should tokenisation ever change.
    return '"' + word.replace('"', "") + '"'


def _content_words(phrase: Phrase) -> tuple[str, ...]:
    kept = tuple(w for w in phrase if w not in STOPWORDS and (len(w) > 1 or w.isdigit()))
    return kept or phrase


def _term(phrase: Phrase, vocab: Vocabulary, quality: float) -> Term:
    content = _content_words(phrase)
    return Term(content, frozenset(vocab.stem(w) for w in content), quality)


def _word_terms(token: str, vocab: Vocabulary, *, is_last: bool) -> list[Term]:
    terms = [_term((token,), vocab, EXACT)]
    known = token in vocab
    # A known long word needs no completions: its inflections share its stem anyway.
    if len(token) >= 2 and (not known or (is_last and len(token) < 5)):
        # Short prefixes have many completions, each a long doclist: keep only the commonest.
        limit = min(PREFIX_EXPANSIONS, 4 * (len(token) - 1))
        terms += [_term((w,), vocab, PREFIX) for w in vocab.completions(token, limit)]
    if not known:
        terms += [_term((w,), vocab, TYPO) for w in vocab.corrections(token, TYPO_EXPANSIONS)]
    return terms


def _dedupe(terms: list[Term]) -> list[Term]:
    """One alternative per stem set, the most literal one: a stem queried twice costs twice
    and would count twice."""
    best: dict[frozenset[str], Term] = {}
    for term in terms:
        if term.stems not in best or term.quality > best[term.stems].quality:
            best[term.stems] = term
    return list(best.values())


def _segments(tokens: list[str], synonyms: Synonyms) -> list[Phrase]:
    """Split the query into synonym-table phrases (longest first) and single words."""
    out: list[Phrase] = []
    i = 0
    longest = min(synonyms.longest, len(tokens))
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 1, -1):
            phrase = tuple(tokens[i : i + size])
            if synonyms.expand(phrase):
                out.append(phrase)
                i += size
                break
        else:
            out.append((tokens[i],))
            i += 1
    return out


def plan_query(
    query: str, vocab: Vocabulary, synonyms: Synonyms | None = None
) -> QueryPlan | None:
    """Build the concepts and MATCH expressions; None when the query holds no usable word."""
    synonyms = synonyms or SYNONYMS
    raw = [t for t in words(query[:20_000]) if len(t) <= 64]
    ends_in_word = bool(re.search(r"[^\W_]$", query[-1:]))
    segments = _segments(raw, synonyms)
    meaningful = [
        s for s in segments
        if len(s) > 1 or (s[0] not in STOPWORDS and (len(s[0]) > 1 or s[0].isdigit()))
    ]
    if not meaningful:  # a query of stop words only: search for them after all
        meaningful = [s for s in segments if len(s[0]) > 1 or s[0].isdigit()]
    concepts: dict[str, Concept] = {}
    for index, segment in enumerate(meaningful):
        if len(concepts) >= MAX_CONCEPTS:
            break
        is_last = ends_in_word and index == len(meaningful) - 1 and segment == segments[-1]
        if len(segment) == 1:
            terms = _word_terms(segment[0], vocab, is_last=is_last)
        else:
            terms = [_term(segment, vocab, EXACT)]
        terms += [_term(p, vocab, SYNONYM) for p in synonyms.expand(segment)]
        terms = _dedupe(terms)
        key = " ".join(sorted(terms[0].stems))
        if key in concepts:
            continue
        # A phrase says as much as its words together; a word as much as its rarity (damped:
        # in a question, one rare incidental word must not outweigh the topic).
        weight = max(sum(math.sqrt(vocab.idf(w)) for w in t.words) for t in terms)
        concepts[key] = Concept(key, terms, max(weight, 0.1))
    if not concepts:
        return None
    chosen = list(concepts.values())
    all_expr = " AND ".join(c.expression() for c in chosen)
    any_expr = " OR ".join(c.expression() for c in chosen) if len(chosen) > 1 else None
    return QueryPlan(chosen, all_expr, any_expr)


# --- candidates -------------------------------------------------------------------------

_PROBE_SQL = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?"
#: Probe sizes: all concepts (deep, for paging), per concept in title/tags, all but one,
#: any concept. On 66 articles every probe returns all its matches.
ALL_PROBE, TITLE_PROBE, DROP_PROBE, ANY_PROBE = MAX_RESULTS, 40, 40, 100


def _candidates(conn: sqlite3.Connection, plan: QueryPlan, category_id: int | None) -> list[int]:
    prefix = f'category_key : "category{int(category_id)}" AND ' if category_id else ""
    exprs = [c.expression() for c in plan.concepts]
    probes: list[tuple[str, int]] = [(plan.all_expr, ALL_PROBE)]
    if len(exprs) > 1:
        probes += [("{title tags} : " + e, TITLE_PROBE) for e in exprs]
        if len(exprs) > 2:
            probes += [
                (" AND ".join(exprs[:i] + exprs[i + 1 :]), DROP_PROBE) for i in range(len(exprs))
            ]
        probes.append((plan.any_expr or plan.all_expr, ANY_PROBE))
    seen: dict[int, None] = {}
    for expr, limit in probes:
        match = f"{prefix}({expr})" if prefix else expr
        for (rowid,) in conn.execute(_PROBE_SQL, (match, limit)):
            seen[int(rowid)] = None
    return list(seen)


# --- per-article features -----------------------------------------------------------------


@dataclass(frozen=True)
class Features:
    """What scoring and snippets need of one article, computed once per text version."""

    fields: tuple[frozenset[str], frozenset[str], frozenset[str]]  # title, tags, body stems
    title_size: int


class FeatureCache:
    """Stem sets per article, for one vocabulary (a text change brings a new vocabulary)."""

    def __init__(self, max_entries: int = 50_000) -> None:
        self._entries: OrderedDict[int, Features] = OrderedDict()
        self._owner: Vocabulary | None = None
        self._lock = threading.Lock()
        self._max = max_entries

    def get(
        self, conn: sqlite3.Connection, vocab: Vocabulary, ids: list[int]
    ) -> dict[int, Features]:
        found: dict[int, Features] = {}
        with self._lock:
            if self._owner is not vocab:
                self._entries.clear()
                self._owner = vocab
            for article_id in ids:
                entry = self._entries.get(article_id)
                if entry is not None:
                    found[article_id] = entry
        missing = [i for i in ids if i not in found]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT id, title, tags, body_text FROM articles WHERE id IN ({marks})", chunk
            )
            for article_id, title, tags, body in rows:
                title_stems = _stems(str(title), vocab)
                found[int(article_id)] = Features(
                    (title_stems, _stems(str(tags), vocab), _stems(str(body), vocab)),
                    max(1, len(title_stems)),
                )
        with self._lock:
            if self._owner is vocab:
                for article_id in missing:
                    if article_id in found:
                        self._entries[article_id] = found[article_id]
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
        return found


FEATURES = FeatureCache()


def _stems(text: str, vocab: Vocabulary) -> frozenset[str]:
    tokens = _TOKEN.findall(text.lower()) if text.isascii() else words(text)
    stem = vocab.stems.get
    return frozenset(stem(t, t) for t in tokens)


# --- scoring ------------------------------------------------------------------------------


def _field_weight(stem: str, features: Features) -> float:
    for weight, stems in zip(FIELD_WEIGHTS, features.fields, strict=True):
        if stem in stems:
            return weight
    return 0.0


def _concept_score(concept: Concept, features: Features) -> float:
    """The best alternative's field weight times its quality; a phrase earns the mean of
    its words' field weights, so half a phrase in the title is worth something."""
    best = 0.0
    for term in concept.terms:
        if len(term.stems) == 1:
            (stem,) = term.stems
            value = _field_weight(stem, features)
        else:
            value = sum(_field_weight(s, features) for s in term.stems) / len(term.stems)
        best = max(best, value * term.quality)
    return best


def _score(plan: QueryPlan, features: Features, nudge: float) -> tuple[float, int]:
    """(score, number of concepts matched) of one article."""
    total_weight = sum(c.weight for c in plan.concepts)
    base = 0.0
    matched = 0
    title_hits: set[str] = set()
    for concept in plan.concepts:
        value = _concept_score(concept, features)
        if value:
            matched += 1
            base += concept.weight * value
            for term in concept.terms:
                title_hits |= term.stems & features.fields[0]
    # Coverage counts twice (as the sum and as a factor), weighted by field: matching more
    # of the question beats matching one word of it very well, but scattered body mentions
    # of incidental words do not add up to a title match. A title mostly made of the
    # query's words wins a tie.
    coverage = base / total_weight if total_weight else 0.0
    precision = len(title_hits) / features.title_size
    return base * (0.5 + 0.5 * coverage) * (1 + 0.1 * precision) * nudge, matched


def rank(
    conn: sqlite3.Connection, plan: QueryPlan, category_id: int | None, vocab: Vocabulary
) -> list[tuple[int, float, int]]:
    """Every candidate that matches at least one concept: (id, score, concepts matched)."""
    ids = _candidates(conn, plan, category_id)
    if not ids:
        return []
    features = FEATURES.get(conn, vocab, ids)
    nudges = learning.nudges(conn, plan.key, ids)
    scored = []
    for article_id in ids:
        article = features.get(article_id)
        if article is None:  # deleted since the probe
            continue
        score, matched = _score(plan, article, nudges.get(article_id, 1.0))
        if matched:
            scored.append((article_id, score, matched))
    scored.sort(key=lambda r: (-r[1], r[0]))
    return scored[:MAX_RESULTS]


# --- snippets -----------------------------------------------------------------------------


def _marker(stems: frozenset[str], vocab: Vocabulary) -> re.Pattern[str] | None:
    """One regex for every corpus spelling of the query's stems: a C-speed scan of a body
    instead of stemming each of its words in Python."""
    forms = sorted(vocab.surface_forms(stems), key=lambda w: (-len(w), w))
    if not forms:
        return None
    alternation = "|".join(re.escape(w) for w in forms)
    return re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])", re.IGNORECASE)


def snippet(body: str, marker: re.Pattern[str] | None) -> str:
    """About ``SNIPPET_CHARS`` of the body around the most matches, matches marked."""
    body = " ".join(_LITERAL_MARK.sub("", body).split())
    found = [m.span() for m in marker.finditer(body)] if marker is not None else []
    best_start, best_count = 0, 0
    for i, (start, _) in enumerate(found):
        count = sum(1 for s, _ in found[i:] if s < start + SNIPPET_CHARS - 30)
        if count > best_count:
            best_start, best_count = start, count
    begin = 0 if best_start <= 30 else body.rfind(" ", 0, best_start - 30) + 1
    end = begin + SNIPPET_CHARS
    if end >= len(body):
        end = len(body)
    else:
        cut = body.rfind(" ", begin, end)
        end = cut if cut > begin else end
    out, cursor = [], begin
    for start, stop in found:
        if start >= begin and stop <= end:
            out += [body[cursor:start], "<mark>", body[start:stop], "</mark>"]
            cursor = stop
    out.append(body[cursor:end])
    text = "".join(out).strip()
    return ("…" if begin > 0 else "") + text + ("…" if end < len(body) else "")


_ROWS_SQL = """
SELECT a.id, a.slug, a.title, c.slug, c.name, a.updated_at, a.body_text
FROM articles AS a JOIN categories AS c ON c.id = a.category_id
WHERE a.id IN ({marks})
"""


def _hits(
    conn: sqlite3.Connection, ranked: list[tuple[int, float, int]], plan: QueryPlan,
    vocab: Vocabulary,
) -> list[Hit]:
    if not ranked:
        return []
    ids = [r[0] for r in ranked]
    rows = {
        int(r[0]): r
        for r in conn.execute(_ROWS_SQL.format(marks=",".join("?" * len(ids))), ids)
    }
    marker = _marker(frozenset(s for c in plan.concepts for t in c.terms for s in t.stems),
                     vocab)
    hits = []
    for article_id, score, _ in ranked:
        row = rows.get(article_id)
        if row is None:  # deleted between the two statements
            continue
        hits.append(
            Hit(
                id=article_id,
                slug=str(row[1]),
                title=str(row[2]),
                category_slug=str(row[3]),
                category_name=str(row[4]),
                snippet=snippet(str(row[6]), marker),
                score=float(f"{score:.4g}"),
                updated_at=str(row[5]),
            )
        )
    return hits


# --- the entry points ---------------------------------------------------------------------


def respell(query: str, vocab: Vocabulary) -> str | None:
    """The query with unknown words replaced by their likeliest spelling, or None."""
    changed = False
    out = []
    for token in words(query[:2_000]):
        if token not in vocab and token not in STOPWORDS and not vocab.completions(token, 1):
            fixes = vocab.corrections(token, 1, loose=True)
            if fixes:
                out.append(fixes[0])
                changed = True
                continue
        out.append(token)
    return " ".join(out) if changed else None


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

    ``mode`` is accepted for callers of the earlier all-then-any search and ignored: the
    ranking no longer depends on it, so pages are consistent without it.
    """
    del mode
    vocab = VOCABULARIES.get(conn)
    plan = plan_query(query, vocab)
    if plan is None:
        return SearchPage([], "all", None)
    ranked = rank(conn, plan, category_id, vocab)
    window = ranked[offset : offset + limit]
    hits = _hits(conn, window, plan, vocab)
    next_offset = offset + limit if len(ranked) > offset + limit else None
    full = bool(ranked) and ranked[0][2] == len(plan.concepts)
    suggestion = respell(query, vocab) if not ranked and offset == 0 else None
    return SearchPage(
        hits, "all" if full or not ranked else "any", next_offset, suggestion, plan.key,
        len(ranked),
    )


#: Read once, when the server starts (see ``synonyms``).
SYNONYMS = load()


def search_or_respell(
    conn: sqlite3.Connection, query: str, *, category_id: int | None = None, limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """``search``; when nothing matches, the hits of "did you mean" (named in the page).

    The looser typo rule of the suggestion runs only here, after a miss, so it can never
    push a weaker respelling into results the query as typed already had.
    """
    page = search(conn, query, category_id=category_id, limit=limit, offset=offset)
    if page.hits or page.did_you_mean is None:
        return page
    respelled = search(conn, page.did_you_mean, category_id=category_id, limit=limit,
                       offset=offset)
    if not respelled.hits:  # a respelling that finds nothing either is no help
        return SearchPage([], page.mode, None, None, page.key, 0)
    return SearchPage(respelled.hits, respelled.mode, respelled.next_offset,
                      page.did_you_mean, respelled.key, respelled.total)
