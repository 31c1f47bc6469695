"""Search relevance over HTTP: the customer-question test set, and the issue's examples."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.server.relevance_set import QUESTIONS, evaluate

#: Guard rails below the figures at the time of writing (97.6 % top-3, MRR 0.93; the
#: all-words-then-any-word BM25 search it replaced had 70.7 % and 0.67).
MIN_TOP3 = 0.90
MIN_MRR = 0.85


def _search(api: httpx.Client, q: str, **params: Any) -> dict[str, Any]:
    response = api.get("/v1/articles/search", params={"q": q, "limit": 10, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _slugs(api: httpx.Client, q: str) -> list[str]:
    return [hit["slug"] for hit in _search(api, q)["data"]]


def test_relevance_set_meets_the_threshold(api: httpx.Client) -> None:
    assert len(QUESTIONS) >= 60
    result = evaluate(lambda q: _slugs(api, q))
    assert result.top3 >= MIN_TOP3, (result.line(), result.misses)
    assert result.mrr >= MIN_MRR, (result.line(), result.misses)


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("when will my order arrive", {"track-your-order", "shipping-options"}),
        ("how long does delivery take", {"shipping-options"}),
        ("Refund not received, I returned my tent three weeks ago", {"refund-timing"}),
        ("I want my money back", {"return-policy", "start-a-return", "refund-timing"}),
        ("I think my account was hacked", {"report-suspicious-activity"}),
    ],
)
def test_questions_from_the_issue(api: httpx.Client, question: str, answers: set[str]) -> None:
    assert answers & set(_slugs(api, question)[:3])


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("how do i get my money back", {"return-policy", "start-a-return", "refund-timing"}),
        ("how do i get my mony back", {"return-policy", "start-a-return", "refund-timing"}),
        ("zipper broke", {"repair-service", "warranty", "damaged-or-defective-item"}),
        ("when will my package arrive?", {"track-your-order", "shipping-options",
                                          "shipping-delay"}),
    ],
)
def test_questions_of_the_new_user_trial_are_answered_first(
    api: httpx.Client, question: str, answers: set[str]
) -> None:
    # Each once ranked a wrong article first: "back" completed to "backorders", "mony" not
    # corrected, "broke" completed to "broken" of a website article, "package" only in
    # the title of the not-received article.
    slugs = _slugs(api, question)
    assert slugs[0] in answers, slugs[:3]
    assert "backorders-and-pre-orders" not in slugs[:3]


def test_refund_question_is_not_about_tent_care(api: httpx.Client) -> None:
    slugs = _slugs(api, "Refund not received, I returned my tent three weeks ago")
    assert slugs[0] != "tent-care"


def test_unmatched_words_do_not_empty_the_results(api: httpx.Client) -> None:
    # Not every word matches, yet the article matching the most (and the rarest) wins.
    assert _slugs(api, "klarna installments qwxzv zzyzx")[0] == "pay-in-4"


def test_two_letters_swapped_and_one_missing_gets_did_you_mean(api: httpx.Client) -> None:
    body = _search(api, "paswrod")
    assert body["did_you_mean"] == "password"
    assert {"reset-your-password", "change-your-password"} & {h["slug"] for h in body["data"]}


def test_long_words_tolerate_two_typos_without_a_suggestion(api: httpx.Client) -> None:
    body = _search(api, "athenticaiton")  # a deletion and a transposition, 13 letters
    assert body["did_you_mean"] is None
    assert "two-factor-authentication" in [h["slug"] for h in body["data"][:3]]


def test_short_words_get_one_typo_only(api: httpx.Client) -> None:
    # "refnud" (6 letters) is one swap from "refund": corrected silently.
    body = _search(api, "refnud")
    assert body["did_you_mean"] is None and body["data"]
    # Two edits in a 7-letter word are not applied silently, only suggested.
    assert _search(api, "pasowrd")["did_you_mean"] == "password"


def test_nothing_to_suggest_keeps_the_response_empty(api: httpx.Client) -> None:
    body = _search(api, "qwxzvbnm")
    assert body["data"] == [] and body["did_you_mean"] is None
    assert body["next_cursor"] is None


def test_response_stays_backwards_compatible(api: httpx.Client) -> None:
    body = _search(api, "password")
    assert {"data", "next_cursor"} <= set(body) <= {"data", "next_cursor", "search_id",
                                                    "did_you_mean"}
    assert body["did_you_mean"] is None and body["search_id"].startswith("sq_")
    hit = body["data"][0]
    assert set(hit) == {"id", "slug", "title", "category", "snippet", "score", "updated_at"}
    assert "<mark>" in hit["snippet"]
