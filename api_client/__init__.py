"""Typed client of the helpdesk Self-Service API (docs/client.md).

``Client`` (blocking, for the CLI) and ``AsyncClient`` (asyncio, for the TUI) share one core.
They are loaded on first use, so ``from api_client import models, errors`` stays cheap (no
httpx) for code that only needs the types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import errors, models

if TYPE_CHECKING:
    from ._async import AsyncClient
    from ._core import RequestLog
    from ._resources import UNSET, UnsetType
    from ._streams import AsyncStream, ConnectionState, Stream
    from ._sync import Client
    from ._transfer import local_filename

__all__ = [
    "UNSET", "AsyncClient", "AsyncStream", "Client", "ConnectionState", "RequestLog", "Stream",
    "UnsetType", "errors", "local_filename", "models",
]

_LAZY = {
    "Client": "._sync",
    "AsyncClient": "._async",
    "RequestLog": "._core",
    "UNSET": "._resources",
    "UnsetType": "._resources",
    "local_filename": "._transfer",
    "Stream": "._streams",
    "AsyncStream": "._streams",
    "ConnectionState": "._streams",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'api_client' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
