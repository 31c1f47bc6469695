"""Run the server: blocking in the foreground, or in a background thread for embedding."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from helpdesk_server.app import create_app
from helpdesk_server.config import ServerSettings
from helpdesk_server.startup import prepare

_START_TIMEOUT_S = 30.0
# h11's default (16 KiB) refuses, as plain text, a legal FAQ query of 10,000 non-ASCII
# characters (up to 120 KB once percent-encoded); allow request heads up to 256 KiB.
_MAX_REQUEST_HEAD = 256 * 1024


def _uvicorn_config(app: ASGIApp, settings: ServerSettings, **options: Any) -> uvicorn.Config:
    """The uvicorn settings both runners share; forwarded headers only from trusted proxies.

    uvicorn's default trusts X-Forwarded-For from 127.0.0.1, so on loopback any client
    could choose the address the rate limit bills; here nobody is trusted unless configured.
    """
    trusted = settings.trusted_proxies.strip()
    return uvicorn.Config(
        app, server_header=False, h11_max_incomplete_event_size=_MAX_REQUEST_HEAD,
        proxy_headers=bool(trusted), forwarded_allow_ips=trusted or "127.0.0.1", **options,
    )


class _Server(uvicorn.Server):
    """Ends the app's event streams as soon as shutdown begins.

    uvicorn waits for open responses before it stops, and an event stream never finishes
    by itself: without this a stop would wait for every client to hang up.
    """

    def __init__(self, config: uvicorn.Config, on_exit: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_exit = on_exit

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self._on_exit()
        super().handle_exit(sig, frame)

    def begin_exit(self) -> None:
        """Stop without a signal (the server in a thread)."""
        self._on_exit()
        self.should_exit = True


def serve(settings: ServerSettings, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve until Ctrl-C / SIGTERM; uvicorn drains connections before returning.

    Raises `startup.StorageError` (before listening) when the database cannot be used.
    """
    prepare(settings)
    app = create_app(settings)
    config = _uvicorn_config(app, settings, host=host, port=port, log_level="info")
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the signal after shutdown
        _Server(config, app.state.live.close).run()


@dataclass
class RunningServer:
    """A server running in a daemon thread; `stop()` shuts it down and joins."""

    url: str
    port: int
    _server: _Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def stop(self, timeout: float = 10.0) -> None:
        self._server.begin_exit()
        self._thread.join(timeout)
        if self._thread.is_alive():  # a client holding a connection open: stop waiting
            self._server.force_exit = True
            self._thread.join(timeout)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio turns Nagle off only for sockets whose proto says TCP;
    # without it every request on a kept-alive connection waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def start_in_thread(
    settings: ServerSettings, host: str = "127.0.0.1", port: int = 0
) -> RunningServer:
    """Start a server in the background and return once it accepts connections.

    Binding the socket here (port 0 = any free port) makes the port known before uvicorn
    starts, with no window in which another process could take it. A database that cannot
    be used raises `startup.StorageError` here, in the caller's thread.
    """
    prepare(settings)
    sock = _bind(host, port)
    actual_port = int(sock.getsockname()[1])
    app = create_app(settings)
    config = _uvicorn_config(app, settings, log_level="warning", access_log=False)
    server = _Server(config, app.state.live.close)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="helpdesk-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + _START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive():
            sock.close()
            raise RuntimeError("the helpdesk server failed to start (see the log above)")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the helpdesk server did not start within 30 seconds")
        time.sleep(0.01)
    url_host = f"[{host}]" if ":" in host else host
    return RunningServer(f"http://{url_host}:{actual_port}", actual_port, server, thread)
