"""Server settings: one dataclass so the CLI, the tests and `python -m` build servers alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs


def default_db_path() -> Path:
    """Where `helpdesk server` keeps its database when no --db is given."""
    return Path(platformdirs.user_data_dir("helpdesk-cli")) / "server.db"


@dataclass
class ServerSettings:
    """Knobs of one server instance; defaults match docs/api.md."""

    db_path: Path
    rate_limit_per_minute: int = 600
    access_token_ttl: int = 3600
    refresh_token_ttl: int = 30 * 86400
    max_upload_bytes: int = 10 * 1024 * 1024
    # A rotated refresh token presented again this soon is a parallel client, not a thief.
    refresh_reuse_grace: int = 30
    seed_demo: bool = False

    @property
    def files_dir(self) -> Path:
        """Attachment bytes live next to the database so one --db path moves everything."""
        return self.db_path.parent / f"{self.db_path.stem}-files"
