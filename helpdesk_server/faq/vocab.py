"""The corpus vocabulary, cached per database, for prefix expansion and typo tolerance.

Words come from the ``articles_words_vocab`` fts5vocab table (unstemmed, diacritics folded)
with the number of articles containing each. Typo candidates are found with a deletion
index (every word and each of its one-letter deletions point back at the word), then
verified with an optimal-string-alignment distance of 1, so a lookup costs a handful of dict
probes instead of a scan of the vocabulary.
"""

import bisect
import heapq
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

#: Words shorter than this never get typo candidates (too many false friends).
TYPO_MIN_LENGTH = 5
#: Longest word considered for typo correction; longer tokens are junk or pasted IDs.
TYPO_MAX_LENGTH = 32


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` by at most one insert, delete, substitute or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


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


@dataclass
class Vocabulary:
    """Words of one database state, with document frequencies and index stems."""

    doc_freq: dict[str, int]
    sorted_words: list[str]
    _deletion_index: dict[str, list[str]] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "Vocabulary":
        rows = conn.execute("SELECT term, doc FROM articles_words_vocab").fetchall()
        doc_freq = {str(term): int(doc) for term, doc in rows}
        index: dict[str, list[str]] = {}
        for word in doc_freq:
            if TYPO_MIN_LENGTH - 1 <= len(word) <= TYPO_MAX_LENGTH + 1 and word.isalpha():
                for key in _deletions(word) | {word}:
                    index.setdefault(key, []).append(word)
        words = sorted(doc_freq)
        return cls(doc_freq, words, index, porter_stems(words))

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

    def corrections(self, word: str, limit: int) -> list[str]:
        """The most common words one edit away from ``word`` (which is not itself a word)."""
        if not (TYPO_MIN_LENGTH <= len(word) <= TYPO_MAX_LENGTH) or not word.isalpha():
            return []
        candidates: set[str] = set()
        for key in _deletions(word) | {word}:
            candidates.update(self._deletion_index.get(key, ()))
        good = [w for w in candidates if w != word and within_one_edit(word, w)]
        return heapq.nlargest(limit, good, key=lambda w: (self.doc_freq[w], w))


class VocabularyCache:
    """Vocabularies keyed by (database instance, generation); reloads when text changes."""

    def __init__(self, max_entries: int = 8) -> None:
        self._entries: OrderedDict[tuple[str, int], Vocabulary] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, conn: sqlite3.Connection) -> Vocabulary:
        instance, generation = conn.execute(
            "SELECT instance, generation FROM faq_state WHERE id = 1"
        ).fetchone()
        key = (str(instance), int(generation))
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
