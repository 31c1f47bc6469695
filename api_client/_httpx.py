"""Import httpx without its command-line front end.

httpx 0.28's ``__init__`` imports ``httpx._main`` (its CLI), which pulls in click, rich and
pygments whenever they are installed (they are: typer needs them). That costs tens of ms on
every ``helpdesk`` start and breaks our rule that api_client never imports rich (upstream:
encode/httpx PR #3547). Until upstream moves it, we pre-register a placeholder module whose
``main`` loads the real CLI only if someone calls it. Every api_client module gets httpx from
here.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


def _install_lazy_cli() -> None:
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    placeholder = types.ModuleType("httpx._main")

    def main(*args: Any, **kwargs: Any) -> Any:
        sys.modules.pop("httpx._main", None)
        real = importlib.import_module("httpx._main")
        return real.main(*args, **kwargs)

    placeholder.main = main  # type: ignore[attr-defined]
    sys.modules["httpx._main"] = placeholder


_install_lazy_cli()

import httpx  # noqa: E402 - must come after the placeholder is installed

__all__ = ["httpx"]
