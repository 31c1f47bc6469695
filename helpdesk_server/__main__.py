"""`python -m helpdesk_server`: run the reference server, or print its OpenAPI document."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from helpdesk_server.config import ServerSettings, default_db_path


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range 0..65535: {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m helpdesk_server",
        description="Reference Self-Service API server. `openapi` prints the OpenAPI JSON.",
    )
    parser.add_argument("command", nargs="?", choices=["serve", "openapi"], default="serve")
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8765, help="TCP port (default 8765)")
    parser.add_argument("--db", type=Path, default=None,
                        help=f"SQLite database (default {default_db_path()})")
    parser.add_argument("--seed", action="store_true", help="add the demo data (idempotent)")
    parser.add_argument("--rate-limit", type=_positive, default=600,
                        help="requests per minute per token / client (default 600)")
    parser.add_argument("--access-token-ttl", type=_positive, default=3600,
                        help="access token lifetime in seconds (default 3600)")
    parser.add_argument("--refresh-token-ttl", type=_positive, default=30 * 86400,
                        help="refresh token lifetime in seconds (default 30 days)")
    parser.add_argument("--refresh-grace", type=_positive, default=30,
                        help="seconds a rotated refresh token may be presented again by a "
                             "parallel client without revoking the session (default 30)")
    parser.add_argument("--max-upload-bytes", type=_positive, default=10 * 1024 * 1024,
                        help="attachment size limit (default 10 MiB)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = ServerSettings(
        db_path=(args.db or default_db_path()).expanduser().resolve(),
        rate_limit_per_minute=args.rate_limit,
        access_token_ttl=args.access_token_ttl,
        refresh_token_ttl=args.refresh_token_ttl,
        max_upload_bytes=args.max_upload_bytes,
        refresh_reuse_grace=args.refresh_grace,
        seed_demo=args.seed,
    )
    if args.command == "openapi":
        from helpdesk_server.app import create_app

        sys.stdout.write(json.dumps(create_app(settings).openapi(), indent=2, sort_keys=True))
        sys.stdout.write("\n")
        return 0
    from helpdesk_server.runner import serve
    from helpdesk_server.startup import StorageError

    try:
        serve(settings, host=args.host, port=args.port)
    except StorageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
