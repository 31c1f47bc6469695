"""Embedding (`start_in_thread`, used by `helpdesk demo`) and the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from helpdesk_server.config import ServerSettings
from helpdesk_server.runner import start_in_thread


def test_start_in_thread_serves_and_stops(tmp_path: Path) -> None:
    server = start_in_thread(ServerSettings(db_path=tmp_path / "t.db", seed_demo=True))
    try:
        assert server.port > 0 and server.url.endswith(f":{server.port}")
        assert httpx.get(f"{server.url}/v1/meta").status_code == 200
        login = httpx.post(f"{server.url}/v1/auth/token",
                           json={"email": "carol@example.com", "password": "helpdesk-demo"})
        assert login.status_code == 200
    finally:
        server.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{server.url}/v1/meta", timeout=2)
    assert (tmp_path / "t.db").exists() and (tmp_path / "t-files").is_dir()


@pytest.mark.parametrize("args", [["--port", "70000"], ["--rate-limit", "0"],
                                  ["--access-token-ttl", "soon"], ["bogus"]])
def test_bad_arguments_are_usage_errors(args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "helpdesk_server", *args],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage:" in result.stderr
