"""Property-based contract check: generated requests never cause a 5xx or off-schema reply.

Runs the Schemathesis CLI against a dedicated server (fuzzing changes data, and must not
trip the rate limit). The pytest plugin route is not used: Schemathesis' lazy fixture
loader does not work with pytest 9.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers import ALICE, ServerFactory, auth_headers, login_token

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance," \
         "response_schema_conformance"


@pytest.mark.slow
def test_api_conforms_to_its_schema(server_factory: ServerFactory, tmp_path: Path) -> None:
    server = server_factory(rate_limit_per_minute=1_000_000)
    access = login_token(server.url, ALICE)
    # A personal token, so the fuzzer's own logout or password attempts cannot lock it out.
    token = httpx.post(f"{server.url}/v1/tokens", json={"name": "fuzz"},
                       headers=auth_headers(access)).json()["token"]
    cli = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [str(cli), "run", f"{server.url}/openapi.json",
         "--header", f"Authorization: Bearer {token}",
         "--checks", CHECKS,
         "--max-examples", "10",
         "--phases", "examples,coverage,fuzzing",
         "--generation-deterministic",
         "--exclude-path", "/v1/auth/logout",
         "--exclude-method", "DELETE",
         "--max-time", "45",
         "--no-color",
         "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    report = "\n".join(line[:300] for line in (result.stdout + result.stderr).splitlines())
    assert result.returncode == 0, report[-8000:]
    assert " passed" in result.stdout
