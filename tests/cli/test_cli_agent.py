"""`helpdesk agent search-gaps`: the agents' report through the real CLI and server."""

from __future__ import annotations

from conftest import Run, err_json, ok_json
from helpers import AGENT, ALICE, login_token, unmatched_word


def test_search_gaps_lists_an_unanswered_search(run: Run, server_env: str) -> None:
    word = unmatched_word()
    assert ok_json(run("faq", "search", word, "qxv", "--json"))["data"] == []
    agent = {"HELPDESK_TOKEN": login_token(server_env, AGENT)}
    data = ok_json(run("agent", "search-gaps", "--days", "7", "--limit", "100", "--json",
                       env=agent))
    mine = [gap for gap in data["data"] if word in gap["query"]]
    assert len(mine) == 1 and mine[0]["no_results"] == 1
    table = run("agent", "search-gaps", "--limit", "100", env=agent)
    assert table.exit_code == 0 and word in table.stdout


def test_search_gaps_is_for_agents_only(run: Run, server_env: str) -> None:
    customer = {"HELPDESK_TOKEN": login_token(server_env, ALICE)}
    doc = err_json(run("agent", "search-gaps", "--json", env=customer), 3)
    assert doc["code"] == "forbidden" or "agent" in doc["message"].lower()
