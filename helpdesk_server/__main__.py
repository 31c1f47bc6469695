"""`python -m helpdesk_server`: run the reference server, or print its OpenAPI document."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from helpdesk_server.config import (
    SSE_MAX_SECONDS_ENV,
    TRUSTED_PROXIES_ENV,
    ServerSettings,
    default_db_path,
    sse_max_seconds_from,
)

# The flags' defaults come from ServerSettings, so they are stated once.
_DEFAULTS: dict[str, object] = {
    f.name: f.default for f in dataclasses.fields(ServerSettings)
    if f.default is not dataclasses.MISSING
}


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < 10**6:
        raise argparse.ArgumentTypeError(f"must be above 0: {value}")
    return value


def _max_seconds(text: str) -> float:
    try:
        return sse_max_seconds_from(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds >= 0: {text!r}") from None


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range 0..65535: {value}")
    return value


def _default(name: str) -> int:
    value = _DEFAULTS[name]
    assert isinstance(value, int)
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
    parser.add_argument("--workers", type=_positive, default=1,
                        help="server processes on one socket and one database, about one core "
                             "each (default 1)")
    rate, access_ttl = _default("rate_limit_per_minute"), _default("access_token_ttl")
    refresh_ttl, grace = _default("refresh_token_ttl"), _default("refresh_reuse_grace")
    max_upload = _default("max_upload_bytes")
    failures, lock = _default("sign_in_max_failures"), _default("sign_in_lock_seconds")
    sweep = _default("sweep_interval")
    parser.add_argument("--rate-limit", type=_positive, default=rate,
                        help=f"requests per minute per token / client (default {rate})")
    parser.add_argument("--access-token-ttl", type=_positive, default=access_ttl,
                        help=f"access token lifetime in seconds (default {access_ttl})")
    parser.add_argument("--refresh-token-ttl", type=_positive, default=refresh_ttl,
                        help="refresh token lifetime in seconds "
                             f"(default {refresh_ttl}, {refresh_ttl / 86400:g} days)")
    parser.add_argument("--refresh-grace", type=_positive, default=grace,
                        help="seconds a rotated refresh token may be presented again by a "
                             f"parallel client without revoking the session (default {grace})")
    parser.add_argument("--max-upload-bytes", type=_positive, default=max_upload,
                        help=f"attachment size limit (default {max_upload}, "
                             f"{max_upload / 2**20:g} MiB)")
    parser.add_argument("--sign-in-max-failures", type=_positive, default=failures,
                        help=f"failed sign-ins in a row that lock an account (default {failures})")
    parser.add_argument("--sign-in-lock", type=_positive, default=lock,
                        help=f"seconds an account stays locked (default {lock})")
    parser.add_argument("--sweep-interval", type=_positive, default=sweep,
                        help="seconds between clean-ups of interrupted uploads "
                             f"(default {sweep})")
    parser.add_argument("--trusted-proxies", default=None, metavar="ADDRS",
                        help="comma-separated proxy addresses/networks whose X-Forwarded-For "
                             f"is believed (default ${TRUSTED_PROXIES_ENV}, else none)")
    _live_options(parser)
    return parser


def _live_options(parser: argparse.ArgumentParser) -> None:
    """Live chat and event streams (docs/api.md); short values make tests fast."""
    d = _DEFAULTS
    parser.add_argument("--sse-keepalive", type=_seconds, default=d["sse_keepalive"],
                        help="seconds of quiet before an event stream sends a keep-alive "
                             f"comment (default {d['sse_keepalive']:g})")
    parser.add_argument("--sse-retry-ms", type=_positive, default=d["sse_retry_ms"],
                        help="reconnect delay event streams ask clients for, in ms "
                             f"(default {d['sse_retry_ms']})")
    parser.add_argument("--sse-max-seconds", type=_max_seconds, default=None,
                        help="seconds after which an event stream ends cleanly (clients resume "
                             f"with Last-Event-ID); 0 for no limit (default ${SSE_MAX_SECONDS_ENV}"
                             ", else 0)")
    parser.add_argument("--event-poll", type=_seconds, default=d["event_poll"],
                        help="seconds between looks for events written by other server "
                             f"processes (default {d['event_poll']:g})")
    parser.add_argument("--chat-wait", type=_seconds, default=d["chat_wait"],
                        help="seconds a queued chat waits before a ticket is offered "
                             f"(default {d['chat_wait']:g})")
    parser.add_argument("--agent-presence", type=_seconds, default=d["agent_presence"],
                        help="an agent seen within this many seconds counts as signed in "
                             f"(default {d['agent_presence']:g})")
    parser.add_argument("--agent-max-chats", type=_positive, default=d["agent_max_chats"],
                        help=f"chats one agent may hold at once (default {d['agent_max_chats']})")
    parser.add_argument("--simulated-agent", action="store_true",
                        help="run a simulated agent that answers handed-off chats (demo)")
    parser.add_argument("--simulated-agent-delay", type=_seconds,
                        default=d["simulated_agent_delay"],
                        help="seconds before the simulated agent claims a queued chat "
                             f"(default {d['simulated_agent_delay']:g})")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = ServerSettings(
        db_path=(args.db or default_db_path()).expanduser().resolve(),
        rate_limit_per_minute=args.rate_limit,
        access_token_ttl=args.access_token_ttl,
        refresh_token_ttl=args.refresh_token_ttl,
        max_upload_bytes=args.max_upload_bytes,
        refresh_reuse_grace=args.refresh_grace,
        sign_in_max_failures=args.sign_in_max_failures,
        sign_in_lock_seconds=args.sign_in_lock,
        sweep_interval=args.sweep_interval,
        seed_demo=args.seed,
        sse_keepalive=args.sse_keepalive,
        sse_retry_ms=args.sse_retry_ms,
        event_poll=args.event_poll,
        chat_wait=args.chat_wait,
        agent_presence=args.agent_presence,
        agent_max_chats=args.agent_max_chats,
        simulated_agent=args.simulated_agent,
        simulated_agent_delay=args.simulated_agent_delay,
    )
    if args.trusted_proxies is not None:
        settings.trusted_proxies = args.trusted_proxies
    if args.sse_max_seconds is not None:
        settings.sse_max_seconds = args.sse_max_seconds
    if args.command == "openapi":
        from helpdesk_server.app import create_app

        sys.stdout.write(json.dumps(create_app(settings).openapi(), indent=2, sort_keys=True))
        sys.stdout.write("\n")
        return 0
    from helpdesk_server.runner import serve
    from helpdesk_server.startup import StorageError

    try:
        serve(settings, host=args.host, port=args.port, workers=args.workers)
    except StorageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
