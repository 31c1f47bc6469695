"""The corpus vocabulary, cached per database, for prefix expansion and typo tolerance.

Words come from the ``articles_words_vocab`` fts5vocab table (unstemmed, diacritics folded)
with the number of articles containing each. Typo candidates are found with a deletion
index (every word and each of its one- and two-letter deletions point back at the word),
then verified with an optimal-string-alignment distance (transpositions count as one edit),
so a lookup costs some dict probes instead of a scan of the vocabulary.
"""

import bisect
import heapq
import itertools
import math
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

#: Words shorter than this never get typo candidates (too many false friends).
TYPO_MIN_LENGTH = 5
#: Words this long tolerate two edits (the best help centres' rule: 1 from 5, 2 from 9).
TWO_TYPOS_MIN_LENGTH = 9
#: The looser rule of "did you mean", used only when the query as typed finds nothing.
SUGGEST_MIN_LENGTH = 4
SUGGEST_TWO_TYPOS_MIN_LENGTH = 6
#: Longest word considered for typo correction; longer tokens are junk or pasted IDs.
TYPO_MAX_LENGTH = 32


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _deletions_upto(word: str, depth: int) -> set[str]:
    """``word`` and every string made from it by deleting up to ``depth`` letters."""
    keys = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {d for w in frontier for d in _deletions(w)}
        keys |= frontier
    return keys


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance (a swap of neighbours is one edit), capped.

    Returns ``limit + 1`` as soon as the distance is known to exceed ``limit``, so typo
    checks stay cheap on unrelated words.
    """
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(lb + 1))
    for i in range(1, la + 1):
        current = [i] + [0] * lb
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[lb], limit + 1)


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` by at most one insert, delete, substitute or swap."""
    return edit_distance(a, b, 1) <= 1


def allowed_edits(word: str, *, loose: bool = False) -> int:
    """How many typos a word of this length may carry (0: must be spelled right)."""
    if not word.isalpha() or len(word) > TYPO_MAX_LENGTH:
        return 0
    one, two = (SUGGEST_MIN_LENGTH, SUGGEST_TWO_TYPOS_MIN_LENGTH) if loose else (
        TYPO_MIN_LENGTH, TWO_TYPOS_MIN_LENGTH)
    return 2 if len(word) >= two else 1 if len(word) >= one else 0


def porter_stems(words: list[str]) -> dict[str, str]:
    """Each word's stem exactly as the search index's tokenizer makes it.

    SQLite's own porter tokenizer does the work (in a throwaway in-memory table), so the
    stems can never drift from the ones ``articles_fts`` stores.
    """
    mem = sqlite3.connect(":memory:")
    try:
        mem.execute(
            "CREATE VIRTUAL TABLE s USING fts5(w, tokenize='porter unicode61 remove_diacritics 2')"
        )
        mem.executemany("INSERT INTO s (rowid, w) VALUES (?, ?)", enumerate(words))
        mem.execute("CREATE VIRTUAL TABLE s_terms USING fts5vocab(s, instance)")
        stems = {words[int(doc)]: str(term) for doc, term in mem.execute(
            "SELECT doc, term FROM s_terms WHERE offset = 0")}
    finally:
        mem.close()
    return stems


_SERIALS = itertools.count(1)


@dataclass
class Vocabulary:
    """Words of one database state, with document frequencies and index stems."""

    doc_freq: dict[str, int]
    sorted_words: list[str]
    _deletion_index: dict[str, list[str]] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    articles: int = 1
    _by_stem: dict[str, list[str]] | None = None
    #: Tells this vocabulary apart from every other one of the process (unlike ``id``,
    #: never reused), for caches of things derived from it.
    serial: int = field(default_factory=lambda: next(_SERIALS), compare=False)

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "Vocabulary":
        rows = conn.execute("SELECT term, doc FROM articles_words_vocab").fetchall()
        doc_freq = {str(term): int(doc) for term, doc in rows}
        index: dict[str, list[str]] = {}
        for word in doc_freq:
            if SUGGEST_MIN_LENGTH - 2 <= len(word) <= TYPO_MAX_LENGTH + 2 and word.isalpha():
                for key in _deletions_upto(word, 2 if len(word) >= SUGGEST_MIN_LENGTH else 1):
                    index.setdefault(key, []).append(word)
        words = sorted(doc_freq)
        articles = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        return cls(doc_freq, words, index, porter_stems(words), max(1, articles))

    def surface_forms(self, stems: frozenset[str]) -> list[str]:
        """Every corpus word whose index stem is one of ``stems``."""
        if self._by_stem is None:
            by_stem: dict[str, list[str]] = {}
            for word, stem in self.stems.items():
                by_stem.setdefault(stem, []).append(word)
            self._by_stem = by_stem  # built once; a race only builds it twice
        return [w for s in stems for w in self._by_stem.get(s, [s])]

    def __contains__(self, word: object) -> bool:
        return word in self.doc_freq

    def stem(self, word: str) -> str:
        """The index term ``word`` matches (itself when it is not a corpus word)."""
        return self.stems.get(word, word)

    def completions(self, prefix: str, limit: int) -> list[str]:
        """The most common words that start with ``prefix`` (the prefix itself excluded)."""
        start = bisect.bisect_left(self.sorted_words, prefix)
        end = bisect.bisect_left(self.sorted_words, prefix + "\U0010ffff", lo=start)
        span = self.sorted_words[start:end]
        found = [w for w in span if w != prefix]
        return heapq.nlargest(limit, found, key=lambda w: (self.doc_freq[w], w))

    def corrections(self, word: str, limit: int, *, loose: bool = False) -> list[str]:
        """The most common words within the allowed typos of ``word``, closest first.

        The strict rule (used for every search) allows one edit from 5 letters and two from
        9; ``loose`` is the "did you mean" rule, tried only when a query finds nothing.
        """
        edits = allowed_edits(word, loose=loose)
        if edits == 0:
            return []
        candidates: set[str] = set()
        for key in _deletions_upto(word, edits):
            candidates.update(self._deletion_index.get(key, ()))
        scored = []
        for candidate in candidates:
            if candidate == word:
                continue
            distance = edit_distance(word, candidate, edits)
            if distance <= edits:
                scored.append((distance, -self.doc_freq[candidate], candidate))
        return [w for _, _, w in heapq.nsmallest(limit, scored)]

    def idf(self, word: str) -> float:
        """Inverse document frequency of a corpus word: rare words say more."""
        return math.log(1 + self.articles / (1 + self.doc_freq.get(word, 0)))


@dataclass(frozen=True)
class FaqState:
    """Which database (``instance``), which state of its searchable text (``generation``)
    and of its articles' vote counters (``votes``): what in-memory caches are keyed by."""

    instance: str
    generation: int
    votes: int


def read_state(conn: sqlite3.Connection) -> FaqState:
    instance, generation, votes = conn.execute(
        "SELECT instance, generation, votes FROM faq_state WHERE id = 1"
    ).fetchone()
    return FaqState(str(instance), int(generation), int(votes))


class VocabularyCache:
    """Vocabularies keyed by (database instance, generation); reloads when text changes."""

    def __init__(self, max_entries: int = 8) -> None:
        self._entries: OrderedDict[tuple[str, int], Vocabulary] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, conn: sqlite3.Connection, state: FaqState | None = None) -> Vocabulary:
        """The vocabulary of the database's current text (``state``: read just now)."""
        state = state or read_state(conn)
        key = (state.instance, state.generation)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        vocab = Vocabulary.load(conn)
        with self._lock:
            stale = [k for k in self._entries if k[0] == key[0]]
            for k in stale:
                del self._entries[k]
            self._entries[key] = vocab
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return vocab


VOCABULARIES = VocabularyCache()
