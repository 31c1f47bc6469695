"""Run the server: blocking in the foreground, or in a background thread for embedding."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp

from helpdesk_server.app import create_app
from helpdesk_server.config import ServerSettings
from helpdesk_server.startup import prepare

logger = logging.getLogger("helpdesk_server")

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


def _settle_heap() -> None:
    """Keep the collector off what start-up built (modules, routes, schemas; ~80k objects).

    A full collection walks every tracked object: on a server's heap that measured ~40 ms,
    a pause in the latency of whichever requests it hit. Frozen objects are skipped by
    every later collection. Only for a process that is just a server (not one that hosts
    a server in a thread: tests, the demo), whose start-up objects live to the end anyway.
    """
    gc.collect()
    gc.freeze()


def serve(settings: ServerSettings, host: str = "127.0.0.1", port: int = 8765,
          workers: int = 1) -> None:
    """Serve until Ctrl-C / SIGTERM; uvicorn drains connections before returning.

    `workers` > 1 runs that many processes on one listening socket and one database (see
    `_Supervisor`). Raises `startup.StorageError` (before listening) when the database
    cannot be used.
    """
    prepare(settings)
    if workers > 1:
        _Supervisor(settings, _bind(host, port), workers).run()
        return
    _serve_app(create_app(settings), settings, host=host, port=port)


def _serve_app(app: FastAPI, settings: ServerSettings, sockets: list[socket.socket] | None = None,
               **options: Any) -> None:
    """Run one server process in the foreground until it is stopped."""
    config = _uvicorn_config(app, settings, log_level="info", **options)
    _settle_heap()
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the signal after shutdown
        _Server(config, app.state.live.close).run(sockets=sockets)


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _die_with_parent() -> None:
    """Linux: the kernel sends this worker SIGTERM when the supervisor dies (even SIGKILL),
    so no worker keeps serving the socket unsupervised. Elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


class _Supervisor:
    """Pre-forked worker processes sharing one socket, one database and one `SharedState`.

    One Python process serves about one core; more workers use more. The database stays
    the record: a worker's commit wakes its own streams at once and nudges its siblings'
    event watchers through a pipe each (`events.PeerNudge`), so a message posted to one
    worker reaches a stream held by another without polling. The rate limit and the
    sign-in lock live in shared memory made here, before the fork, so N workers do not
    grant N budgets. Worker 0 alone runs the background jobs (housekeeping, the sweeper,
    the demo agent). A worker that dies is started again, after a growing pause when
    workers keep dying; SIGINT/SIGTERM are passed on to every worker, which drain and stop.
    """

    MAX_PAUSE = 10.0  # seconds between restarts of a worker that keeps dying

    def __init__(self, settings: ServerSettings, sock: socket.socket, workers: int) -> None:
        from helpdesk_server.events import PeerNudge
        from helpdesk_server.shared import SharedState

        self.settings = settings
        self.sock = sock
        self.sock.listen(2048)
        self.shared = SharedState.create()
        self.nudges = PeerNudge.pipes(workers)
        self.pids: dict[int, int] = {}  # pid -> worker index
        self.stop_signal: int | None = None
        self.deaths: list[float] = []

    def run(self) -> None:
        old = {sig: signal.signal(sig, self._stop) for sig in _STOP_SIGNALS}
        try:
            for index in range(len(self.nudges)):
                self._spawn(index)
            host, port = self.sock.getsockname()[:2]
            host = f"[{host}]" if ":" in host else host
            sys.stderr.write(f"INFO:     Serving on http://{host}:{port} with {len(self.nudges)} "
                             "worker processes (Press CTRL+C to quit)\n")
            while self.pids:
                try:
                    pid, status = os.wait()
                except ChildProcessError:
                    break
                index = self.pids.pop(pid, -1)
                if index < 0 or self.stop_signal is not None:
                    continue
                pause = self._pause()
                logger.error("worker %d (pid %d) exited (status %d); starting it again in "
                             "%.1f s", index, pid, status, pause)
                time.sleep(pause)
                if self.stop_signal is None:
                    self._spawn(index)
        finally:
            self._stop(signal.SIGTERM if self.stop_signal is None else self.stop_signal, None)
            for pid in list(self.pids):  # a failure above: still stop and reap every worker
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
            for sig, handler in old.items():
                signal.signal(sig, handler)
            self.sock.close()

    def _pause(self) -> float:
        """0 for a worker that died once; doubling up to MAX_PAUSE while deaths keep coming."""
        now = time.monotonic()
        self.deaths = [t for t in self.deaths if now - t < 60] + [now]
        return min(self.MAX_PAUSE, 0.0 if len(self.deaths) <= 1 else 0.25 * 2 ** len(self.deaths))

    def _spawn(self, index: int) -> None:
        # Stop signals wait until the new pid is registered (so a stop reaches it) and, in
        # the child, until the supervisor's handlers are gone.
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            pid = os.fork()
        except BaseException:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
            raise
        if pid:
            self.pids[pid] = index
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
            return
        code = 1
        try:  # the child: never returns into the supervisor's code
            for sig in _STOP_SIGNALS:
                signal.signal(sig, signal.SIG_DFL)  # uvicorn installs its own
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
            _die_with_parent()
            app = create_app(self.settings, shared=self.shared, leader=index == 0,
                             nudge=self.nudges[index])
            _serve_app(app, self.settings, sockets=[self.sock])
            code = 0
        except BaseException:
            logger.exception("worker %d failed", index)
        finally:
            os._exit(code)

    def _stop(self, sig: int, frame: FrameType | None) -> None:
        """Pass the stop on to every worker (the same signal: a second Ctrl-C still forces
        uvicorn's exit); each drains its connections like a lone server."""
        self.stop_signal = sig
        for pid in list(self.pids):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)


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
