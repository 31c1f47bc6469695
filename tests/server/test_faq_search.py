"""The FAQ search engine as plain functions on a real (temporary) SQLite database."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpdesk_server.db import connect, migrate
from helpdesk_server.faq import synonyms
from helpdesk_server.faq.search import MAX_RESULTS, plan_query, search
from helpdesk_server.faq.seed import seed_articles
from helpdesk_server.faq.vocab import VOCABULARIES, porter_stems, within_one_edit

HOSTILE_QUERIES = [
    '"',
    '""""',
    "(",
    ")))",
    "password)",
    '"password',
    "AND",
    "OR OR OR",
    "NOT password",
    "password NOT",
    "NEAR(password reset, 2)",
    "NEAR/3",
    "*",
    "pass*",
    "^password",
    "title:password",
    "{title body}: refund",
    "col:",
    "-refund",
    "+refund",
    "refund -- ; DROP TABLE articles; --",
    "' OR 1=1 --",
    "\\",
    "%",
    "_",
    "\x00password",
    "pass\x00word",
    "\x01\x02\x03\x1b[31m",
    "\u202eevil",
    "🙂",
    "🔥 refund 🔥",
    "👨‍👩‍👧‍👦 password",
    "ｐａｓｓｗｏｒｄ",
    "Pässwörd",
    "пароль",
    "密码",
    "a" * 10_000,
    "refund " * 1_400,
    "x" * 65,
    " ".join(f"w{i}" for i in range(2_000)),
    "\n\t\r ",
    "<mark>password</mark>",
    "<script>alert(1)</script>",
]


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """The real help centre in a fresh database (read-only for the tests of this module)."""
    db = connect(tmp_path_factory.mktemp("faq") / "faq.db")
    migrate(db)
    seed_articles(db)
    yield db
    db.close()


def _add_article(
    db: sqlite3.Connection, article_id: int, title: str, body: str, tags: str = ""
) -> None:
    db.execute(
        "INSERT INTO articles (id, slug, title, category_id, body, body_text, tags,"
        " created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)",
        (article_id, f"a-{article_id}", title, body, body, tags,
         "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
    )


@pytest.fixture
def small(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A database with one category and hand-written articles, for exact ranking checks."""
    db = connect(tmp_path / "small.db")
    migrate(db)
    db.execute(
        "INSERT INTO categories (id, slug, name, description) VALUES (1, 'c', 'C', 'd')"
    )
    yield db
    db.close()


def _titles(db: sqlite3.Connection, query: str, **kw: object) -> list[str]:
    return [h.title for h in search(db, query, **kw).hits]  # type: ignore[arg-type]


def test_title_match_ranks_above_body_matches(small: sqlite3.Connection) -> None:
    _add_article(small, 1, "Caring for your gear",
                 "Lanterns, lanterns and more lanterns: lantern care in depth. " * 3)
    _add_article(small, 2, "Lantern batteries", "How long the cells last on a trip.")
    _add_article(small, 3, "Stoves", "Nothing about lights here at all.")
    titles = _titles(small, "lantern")
    assert titles == ["Lantern batteries", "Caring for your gear"]


def test_tag_match_ranks_above_body_match(small: sqlite3.Connection) -> None:
    _add_article(small, 1, "Alpha", "A quick note about canisters and canister stoves.")
    _add_article(small, 2, "Beta", "Nothing relevant in this body.", tags="canister,fuel")
    assert _titles(small, "canister") == ["Beta", "Alpha"]


def test_real_content_puts_title_matches_first(conn: sqlite3.Connection) -> None:
    hits = search(conn, "password").hits
    assert len(hits) >= 3
    assert "password" in hits[0].title.lower()
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("query", "expected_slug"),
    [
        ("refunds", "refund-timing"),  # stemming: refunds -> refund
        ("refunded", "refund-timing"),
        ("exchanging sizes", "exchange-an-item"),
        ("passw", "reset-your-password"),  # prefix of the word being typed
        ("pasword reset", "reset-your-password"),  # one deletion
        ("refnd", "refund-timing"),  # one deletion
        ("retrun policy", "return-policy"),  # one transposition
        ("passwprd", "change-your-password"),  # one substitution
        ("how do i reset my password", "reset-your-password"),  # stopwords ignored
        ("Pässword RESET", "reset-your-password"),  # case and diacritics folded
        ("two factor", "two-factor-authentication"),
        ("klarna", "pay-in-4"),
    ],
)
def test_finds_expected_article_in_top_three(
    conn: sqlite3.Connection, query: str, expected_slug: str
) -> None:
    slugs = [h.slug for h in search(conn, query).hits[:3]]
    assert expected_slug in slugs, (query, slugs)


def test_prefix_applies_to_unknown_words_anywhere(conn: sqlite3.Connection) -> None:
    # "passw" is not a word, so it is completed even though it is not the last token.
    assert any("password" in t.lower() for t in _titles(conn, "passw reset"))


def test_completions_keep_one_word_per_stem(small: sqlite3.Connection) -> None:
    _add_article(small, 1, "Returns", "Returned, returning, returns and the return policy.")
    _add_article(small, 2, "Retired gear", "Retired products can still be repaired.")
    plan = plan_query("ret", VOCABULARIES.get(small))
    assert plan is not None
    phrases = re.findall(r'"([^"]+)"', plan.all_expr)
    stems = porter_stems(phrases)
    assert len(set(stems.values())) == len(phrases)  # no stem queried twice
    assert {"return", "retir"} <= set(stems.values())  # yet every distinct word is still there
    assert _titles(small, "ret") == ["Returns", "Retired gear"]
    assert porter_stems(["returned", "returning", "refunds", "xyz"]) == {
        "returned": "return", "returning": "return", "refunds": "refund", "xyz": "xyz"}


def test_short_words_are_not_typo_corrected(small: sqlite3.Connection) -> None:
    _add_article(small, 1, "Tent pegs", "Pegs for every tent.")
    assert _titles(small, "tent") == ["Tent pegs"]
    assert _titles(small, "tnet ") == []  # 4 letters, finished word: no correction, no prefix
    assert _titles(small, "tentt ") == ["Tent pegs"]  # 5 letters: one deletion from "tent"


def test_four_letter_typo_is_corrected_among_other_words_only(
    small: sqlite3.Connection,
) -> None:
    _add_article(small, 1, "Returns and exchanges", "Swap sizes in store.")
    _add_article(small, 2, "Returns and money", "Paid in five days.")
    # "mony" is one insertion from "money": among other words, they decide between its
    # neighbours; without the correction the two articles tie and id 1 comes first.
    assert _titles(small, "mony returns") == ["Returns and money", "Returns and exchanges"]
    assert _titles(small, "mony ") == []  # alone it is only suggested ("did you mean")
    assert search(small, "mony ").did_you_mean == "money"


def test_a_whole_short_word_outranks_completions_of_it(small: sqlite3.Connection) -> None:
    _add_article(small, 1, "Backpacks", "Pick a size that fits.")
    _add_article(small, 2, "Carrying loads", "The straps rest on your back.")
    # "back" may be the start of "backpacks" being typed, so they are still found, but the
    # word itself, even in a body, says more than a completion of it in a title.
    assert _titles(small, "back") == ["Carrying loads", "Backpacks"]
    # A prefix that is no word is completed at full weight.
    assert _titles(small, "backp")[0] == "Backpacks"


def _alternatives(query: str, vocab_of: sqlite3.Connection, table: synonyms.Synonyms
                  ) -> list[set[tuple[str, ...]]]:
    plan = plan_query(query, VOCABULARIES.get(vocab_of), table)
    assert plan is not None
    return [{t.words for t in c.terms} for c in plan.concepts]


def test_overlapping_phrases_are_one_concept_and_nested_ones_the_longest(
    small: sqlite3.Connection,
) -> None:
    _add_article(small, 1, "Refunds", "Get your money back; tracking the refund.")
    table = synonyms.parse({"expansions": {
        "get my money": ["refund"], "money back": ["refund"],
        "where is my": ["tracking"], "where is my refund": ["refund timing"]}})
    # Not "get my money" and a leftover "back" (completed to "backorders" at the end).
    assert _alternatives("how do I get my money back", small, table) == [
        {("money", "back"), ("refund",)}]
    assert _alternatives("where is my refund", small, table) == [
        {("refund",), ("refund", "timing")}]  # no "tracking" from the phrase inside


def test_a_phrase_is_recognised_with_one_misspelled_word(small: sqlite3.Connection) -> None:
    _add_article(small, 1, "Refunds", "Get your money back.")
    table = synonyms.parse({"expansions": {"money back": ["refund"]}})
    plan = plan_query("get my mony back", VOCABULARIES.get(small), table)
    assert plan is not None and [c.key for c in plan.concepts] == ["back monei"]
    assert _alternatives("my mony back", small, table) == [{("money", "back"), ("refund",)}]
    # A corpus word is not respelled into a phrase ("many back" is no "money back").
    _add_article(small, 2, "Many", "Many things.")
    assert ("refund",) not in set().union(*_alternatives("many back", small, table))


def test_corrections_bring_their_synonyms(small: sqlite3.Connection) -> None:
    _add_article(small, 1, "Broken lantern", "The glass is broken.")
    _add_article(small, 2, "Damaged parcels", "Report damaged parcels within a week.")
    table = synonyms.parse({"expansions": {"broken": ["damaged"]}})
    assert ("damaged",) in _alternatives("brokne", small, table)[0]
    assert ("damaged",) not in _alternatives("lantern", small, table)[0]


def test_typo_needs_five_letters_but_prefers_real_words(small: sqlite3.Connection) -> None:
    _add_article(small, 1, "Refund timing", "Money back.")
    _add_article(small, 2, "Refill stoves", "Fuel.")
    assert _titles(small, "refnd ") == ["Refund timing"]
    assert _titles(small, "rfill ") == ["Refill stoves"]


def test_snippet_marks_matches_and_nothing_else(conn: sqlite3.Connection) -> None:
    hits = search(conn, "refund paypal").hits
    assert hits
    for hit in hits:
        assert "<mark>" in hit.snippet
        assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>")
        without_marks = re.sub(r"</?mark>", "", hit.snippet)
        assert not re.search(r"</?[a-zA-Z]", without_marks)
        assert "**" not in without_marks and "##" not in without_marks  # no Markdown
    marked = re.findall(r"<mark>(.*?)</mark>", hits[0].snippet)
    assert {m.lower() for m in marked} <= {"refund", "refunds", "refunded", "paypal"}


def test_literal_mark_tags_in_content_are_stripped(small: sqlite3.Connection) -> None:
    _add_article(small, 1, "Tricky", "Use <mark>fake</mark> highlight near the lantern.")
    snippet = search(small, "lantern").hits[0].snippet
    assert snippet.count("<mark>") == 1 and "<mark>lantern</mark>" in snippet


def test_snippet_marker_characters_cannot_enter_the_index(small: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        _add_article(small, 1, "Tricky", "A \x02fake\x03 marker near the lantern.")


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(conn: sqlite3.Connection, query: str) -> None:
    page = search(conn, query)
    assert isinstance(page.hits, list)
    plan = plan_query(query, VOCABULARIES.get(conn))
    if plan is not None:  # the expression holds only quoted word alternatives
        assert re.fullmatch(r'[() ]*("[^"]+"[() ]*( (AND|OR) [() ]*"[^"]+"[() ]*)*)', plan.all_expr)


def test_queries_without_words_return_nothing(conn: sqlite3.Connection) -> None:
    for query in ["", "   ", "🙂", "*()", '"']:
        page = search(conn, query)
        assert page.hits == [] and page.next_offset is None


def test_falls_back_to_any_word_when_all_words_find_nothing(conn: sqlite3.Connection) -> None:
    page = search(conn, "klarna xylophonezzz")
    assert page.mode == "any"
    assert page.hits and page.hits[0].slug == "pay-in-4"
    assert search(conn, "klarna installments").mode == "all"


def test_category_filter(conn: sqlite3.Connection) -> None:
    everywhere = search(conn, "refund", limit=100).hits
    category_id = conn.execute(
        "SELECT id FROM categories WHERE slug = 'payments-billing'"
    ).fetchone()[0]
    filtered = search(conn, "refund", category_id=category_id, limit=100).hits
    assert filtered
    assert {h.category_slug for h in filtered} == {"payments-billing"}
    assert len(filtered) < len(everywhere)
    assert [h.id for h in filtered] == [h.id for h in everywhere if h.category_slug ==
                                         "payments-billing"]


def test_offset_pages_are_disjoint_and_ordered(conn: sqlite3.Connection) -> None:
    full = search(conn, "order", limit=100).hits
    assert len(full) > 6
    seen: list[int] = []
    offset: int | None = 0
    mode = None
    while offset is not None:
        page = search(conn, "order", limit=4, offset=offset, mode=mode)
        seen += [h.id for h in page.hits]
        offset, mode = page.next_offset, page.mode
    assert seen == [h.id for h in full]


def test_results_are_capped(small: sqlite3.Connection) -> None:
    for i in range(1, MAX_RESULTS + 6):
        _add_article(small, i, f"Lantern {i}", "A lantern.")
    assert len(search(small, "lantern", limit=100, offset=MAX_RESULTS - 50).hits) == 50
    assert search(small, "lantern", limit=100, offset=MAX_RESULTS - 50).next_offset is None


def test_vocabulary_follows_changes(small: sqlite3.Connection) -> None:
    _add_article(small, 1, "Stoves", "Burners.")
    assert _titles(small, "lanterm ") == []
    _add_article(small, 2, "Lanterns", "A lantern.")
    assert _titles(small, "lanterm ") == ["Lanterns"]  # typo of a word added just now
    small.execute("UPDATE articles SET title = 'Candles', body_text = 'wax' WHERE id = 2")
    assert _titles(small, "lantern") == []


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("refund", "refund", True),
        ("refnd", "refund", True),
        ("refunds", "refund", True),
        ("refumd", "refund", True),
        ("rfeund", "refund", True),
        ("rfenud", "refund", False),
        ("refundss", "refund", False),
        ("abc", "bca", False),
        ("", "a", True),
    ],
)
def test_within_one_edit(a: str, b: str, expected: bool) -> None:
    assert within_one_edit(a, b) is expected
    assert within_one_edit(b, a) is expected
