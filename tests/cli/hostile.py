"""A hostile server for the CLI tests: the real server behind a proxy that plants terminal
escapes in every string it sends back (JSON values and the X-Request-ID header).

Enum values, timestamps, tokens and cursors stay intact, so the client still accepts the
responses and the CLI gets as far as showing them.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

# OSC 52 (write the clipboard), clear screen, a C1 CSI, a bidi override, BEL.
PAYLOAD = "\x1b]52;c;SGVsbG8=\x07\x1b[2J\x9b31m\u202e\x07"
BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_KEEP_KEYS = {"status", "role", "priority", "method", "kind", "token_type", "content_type",
              "next_cursor", "access_token", "refresh_token", "token", "currency", "type"}
_TIME = re.compile(r"^\d{4}-\d\d-\d\d")


def _spoil(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _spoil(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_spoil(v, key) for v in value]
    if isinstance(value, str) and key not in _KEEP_KEYS and not _TIME.match(value):
        return value + PAYLOAD
    return value


@contextmanager
def hostile_proxy(upstream: str) -> Iterator[str]:
    """Serve a hostile copy of `upstream` on a loopback port; yields its URL."""
    client = httpx.Client(base_url=upstream, timeout=30)

    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in ("host", "content-length", "connection")}
            upstream_response = client.request(self.command, self.path, content=body,
                                               headers=headers)
            content = upstream_response.content
            if "json" in upstream_response.headers.get("content-type", ""):
                content = json.dumps(_spoil(upstream_response.json())).encode()
            self.send_response(upstream_response.status_code)
            for k, v in upstream_response.headers.items():
                if k.lower() not in ("content-length", "transfer-encoding", "connection",
                                     "x-request-id", "content-encoding"):
                    self.send_header(k, v)
            # Raw bytes: ESC, BEL and a C1 CSI (0x9b) in the header the CLI shows with -v.
            self.send_header("X-Request-ID", "req\x1b]52;c;SGVsbG8=\x07\x1b[2J\x9b31m")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PATCH = do_DELETE = _forward

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def send_header(self, keyword: str, value: str) -> None:
            # http.server encodes headers as latin-1, which keeps the 0x9b byte raw.
            self._headers_buffer.append(f"{keyword}: {value}\r\n".encode("latin-1"))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        client.close()
