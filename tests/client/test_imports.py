"""Import hygiene: api_client stays light and UI/server-free (checked in a fresh process)."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("textual", "typer", "rich", "click", "fastapi", "uvicorn", "pydantic",
             "helpdesk_server", "helpdesk_cli", "screens", "commands")


def _loaded_after(code: str) -> set[str]:
    probe = (
        f"{code}\nimport sys\n"
        "print('\\n'.join(m for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    return {name.split(".")[0] for name in out.split()}


def test_using_the_clients_imports_nothing_forbidden() -> None:
    loaded = _loaded_after(
        "import api_client\n"
        "from api_client import Client, AsyncClient, errors, models, UNSET\n"
        "Client('http://127.0.0.1:9').close()"
    )
    assert "httpx" in loaded  # the probe really loaded the client
    assert not loaded & set(FORBIDDEN), sorted(loaded & set(FORBIDDEN))


def test_models_and_errors_alone_do_not_load_httpx() -> None:
    loaded = _loaded_after("from api_client import errors, models")
    assert "api_client" in loaded
    assert "httpx" not in loaded
    assert not loaded & set(FORBIDDEN)
