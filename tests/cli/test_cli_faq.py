"""faq search/show/vote/categories, human and --json, against the real server."""

from __future__ import annotations

import pytest
from conftest import Run, err_json, ok_json


def test_search_json_without_login(run: Run, server_env: str) -> None:
    data = ok_json(run("faq", "search", "password", "--json"))
    assert data["data"], "the seeded FAQ has password articles"
    hit = data["data"][0]
    assert {"id", "slug", "title", "snippet", "score", "category"} <= set(hit)
    assert "<mark>" in "".join(h["snippet"] for h in data["data"])
    scores = [h["score"] for h in data["data"]]
    assert scores == sorted(scores, reverse=True)


def test_search_human_piped_is_tab_separated(run: Run, server_env: str) -> None:
    result = run("faq", "search", "reset", "password", "--limit", "3")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert 1 <= len(lines) <= 3
    assert all(len(line.split("\t")) == 4 for line in lines)
    assert "<mark>" not in result.stdout


def test_search_no_results_is_empty_and_ok(run: Run, server_env: str) -> None:
    data = ok_json(run("faq", "search", "zzqxjvkw", "--json"))
    assert data["data"] == [] and data["next_cursor"] is None
    assert data["did_you_mean"] is None and data["search_id"]


def test_search_respelling_is_said_and_in_json(run: Run, server_env: str) -> None:
    data = ok_json(run("faq", "search", "paswrod", "--json"))
    assert data["did_you_mean"] == "password" and data["data"]
    result = run("faq", "search", "paswrod")
    assert "showing results for 'password'" in result.stderr
    result = run("faq", "search", "zzqxjvkw")
    assert (result.exit_code, result.stdout) == (0, "")


def test_show_by_id_and_slug(run: Run, server_env: str) -> None:
    by_id = ok_json(run("faq", "show", "KB101", "--json"))
    by_slug = ok_json(run("faq", "show", by_id["slug"], "--json"))
    assert by_id == by_slug
    human = run("faq", "show", "KB101")
    assert human.exit_code == 0
    assert by_id["title"] in human.stdout
    # Piped: the Markdown source, every character kept (rendering is for terminals).
    assert by_id["body"].strip() in human.stdout


def test_show_unknown_is_exit_4(run: Run, server_env: str) -> None:
    doc = err_json(run("faq", "show", "no-such-article", "--json"), 4)
    assert doc["status"] == 404 and doc["request_id"]
    result = run("faq", "show", "no-such-article")
    assert result.exit_code == 4 and result.stderr.startswith("error: ")


def test_categories(run: Run, server_env: str) -> None:
    data = ok_json(run("faq", "categories", "--json"))
    assert data["data"] and {"slug", "name", "article_count"} <= set(data["data"][0])
    human = run("faq", "categories")
    assert human.stdout.splitlines()[0].split("\t")[0] == data["data"][0]["slug"]


def test_vote_needs_login_then_counts(run: Run, server_env: str, alice: str) -> None:
    first = ok_json(run("faq", "vote", "KB102", "--helpful", "--json"))
    assert first["helpful"] is True
    second = ok_json(run("faq", "vote", "KB102", "--not-helpful", "--json"))
    assert second["helpful"] is False
    assert second["helpful_count"] == first["helpful_count"] - 1
    human = run("faq", "vote", "KB102", "--helpful")
    assert human.exit_code == 0 and "Thanks" in human.stderr


def test_vote_without_login_is_exit_3(run: Run, server_env: str) -> None:
    err_json(run("faq", "vote", "KB102", "--helpful", "--json"), 3)


@pytest.mark.parametrize("args", [["faq", "search", "--limit", "0", "x"],
                                  ["faq", "vote", "KB101"]])
def test_faq_usage_errors(run: Run, server_env: str, args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_unreachable_is_exit_6(run: Run, dead_url: str) -> None:
    doc = err_json(run("--server", dead_url, "faq", "search", "x", "--json"), 6)
    assert doc["code"] == "unreachable"
