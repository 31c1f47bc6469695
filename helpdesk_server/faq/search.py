"""FAQ search: questions in, ranked articles out, in bounded time at any corpus size.

User text never reaches ``MATCH`` as written. It is cut into word tokens (letters and
digits only); stop words are dropped (questions are mostly stop words) and phrases of the
synonym table are recognised (also with one misspelled word; overlapping ones as one).
Each remaining word or phrase is a *concept*: a group of double-quoted alternatives (the
word, stemmed by FTS5; its synonyms; its completions when it is not a word, or, weighing
little, when it is a short word at the end that may be still being typed; its corrections
within the typo rule of ``vocab``, with their synonyms).

Ranking is not BM25 over an AND. Every candidate gets, per concept, the weight of the best
field it matches in (title above tags above body) times the concept's rarity (IDF) times how
literal the match is (a typo or a synonym counts a little less), so articles are ranked by
how many and which concepts they match. Learned nudges from votes and tickets
(``learning``) multiply the result.

Why candidates come from bounded probes: FTS5 can rank every match of a word, but doing so
for a word in most of 100,000 articles costs 100 ms or more (the per-row ranking function,
not the index walk). So candidates are gathered by a few ``LIMIT`` probes that stop early
(all concepts; each concept in title or tags, asked of a small index of titles and tags
alone; all concepts but one; any concept), and only those are scored. On a help-centre-sized
corpus the probes return every match, so ranking is exact; at scale it is exact within the
pool.

Where the milliseconds go at 100,000 articles, and what keeps each small: scoring reads, per
article, each stem's best field from a dict cached in memory (``FeatureCache``), and scores
each distinct pattern of matched fields once (``Scorer``); the vote prior of ranking is
bounded, so it is read only for candidates that can still reach the page, from a cache
emptied when votes change (``learning.PRIORS``); snippets find the query's spellings with
``str.find`` rather than a regex alternation. The results are the same as scoring every
candidate from scratch (the tests compare them).
"""

from __future__ import annotations

import heapq
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
from helpdesk_server.faq.vocab import (
    TYPO_MIN_LENGTH,
    VOCABULARIES,
    FaqState,
    Vocabulary,
    allowed_edits,
    edit_distance,
    read_state,
)

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
#: A completion of a word that is a corpus word itself: below the word in a body (0.25).
COMPLETION_OF_WORD = 0.2
#: A correction of a four-letter word, which has many neighbours (only among other words).
SHORT_TYPO = 0.5

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


def _word_terms(
    token: str, vocab: Vocabulary, synonyms: Synonyms, *, is_last: bool, in_sentence: bool
) -> list[Term]:
    terms = [_term((token,), vocab, EXACT)]
    known = token in vocab
    completions: list[str] = []
    # A known long word needs no completions: its inflections share its stem anyway. A
    # known short word at the end may still be the start of the word being typed ("pass"
    # of "password"), but more likely it is the whole word ("money back"): its completions
    # count less than the word itself even in a body, so they only add articles.
    if len(token) >= 2 and (not known or (is_last and len(token) < TYPO_MIN_LENGTH)):
        # Short prefixes have many completions, each a long doclist: keep only the commonest.
        limit = min(PREFIX_EXPANSIONS, 4 * (len(token) - 1))
        completions = vocab.completions(token, limit)
        quality = COMPLETION_OF_WORD if known else PREFIX
        terms += [_term((w,), vocab, quality) for w in completions]
    if not known:
        fixes = [_term((w,), vocab, TYPO) for w in vocab.corrections(token, TYPO_EXPANSIONS)]
        if in_sentence and not completions and len(token) < TYPO_MIN_LENGTH:
            # A four-letter word gets the looser rule of "did you mean" among other
            # concepts: they, not this word alone, decide among its many neighbours.
            loose = vocab.corrections(token, TYPO_EXPANSIONS, loose=True)
            fixes += [_term((w,), vocab, SHORT_TYPO) for w in loose]
        # A misspelled word of the synonym table brings its synonyms ("hackd" -> "hacked"
        # -> "compromised"). Completions do not: a short prefix would bring the synonyms
        # of common words ("sh" -> "shipping" -> "delivery"), each a long doclist to read.
        for fix in list(fixes):
            fixes += [_term(p, vocab, fix.quality * SYNONYM) for p in synonyms.expand(fix.words)]
        terms += fixes
    return terms


def _dedupe(terms: list[Term]) -> list[Term]:
    """One alternative per stem set, the most literal one: a stem queried twice costs twice
    and would count twice."""
    best: dict[frozenset[str], Term] = {}
    for term in terms:
        if term.stems not in best or term.quality > best[term.stems].quality:
            best[term.stems] = term
    return list(best.values())


@dataclass
class Segment:
    """A run of query tokens that forms one concept: a phrase of the synonym table (or
    overlapping ones) or a single word. ``spelled`` is ``typed`` with the correction that
    made it a table phrase, if any; ``expansions`` are what the table adds."""

    typed: Phrase
    spelled: Phrase
    expansions: tuple[Phrase, ...] = ()

    @property
    def respelled(self) -> bool:
        return self.spelled != self.typed


def _table_phrase(
    window: Phrase, respellable: list[int], synonyms: Synonyms
) -> Phrase | None:
    """``window`` as a phrase of the table, as typed or with one of its ``respellable``
    words (positions) respelled within the typo rule of "did you mean"; else None."""
    if synonyms.expand(window):
        return window
    for i in respellable:
        token = window[i]
        fills = synonyms.gaps.get((*window[:i], "", *window[i + 1 :]), ())
        edits = allowed_edits(token, loose=True) if fills else 0
        for fill in fills:
            if edit_distance(token, fill, edits) <= edits:
                return (*window[:i], fill, *window[i + 1 :])
    return None


def _segments(tokens: list[str], vocab: Vocabulary, synonyms: Synonyms) -> list[Segment]:
    """Split the query into synonym-table phrases and single words.

    At each token the longest table phrase starting there is looked for, as typed or with
    one word that is neither a corpus word nor a stop word respelled ("get my mony back").
    A phrase inside a longer one is left to it ("where is my refund" is not also "where is
    my"); phrases that overlap ("get my money" and "money back" in "get my money back")
    become one concept with the synonyms of both, so no word of either is left over as a
    concept of its own (nor completed as a prefix: "back" to "backorders").
    """
    found: list[tuple[int, int, Phrase]] = []
    longest = min(synonyms.longest, len(tokens))
    in_table = [t in synonyms.phrase_words for t in tokens]
    unknown = [t not in vocab and t not in STOPWORDS for t in tokens]
    for start in range(len(tokens) if longest > 1 else 0):
        if not (in_table[start] or unknown[start]):
            continue  # no phrase can start here (the cheap test for long queries)
        for size in range(min(longest, len(tokens) - start), 1, -1):
            end = start + size
            misses = [i for i in range(size) if not in_table[start + i]]
            if len(misses) > 1:
                continue  # two words no phrase has: not a phrase, even respelled
            respellable = [i for i in (misses or range(size)) if unknown[start + i]]
            if misses and not respellable:
                continue
            spelled = _table_phrase(tuple(tokens[start:end]), respellable, synonyms)
            if spelled is not None:
                found.append((start, end, spelled))
                break
    spans: list[tuple[int, int, Phrase, list[Phrase]]] = []
    for start, end, spelled in found:
        if spans and start < spans[-1][1]:
            first, last, joined, keys = spans[-1]
            if end > last:  # overlaps the run before: extend it
                spans[-1] = (first, end, joined + spelled[last - start :], [*keys, spelled])
            continue  # or lies inside it
        spans.append((start, end, spelled, [spelled]))
    out: list[Segment] = []
    position = 0
    for start, end, spelled, keys in spans:
        out += [Segment((t,), (t,)) for t in tokens[position:start]]
        expansions = tuple(dict.fromkeys(p for k in keys for p in synonyms.expand(k)))
        out.append(Segment(tuple(tokens[start:end]), spelled, expansions))
        position = end
    out += [Segment((t,), (t,)) for t in tokens[position:]]
    return out


def _meaningful(segment: Segment) -> bool:
    word = segment.typed[0]
    return len(segment.typed) > 1 or (word not in STOPWORDS and (len(word) > 1 or word.isdigit()))


def plan_query(
    query: str, vocab: Vocabulary, synonyms: Synonyms | None = None
) -> QueryPlan | None:
    """Build the concepts and MATCH expressions; None when the query holds no usable word."""
    synonyms = synonyms or SYNONYMS
    raw = [t for t in words(query[:20_000]) if len(t) <= 64]
    ends_in_word = bool(re.search(r"[^\W_]$", query[-1:]))
    segments = _segments(raw, vocab, synonyms)
    meaningful = [s for s in segments if _meaningful(s)]
    if not meaningful:  # a query of stop words only: search for them after all
        meaningful = [s for s in segments if len(s.typed[0]) > 1 or s.typed[0].isdigit()]
    in_sentence = len(meaningful) > 1
    concepts: dict[str, Concept] = {}
    planned: set[Phrase] = set()
    for index, segment in enumerate(meaningful):
        if len(concepts) >= MAX_CONCEPTS:
            break
        if segment.spelled in planned:  # its concept is there already (a repeated word)
            continue
        planned.add(segment.spelled)
        if len(segment.typed) == 1:
            is_last = ends_in_word and index == len(meaningful) - 1 and segment is segments[-1]
            terms = _word_terms(segment.typed[0], vocab, synonyms, is_last=is_last,
                                in_sentence=in_sentence)
            terms += [_term(p, vocab, SYNONYM) for p in synonyms.expand(segment.typed)]
        else:
            # A phrase recognised through a respelled word is as literal as a typo fix.
            literal = TYPO if segment.respelled else EXACT
            terms = [_term(segment.spelled, vocab, literal)]
            terms += [_term(p, vocab, SYNONYM * literal) for p in segment.expansions]
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
#: Title-or-tags probes ask the small index of titles and tags: asked of ``articles_fts``,
#: a column filter walks every body posting of the word too.
_HEADS_PROBE_SQL = "SELECT rowid FROM articles_heads_fts WHERE articles_heads_fts MATCH ? LIMIT ?"
#: Probe sizes: all concepts (deep, for paging), per concept in title/tags, all but one,
#: any concept. On 66 articles every probe returns all its matches.
ALL_PROBE, TITLE_PROBE, DROP_PROBE, ANY_PROBE = MAX_RESULTS, 40, 40, 100


def _candidates(conn: sqlite3.Connection, plan: QueryPlan, category_id: int | None) -> list[int]:
    prefix = f'category_key : "category{int(category_id)}" AND ' if category_id else ""
    exprs = [c.expression() for c in plan.concepts]
    probes: list[tuple[str, str, int]] = [(_PROBE_SQL, plan.all_expr, ALL_PROBE)]
    if len(exprs) > 1:
        probes += [(_HEADS_PROBE_SQL, "{title tags} : " + e, TITLE_PROBE) for e in exprs]
        if len(exprs) > 2:
            probes += [
                (_PROBE_SQL, " AND ".join(exprs[:i] + exprs[i + 1 :]), DROP_PROBE)
                for i in range(len(exprs))
            ]
        probes.append((_PROBE_SQL, plan.any_expr or plan.all_expr, ANY_PROBE))
    seen: set[int] = set()
    cursor = tuples(conn)
    for sql, expr, limit in probes:
        match = f"{prefix}({expr})" if prefix else expr
        seen.update(row[0] for row in cursor.execute(sql, (match, limit)))
    return sorted(seen)


def tuples(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor whose rows are plain tuples, whatever the connection's row factory: the
    search path reads hundreds of rows per query."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor


# --- per-article features -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Features:
    """What scoring needs of one article, computed once per text version: each index stem
    of the article with the weight of the best field it occurs in (title > tags > body),
    so scoring an alternative is one dict lookup."""

    weights: dict[str, float]
    title_size: int


def features_of(title: str, tags: str, body: str, vocab: Vocabulary) -> Features:
    title_stems = _stems(title, vocab)
    weights = dict.fromkeys(_stems(body, vocab), FIELD_WEIGHTS[2])
    weights.update(dict.fromkeys(_stems(tags, vocab), FIELD_WEIGHTS[1]))
    weights.update(dict.fromkeys(title_stems, FIELD_WEIGHTS[0]))
    return Features(weights, max(1, len(title_stems)))


class FeatureCache:
    """Features per article, for one vocabulary (a text change brings a new vocabulary)."""

    def __init__(self, max_entries: int = 50_000) -> None:
        self._entries: OrderedDict[int, Features] = OrderedDict()
        self._owner: Vocabulary | None = None
        self._lock = threading.Lock()
        self._max = max_entries

    def get(
        self, conn: sqlite3.Connection, vocab: Vocabulary, ids: list[int]
    ) -> dict[int, Features]:
        with self._lock:
            if self._owner is not vocab:
                self._entries.clear()
                self._owner = vocab
            entries = self._entries
            found = {i: entries[i] for i in ids if i in entries}
        if len(found) == len(ids):
            return found
        missing = [i for i in ids if i not in found]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = tuples(conn).execute(
                f"SELECT id, title, tags, body_text FROM articles WHERE id IN ({marks})", chunk
            )
            for article_id, title, tags, body in rows:
                found[int(article_id)] = features_of(str(title), str(tags), str(body), vocab)
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


class Scorer:
    """A query plan flattened for scoring many articles.

    An article's score depends only on which field each query stem occurs in and on its
    title's length, so an article is reduced to that key (``key``: one C-level ``map``)
    and each distinct key is scored once (``score``): on a large corpus many candidates
    share one (the same words in the same fields).
    """

    def __init__(self, plan: QueryPlan) -> None:
        stems = sorted({s for c in plan.concepts for t in c.terms for s in t.stems})
        position = {s: i for i, s in enumerate(stems)}
        self.stems = stems
        self.concepts = [
            (c.weight, [(tuple(position[s] for s in t.stems), t.quality) for t in c.terms])
            for c in plan.concepts
        ]
        self.total_weight = sum(c.weight for c in plan.concepts)

    def key(self, features: Features) -> tuple[float | int | None, ...]:
        """The field weight of each query stem in the article (None: absent), then the
        number of distinct words in its title."""
        return (*map(features.weights.get, self.stems), features.title_size)

    def score(self, key: tuple[float | int | None, ...]) -> tuple[float, int]:
        """(score before learned nudges, number of concepts matched) of an article."""
        # Per concept, the best alternative's field weight times its quality; a phrase
        # earns the mean of its words' field weights, so half a phrase in the title is
        # worth something.
        base = 0.0
        matched = 0
        for concept_weight, terms in self.concepts:
            best = 0.0
            for positions, quality in terms:
                if len(positions) == 1:
                    value = (key[positions[0]] or 0.0) * quality
                else:
                    value = sum(key[i] or 0.0 for i in positions) / len(positions) * quality
                if value > best:
                    best = value
            if best:
                matched += 1
                base += concept_weight * best
        if not matched:
            return 0.0, 0
        # Coverage counts twice (as the sum and as a factor), weighted by field: matching
        # more of the question beats matching one word of it very well, but scattered body
        # mentions of incidental words do not add up to a title match. A title mostly made
        # of the query's words wins a tie. (A query stem in the title always makes its
        # concept match, so the title hits are simply the query stems in the title.)
        *weights, title_size = key
        title_hits = weights.count(FIELD_WEIGHTS[0])
        total = self.total_weight
        coverage = base / total if total else 0.0
        precision = title_hits / int(title_size or 1)
        return base * (0.5 + 0.5 * coverage) * (1 + 0.1 * precision), matched


def rank(
    conn: sqlite3.Connection,
    plan: QueryPlan,
    category_id: int | None,
    vocab: Vocabulary,
    top: int = MAX_RESULTS,
    state: FaqState | None = None,
) -> tuple[list[tuple[int, float, int]], int]:
    """The ``top`` best candidates, exactly ordered: (id, score, concepts matched), and how
    many candidates match at least one concept (at most ``MAX_RESULTS``).

    Learned nudges multiply the score. The per-article prior lies within
    ``learning.PRIOR_MIN``..``PRIOR_MAX``, so it is looked up only for the candidates that
    can still reach the top after it: one whose score before the prior, times
    ``PRIOR_MAX``, stays below the ``top``-th best times ``PRIOR_MIN`` is beaten by ``top``
    others whatever the votes say.
    """
    ids = _candidates(conn, plan, category_id)
    if not ids:
        return [], 0
    features = FEATURES.get(conn, vocab, ids)
    factors = learning.feedback(conn, plan.key, ids)
    scorer = Scorer(plan)
    key_of, score_of = scorer.key, scorer.score
    memo: dict[tuple[float | int | None, ...], tuple[float, int]] = {}
    scored: list[tuple[float, int, float, int]] = []  # (bound key, id, score, matched)
    for article_id in ids:
        article = features.get(article_id)
        if article is None:  # deleted since the probe
            continue
        key = key_of(article)
        result = memo.get(key)
        if result is None:
            result = memo[key] = score_of(key)
        score, matched = result
        if matched:
            factor = factors.get(article_id)
            scored.append(
                (score if factor is None else score * factor, article_id, score, matched)
            )
    total = min(len(scored), MAX_RESULTS)
    top = max(1, min(top, MAX_RESULTS))
    if len(scored) > top:
        kth = heapq.nlargest(top, [row[0] for row in scored])[-1]
        floor = kth * (learning.PRIOR_MIN / learning.PRIOR_MAX) * (1 - 1e-9)
        scored = [row for row in scored if row[0] >= floor]
    priors = learning.PRIORS.get(conn, state or read_state(conn), [row[1] for row in scored])
    final = []
    for _, article_id, score, matched in scored:
        prior = priors.get(article_id)
        if prior is None:  # deleted since the probe
            nudge = 1.0
        else:
            factor = factors.get(article_id)
            nudge = prior if factor is None else prior * factor
        final.append((article_id, score * nudge, matched))
    final.sort(key=lambda r: (-r[1], r[0]))
    return final[:top], total


# --- snippets -----------------------------------------------------------------------------


class Marker:
    """Finds every corpus spelling of the query's stems in a text, as whole words.

    A whole-word match is a maximal run of letters and digits equal to one of the
    spellings, so each spelling is looked for with ``str.find`` (C speed, no regex
    backtracking) in the lower-cased text and kept where the run starts and ends. Text
    whose lower-casing changes its length (a few non-ASCII letters), or spellings that are
    not plain lower-case words, use one case-insensitive regex alternation instead.
    """

    def __init__(self, forms: list[str]) -> None:
        ordered = sorted(set(forms), key=lambda w: (-len(w), w))
        self._forms = ordered
        self._plain = all(w.isalnum() and w == w.lower() for w in ordered)
        alternation = "|".join(re.escape(w) for w in ordered)
        self._regex = re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])", re.IGNORECASE)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each match, in order."""
        lowered = text.lower()
        if not self._plain or len(lowered) != len(text):
            return [m.span() for m in self._regex.finditer(text)]
        size = len(lowered)
        found = []
        for form in self._forms:
            start = lowered.find(form)
            while start >= 0:
                end = start + len(form)
                if (start == 0 or not lowered[start - 1].isalnum()) and (
                    end == size or not lowered[end].isalnum()
                ):
                    found.append((start, end))
                # An occurrence starting inside this one is preceded by a letter: no word.
                start = lowered.find(form, end)
        found.sort()
        return found


_MARKERS: OrderedDict[tuple[int, frozenset[str]], Marker | None] = OrderedDict()
_MARKERS_LOCK = threading.Lock()


def _marker(stems: frozenset[str], vocab: Vocabulary) -> Marker | None:
    """The marker of these stems under this vocabulary (built once, then kept a while)."""
    key = (vocab.serial, stems)
    with _MARKERS_LOCK:
        if key in _MARKERS:
            _MARKERS.move_to_end(key)
            return _MARKERS[key]
    forms = vocab.surface_forms(stems)
    marker = Marker(forms) if forms else None
    with _MARKERS_LOCK:
        _MARKERS[key] = marker
        while len(_MARKERS) > 256:
            _MARKERS.popitem(last=False)
    return marker


def _one_line(text: str) -> str:
    """``text`` with every run of white space made one space, and stripped."""
    flat = text.replace("\n", " ")
    # Printable text holds no white space but the plain space (fast path: one-line blocks
    # joined by newlines, as body_text is stored).
    if flat.isprintable() and "  " not in flat:
        return flat.strip(" ")
    return " ".join(text.split())


def snippet(body: str, marker: Marker | None) -> str:
    """About ``SNIPPET_CHARS`` of the body around the most matches, matches marked."""
    if "<" in body:
        body = _LITERAL_MARK.sub("", body)
    body = _one_line(body)
    found = marker.spans(body) if marker is not None else []
    best_start, best_count = 0, 0
    reach = SNIPPET_CHARS - 30
    end_index = 0
    for i, (start, _) in enumerate(found):  # the window from each match: most matches wins
        end_index = max(end_index, i)
        while end_index < len(found) and found[end_index][0] < start + reach:
            end_index += 1
        if end_index - i > best_count:
            best_start, best_count = start, end_index - i
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
        for r in tuples(conn).execute(_ROWS_SQL.format(marks=",".join("?" * len(ids))), ids)
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
    state = read_state(conn)
    vocab = VOCABULARIES.get(conn, state)
    plan = plan_query(query, vocab)
    if plan is None:
        return SearchPage([], "all", None)
    ranked, total = rank(conn, plan, category_id, vocab, offset + limit, state)
    window = ranked[offset : offset + limit]
    hits = _hits(conn, window, plan, vocab)
    next_offset = offset + limit if total > offset + limit else None
    full = bool(ranked) and ranked[0][2] == len(plan.concepts)
    suggestion = respell(query, vocab) if not total and offset == 0 else None
    return SearchPage(
        hits, "all" if full or not total else "any", next_offset, suggestion, plan.key, total,
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
