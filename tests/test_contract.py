"""The committed OpenAPI document is the contract: it must equal what the server serves.

Regenerate after changing the API:
    .venv/bin/python -m helpdesk_server openapi > docs/openapi.json
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.helpers import LiveServer

DOC = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"
REGENERATE = "python -m helpdesk_server openapi > docs/openapi.json"


def _committed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DOC.read_text(encoding="utf-8"))
    return data


def test_committed_openapi_equals_the_served_one(live_server: LiveServer) -> None:
    served = httpx.get(f"{live_server.url}/openapi.json").json()
    assert served == _committed(), f"docs/openapi.json is stale; run: {REGENERATE}"


def test_committed_openapi_is_the_generator_output_byte_for_byte() -> None:
    generated = subprocess.run(
        [sys.executable, "-m", "helpdesk_server", "openapi"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    assert generated == DOC.read_text(encoding="utf-8"), f"run: {REGENERATE}"


def test_contract_declares_conventions() -> None:
    doc = _committed()
    assert "Problem" in doc["components"]["schemas"]
    creates = [("/v1/tickets", "post"), ("/v1/tickets/{ticket_id}/messages", "post"),
               ("/v1/orders/{order_id}/returns", "post"), ("/v1/tokens", "post"),
               ("/v1/attachments", "post")]
    for path, method in creates:
        names = {p["name"] for p in doc["paths"][path][method].get("parameters", [])}
        assert "Idempotency-Key" in names, path
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert list(response["content"]) == ["application/problem+json"], (
                        path, method, status)
                elif "content" in response and status != "204":
                    assert response["content"], (path, method, status)
