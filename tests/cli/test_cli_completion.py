"""`--install-completion` for bash and zsh, installed into a temporary HOME and exercised."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import HELPDESK, run_sub

BASH = shutil.which("bash")


def _env(home: Path) -> dict[str, str]:
    path = f"{HELPDESK.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "HOME": str(home), "PATH": path}


def _complete(protocol: str, env: dict[str, str], **extra: str) -> list[str]:
    """Ask `helpdesk` for completions the way the installed shell scripts do."""
    proc = subprocess.run([str(HELPDESK)], env={**env, "_HELPDESK_COMPLETE": protocol, **extra},
                          capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_bash_install_and_complete(tmp_path: Path) -> None:
    env = _env(tmp_path)
    # Run from a bash parent: --install-completion detects the shell it was started from
    # (`; true` keeps bash from exec'ing the command, which would hide it from detection).
    proc = subprocess.run([str(BASH), "-c", "helpdesk --install-completion; true"], env=env,
                          capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "bash completion installed" in proc.stdout
    script = tmp_path / ".bash_completions" / "helpdesk.sh"
    assert script.is_file()
    assert str(script) in (tmp_path / ".bashrc").read_text()

    def complete(*words: str) -> list[str]:
        line = " ".join(words)
        cmd = (f"source {script}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
               "_helpdesk_completion helpdesk; printf '%s\\n' \"${COMPREPLY[@]}\"")
        out = subprocess.run([str(BASH), "-c", cmd], env=env, capture_output=True, text=True,
                             check=False, timeout=60)
        assert out.returncode == 0, out.stderr
        return out.stdout.split()

    assert complete("helpdesk", "tic") == ["ticket"]
    assert "reopen" in complete("helpdesk", "ticket", "re")
    assert complete("helpdesk", "ticket", "list", "--status", "open,pe") == ["open,pending"]
    assert complete("helpdesk", "orders", "list", "--status", "d") == ["delivered"]


def test_zsh_install_and_complete(tmp_path: Path) -> None:
    env = _env(tmp_path)
    zsh = shutil.which("zsh")
    if zsh:
        proc = subprocess.run([zsh, "-f", "-c", "helpdesk --install-completion; true"],
                              env=env, capture_output=True, text=True, check=False, timeout=60)
    else:  # no zsh here: name the shell instead of detecting it (what users of zsh get)
        proc = subprocess.run([str(HELPDESK), "--install-completion", "zsh"],
                              env={**env, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
                              capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "zsh completion installed" in proc.stdout
    function = (tmp_path / ".zfunc" / "_helpdesk").read_text()
    assert function.startswith("#compdef helpdesk")
    assert "_HELPDESK_COMPLETE=complete_zsh" in function
    assert "fpath+=~/.zfunc" in (tmp_path / ".zshrc").read_text()

    subs = " ".join(_complete("complete_zsh", env, _TYPER_COMPLETE_ARGS="helpdesk ticket "))
    for name in ("create", "list", "reply", "reopen", "rate"):
        assert f'"{name}":' in subs  # zsh gets each name with its help text
    statuses = _complete("complete_zsh", env,
                         _TYPER_COMPLETE_ARGS="helpdesk ticket list --status so")
    assert any("solved" in s for s in statuses)


def test_show_completion_prints_script() -> None:
    proc = run_sub(["--show-completion", "bash"],
                   env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "_HELPDESK_COMPLETE=complete_bash" in proc.stdout
