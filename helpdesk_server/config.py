"""Server settings: one dataclass so the CLI, the tests and `python -m` build servers alike."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs


def default_db_path() -> Path:
    """Where `helpdesk server` keeps its database when no --db is given."""
    return Path(platformdirs.user_data_dir("helpdesk-cli")) / "server.db"


TRUSTED_PROXIES_ENV = "HELPDESK_TRUSTED_PROXIES"


def _trusted_proxies_from_env() -> str:
    return os.environ.get(TRUSTED_PROXIES_ENV, "").strip()


SSE_MAX_SECONDS_ENV = "HELPDESK_SSE_MAX_SECONDS"


def sse_max_seconds_from(raw: str) -> float:
    """A stream lifetime cap: seconds >= 0, 0 (or empty) for none; ValueError otherwise."""
    try:
        value = float(raw.strip() or 0)
    except ValueError:
        value = -1.0
    if not 0 <= value < 10**7:  # also refuses nan and inf
        raise ValueError(f"{SSE_MAX_SECONDS_ENV} / --sse-max-seconds must be a number of "
                         f"seconds (0 for no limit), not {raw!r}")
    return value


def _sse_max_seconds_from_env() -> float:
    return sse_max_seconds_from(os.environ.get(SSE_MAX_SECONDS_ENV, ""))


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
    # Failed sign-ins in a row that lock an account, and for how long (FAQ "account-locked").
    sign_in_max_failures: int = 5
    sign_in_lock_seconds: int = 15 * 60
    # How often interrupted uploads and stale sign-in records are cleaned up while running.
    sweep_interval: int = 300
    seed_demo: bool = False
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated
    # addresses or networks, "*" for any). Empty: none, so a client cannot pick the address
    # the rate limit bills by sending the header itself.
    trusted_proxies: str = field(default_factory=_trusted_proxies_from_env)
    # Live chat and event streams (docs/api.md "Live chat, event streams and agent routes").
    sse_keepalive: float = 15.0  # seconds of quiet before a `: keep-alive` comment
    sse_retry_ms: int = 2000  # the `retry:` a stream asks its clients to wait before reconnecting
    # The longest a stream stays open (0: no limit); then it ends cleanly and the client
    # resumes with Last-Event-ID, as after any cut. For proxies and load balancers that cut
    # long responses anyway, or to spread streams over restarted server processes.
    sse_max_seconds: float = field(default_factory=_sse_max_seconds_from_env)
    event_poll: float = 0.5  # how often events written by other processes are looked for
    chat_wait: float = 120.0  # seconds in the queue before a ticket is offered
    agent_presence: float = 60.0  # an agent seen this recently counts as signed in
    agent_max_chats: int = 5  # chats one agent may hold at once
    simulated_agent: bool = False  # `helpdesk demo`: a background agent answers chats
    simulated_agent_delay: float = 3.0  # seconds before it claims a queued chat

    @property
    def files_dir(self) -> Path:
        """Attachment bytes live next to the database so one --db path moves everything."""
        return self.db_path.parent / f"{self.db_path.stem}-files"
