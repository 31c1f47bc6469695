"""Keyring backends for the CLI tests (never the developer's real keyring).

`MemoryKeyring` for in-process runs; `FileKeyring` for subprocesses (select it with
PYTHON_KEYRING_BACKEND=hd_test_keyring.FileKeyring, PYTHONPATH=tests/cli and
HD_TEST_KEYRING_FILE); `HangingKeyring` never answers, like a locked keyring waiting on an
unlock prompt.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")  # as the real backends do


class FileKeyring(KeyringBackend):
    """Secrets in the JSON file named by HD_TEST_KEYRING_FILE (shared across processes)."""

    priority = 1  # type: ignore[assignment]

    @property
    def path(self) -> Path:
        return Path(os.environ["HD_TEST_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}
        return data

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}|{username}"] = password
        self.path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}|{username}", None) is None:
            raise PasswordDeleteError("not found")  # as the real backends do
        self.path.write_text(json.dumps(data))


class HangingKeyring(KeyringBackend):
    """Blocks every call until `release` is set (a locked keyring behind a prompt)."""

    priority = 1  # type: ignore[assignment]
    release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait()

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait()


class FakePlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt.file.PlaintextKeyring, which the CLI must refuse."""


FakePlaintextKeyring.__module__ = "keyrings.alt.file"
FakePlaintextKeyring.__name__ = "PlaintextKeyring"
