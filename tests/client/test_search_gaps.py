"""``faq.search_gaps``: the agents' report of unanswered searches, through the typed client."""

from __future__ import annotations

import random
import string

import pytest
from helpers import AGENT

from api_client import errors, models

from .conftest import MakeClient


def test_search_gaps_is_typed_and_agent_only(make_client: MakeClient) -> None:
    # Letters only (the log masks numbers); matches nothing, and nobody else searched it.
    word = "zq" + "".join(random.choices(string.ascii_lowercase, k=10))
    assert make_client().faq.search(f"{word} qxv").data == []
    page = make_client(AGENT).faq.search_gaps(days=7, limit=100)
    assert all(isinstance(gap, models.SearchGap) for gap in page.data)
    mine = [gap for gap in page.data if word in gap.query]
    assert len(mine) == 1 and mine[0].no_results == 1 and mine[0].searches == 1
    assert len(mine[0].last_seen) == 10 and page.next_cursor is None
    with pytest.raises(errors.PermissionDeniedError):
        make_client("alice@example.com").faq.search_gaps()
    with pytest.raises(errors.AuthenticationError):
        make_client().faq.search_gaps()
