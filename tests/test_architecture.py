"""The import-linter contracts hold, and each one really fails when the arrow is broken.

A contract that cannot fail proves nothing, so every broken arrow is planted in a copy of the
packages (never in the working tree) and `lint-imports` must reject it, naming the contract.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("commands", "screens", "helpdesk_cli", "api_client", "helpdesk_server")
LINT = str(Path(sys.executable).with_name("lint-imports"))


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([LINT, "--no-cache", "--config", str(root / "pyproject.toml")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the project's packages and its import-linter configuration."""
    for package in PACKAGES:
        shutil.copytree(REPO / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_real_tree_keeps_every_contract(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("helpdesk_cli/_probe.py", "import typer", "The core is UI-free"),
    ("helpdesk_cli/_probe.py", "def f():\n    import textual.app", "The core is UI-free"),
    ("helpdesk_cli/_probe.py", "import commands.main",
     "Front ends over the core, the core over the client"),
    ("api_client/_probe.py", "import rich.text", "The API client imports no UI library"),
    ("api_client/_probe.py", "import helpdesk_cli.session",
     "Front ends over the core, the core over the client"),
    ("screens/_probe.py", "import commands.main",
     "Front ends over the core, the core over the client"),
    ("commands/faq/_probe.py", "import helpdesk_server.app",
     "The client side shares no code with the reference server"),
])
def test_a_broken_arrow_fails_the_run(tree: Path, module: str, line: str,
                                      contract: str) -> None:
    (tree / module).write_text(line + "\n", encoding="utf-8")
    result = _lint(tree)
    assert result.returncode != 0, result.stdout
    assert f"{contract} BROKEN" in result.stdout, result.stdout


def test_the_core_loads_no_ui_library_when_used(tmp_path: Path) -> None:
    """Beyond the static graph: using the core in a fresh process loads no UI library."""
    probe = (
        "import sys\n"
        "from helpdesk_cli import auth, config, credentials, drafts, listing, submit, suggest\n"
        "from helpdesk_cli.session import Session\n"
        "Session(server='http://127.0.0.1:9').client(auth=False).close()\n"
        "print('\\n'.join(sys.modules))\n"
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, env=env).stdout
    loaded = {name.split(".")[0] for name in out.split()}
    assert "httpx" in loaded  # the probe really built a client
    assert not loaded & {"typer", "click", "textual", "rich", "commands", "screens"}, loaded
