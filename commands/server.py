"""`helpdesk server`: run the reference Self-Service API in the foreground."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commands.state import get_state
from helpdesk_cli.errors import HelpdeskError


def server(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8765,
    db: Annotated[Path | None, typer.Option(
        "--db", metavar="PATH", help="SQLite database (default: in the user data dir).",
        show_default=False)] = None,
    seed: Annotated[bool, typer.Option("--seed", help="Add the demo data (idempotent).")
                    ] = False,
    rate_limit: Annotated[int, typer.Option("--rate-limit", min=1,
                                            help="Requests per minute per token/client.")
                          ] = 600,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, max=64,
        help="Server processes on one socket and database, about a core each.")] = 1,
) -> None:
    """Run the reference Self-Service API server until Ctrl-C."""
    from helpdesk_server.config import ServerSettings, default_db_path
    from helpdesk_server.runner import serve
    from helpdesk_server.startup import StorageError

    state = get_state(ctx)
    if host not in ("127.0.0.1", "::1", "localhost"):
        state.out.warn(f"serving plain HTTP on {host}; put it behind TLS before real use")
    settings = ServerSettings(db_path=(db or default_db_path()).expanduser().resolve(),
                              rate_limit_per_minute=rate_limit, seed_demo=seed)
    state.out.note(f"Serving the Self-Service API on http://{host}:{port} "
                   f"(database {settings.db_path}). Ctrl-C stops it.")
    try:
        serve(settings, host=host, port=port, workers=workers)
    except StorageError as exc:  # unusable or too-new database: a sentence, not a traceback
        raise HelpdeskError(str(exc), hint="pass another --db PATH", code="storage") from exc
