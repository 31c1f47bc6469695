"""The contract, checked by a peer tool: Schemathesis runs every check and every phase
(examples, coverage, fuzzing, stateful) against a live server, as a customer and as an agent.

Each run gets its own server (fuzzing changes data and must not trip the rate limit) and a
personal token, with the logout, refresh, password and token routes left out so the token
survives. Every other route is in, the live-chat ones too: chats, the agent's chat and
ticket routes, and the SSE streams, whose events Schemathesis checks against the `event:`
names and the `data:` schema of each stream. The server ends every stream after
`STREAM_SECONDS` (`--sse-max-seconds`, the ops knob for proxies that cut long responses),
so a stream is a short, complete response instead of holding each request open.
Examples per operation are bounded and the seed fixed, so a run is repeatable and both runs
fit in well under two minutes on two cores. The per-operation allowances (opaque cursors,
business-rule 422s, one Schemathesis false positive) are in schemathesis.toml beside this
file, each with its reason.

The CLI is used (not the pytest plugin, whose lazy fixture loader does not work with
pytest 9). `test_schemathesis_fails_on_a_contract_the_server_breaks` shows that a broken
contract does fail the run.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.helpers import AGENT, ALICE, LiveServer, ServerFactory, auth_headers, login_token

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = "20260101"
MAX_EXAMPLES = "10"
# Routes that would end or replace the run's own token.
TOKEN_ROUTES = "auth/|me/password|tokens"
EXCLUDED_PATHS = rf"^/v1/({TOKEN_ROUTES})"
# And the live-chat routes of the other role, so that each is fuzzed as the role that uses
# it: for a customer every agent route is a 403 (test_chat_authz checks each one); an agent
# has no chats or tickets of their own, so a customer's chat routes and ticket stream are a
# 403 (starting a chat), 404s and empty pages for them.
OTHER_ROLES_ROUTES = {ALICE: "agent/(chats|tickets|events)", AGENT: "chats|events"}
STREAM_SECONDS = "0.01"  # --sse-max-seconds: a stream replays what it has, then ends


@pytest.fixture
def contract_server(flagged_server: Callable[..., LiveServer]) -> LiveServer:
    """Its own seeded server (fuzzing changes data), with no practical rate limit."""
    return flagged_server("--sse-max-seconds", STREAM_SECONDS, rate_limit_per_minute=1_000_000)


def _personal_token(server: LiveServer, email: str) -> str:
    access = login_token(server.url, email)
    response = httpx.post(f"{server.url}/v1/tokens", json={"name": "schemathesis"},
                          headers=auth_headers(access))
    response.raise_for_status()
    return str(response.json()["token"])


def run_schemathesis(location: str, token: str, report_dir: Path, *extra: str,
                     excluded: str = EXCLUDED_PATHS
                     ) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `schemathesis run` with every check and phase; return the result and seconds."""
    cli = Path(sys.executable).with_name("schemathesis")
    started = time.monotonic()
    result = subprocess.run(
        [str(cli), "--config-file", str(CONFIG), "--no-color", "run", location,
         "--header", f"Authorization: Bearer {token}",
         "--checks", "all",
         "--phases", "examples,coverage,fuzzing,stateful",
         "--max-examples", MAX_EXAMPLES,
         "--seed", SEED,
         "--generation-database", "none",
         "--workers", "1",
         "--request-timeout", "10",  # a stream that does not end fails, not the whole run
         "--exclude-path-regex", excluded,
         "--report-dir", str(report_dir),
         *extra],
        capture_output=True, text=True, timeout=110, check=False,
    )
    return result, time.monotonic() - started


def _report(result: subprocess.CompletedProcess[str]) -> str:
    lines = (result.stdout + result.stderr).splitlines()
    return "\n".join(line[:400] for line in lines)[-12000:]


@pytest.mark.slow
@pytest.mark.parametrize("email", [ALICE, AGENT], ids=["customer", "agent"])
def test_api_conforms_to_its_contract(contract_server: LiveServer, tmp_path: Path,
                                      email: str) -> None:
    result, seconds = run_schemathesis(
        f"{contract_server.url}/openapi.json", _personal_token(contract_server, email), tmp_path,
        excluded=rf"^/v1/({TOKEN_ROUTES}|{OTHER_ROLES_ROUTES[email]})")
    cases = re.search(r"(\d+) generated", result.stdout)
    print(f"schemathesis as {email}: {seconds:.1f} s, {cases and cases[1]} cases")
    assert result.returncode == 0, _report(result)
    assert " passed" in result.stdout and "failure" not in result.stdout.split("SUMMARY")[-1]


@pytest.mark.slow
def test_schemathesis_fails_on_a_contract_the_server_breaks(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """The issue's first finding, planted again: a status filter typed as any string."""
    server = server_factory(rate_limit_per_minute=1_000_000)
    contract = httpx.get(f"{server.url}/openapi.json").json()
    for parameter in contract["paths"]["/v1/tickets"]["get"]["parameters"]:
        if parameter["name"] == "status":
            parameter["schema"]["items"] = {"type": "string"}
    broken = tmp_path / "broken-openapi.json"
    broken.write_text(json.dumps(contract), encoding="utf-8")
    result, _ = run_schemathesis(str(broken), _personal_token(server, ALICE), tmp_path,
                                 "--url", server.url, "--include-name", "GET /v1/tickets",
                                 "--phases", "coverage")
    assert result.returncode != 0, _report(result)
    assert "Schema-valid request rejected" in result.stdout, _report(result)
