"""The synonym and phrase table of FAQ search: data the business edits, not code.

The table is a JSON file (``synonyms.json`` next to this module ships the demo store's
defaults; ``HELPDESK_FAQ_SYNONYMS`` names another one). It is read once when the server
starts, so a broken file stops the start with a message instead of silently searching
without synonyms. Phrases are reduced to folded word tuples, the form queries take after
tokenising, so matching is a tuple lookup.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from helpdesk_server.faq.text import words

ENV_VAR = "HELPDESK_FAQ_SYNONYMS"
DEFAULT_PATH = Path(__file__).with_name("synonyms.json")
#: Longest phrase (in words) looked for in a query; longer keys could never match cheaply.
MAX_PHRASE_WORDS = 5

Phrase = tuple[str, ...]


class SynonymFileError(ValueError):
    """The synonym file cannot be read or does not have the documented shape."""


@dataclass(frozen=True)
class Synonyms:
    """Query phrase -> the phrases it should also find."""

    table: dict[Phrase, tuple[Phrase, ...]] = field(default_factory=dict)
    source: str = "(none)"

    @property
    def longest(self) -> int:
        return max((len(k) for k in self.table), default=0)

    def expand(self, phrase: Phrase) -> tuple[Phrase, ...]:
        return self.table.get(phrase, ())

    @cached_property
    def phrase_words(self) -> frozenset[str]:
        """Every word of the phrases of two or more words."""
        return frozenset(w for key in self.table if len(key) > 1 for w in key)

    @cached_property
    def gaps(self) -> dict[Phrase, tuple[str, ...]]:
        """Each phrase of two or more words with one word blanked (``""``) -> the words
        that fill the blank: how a phrase typed with one misspelled word is recognised
        without correcting every word of every query."""
        gaps: dict[Phrase, list[str]] = {}
        for key in self.table:
            if len(key) > 1:
                for i, word in enumerate(key):
                    gaps.setdefault((*key[:i], "", *key[i + 1 :]), []).append(word)
        return {k: tuple(v) for k, v in gaps.items()}


def _phrase(text: object, where: str) -> Phrase:
    if not isinstance(text, str):
        raise SynonymFileError(f"{where}: expected a string, got {text!r}")
    phrase = tuple(words(text))
    if not phrase or len(phrase) > MAX_PHRASE_WORDS:
        raise SynonymFileError(f"{where}: {text!r} must have 1 to {MAX_PHRASE_WORDS} words")
    return phrase


def parse(data: object, source: str = "(data)") -> Synonyms:
    """Build the table from the decoded JSON document, validating its shape."""
    if not isinstance(data, dict):
        raise SynonymFileError(f"{source}: the top level must be a JSON object")
    table: dict[Phrase, list[Phrase]] = {}

    def add(key: Phrase, targets: list[Phrase]) -> None:
        known = table.setdefault(key, [])
        known += [t for t in targets if t != key and t not in known]

    expansions = data.get("expansions", {})
    if not isinstance(expansions, dict):
        raise SynonymFileError(f"{source}: 'expansions' must map phrases to lists")
    for key, targets in expansions.items():
        where = f"{source}: expansions[{key!r}]"
        if not isinstance(targets, list):
            raise SynonymFileError(f"{where}: expected a list of phrases")
        add(_phrase(key, where), [_phrase(t, where) for t in targets])
    groups = data.get("equivalents", [])
    if not isinstance(groups, list):
        raise SynonymFileError(f"{source}: 'equivalents' must be a list of lists")
    for number, group in enumerate(groups):
        where = f"{source}: equivalents[{number}]"
        if not isinstance(group, list) or len(group) < 2:
            raise SynonymFileError(f"{where}: expected a list of two or more phrases")
        phrases = [_phrase(p, where) for p in group]
        for phrase in phrases:
            add(phrase, phrases)
    return Synonyms({k: tuple(v) for k, v in table.items() if v}, source)


def load(path: Path | None = None) -> Synonyms:
    """Read the table from ``path``, else from $HELPDESK_FAQ_SYNONYMS, else the default."""
    if path is None:
        configured = os.environ.get(ENV_VAR, "").strip()
        path = Path(configured).expanduser() if configured else DEFAULT_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SynonymFileError(f"cannot read the FAQ synonym file {path}: {exc}") from exc
    except ValueError as exc:
        raise SynonymFileError(f"the FAQ synonym file {path} is not valid JSON: {exc}") from exc
    return parse(data, str(path))
