"""The live parts of one server: notifier and event bus, agent presence, background tasks.

`create_app` builds one `Live`, keeps it in `app.state.live`, runs `Live.run` in its
lifespan, and the runner calls `Live.close` when shutdown begins so open event streams
end instead of keeping uvicorn waiting for them.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Annotated

import anyio
from anyio import to_thread
from fastapi import Depends, Request

from helpdesk_server.config import ServerSettings
from helpdesk_server.db import ConnectionPool
from helpdesk_server.events import EventBus, PeerNudge, newest_id
from helpdesk_server.notifier import InProcessNotifier

logger = logging.getLogger("helpdesk_server")

TYPING_EVERY = 2.0  # seconds: at most one stored typing event per sender and chat
PRESENCE_EVERY = 5.0  # seconds: at most one presence write per agent


class Throttle:
    """`ready(key)` is True at most once per `every` seconds per key (this process)."""

    def __init__(self, every: float) -> None:
        self.every = every
        self._last: dict[object, float] = {}
        self._lock = threading.Lock()

    def ready(self, key: object) -> bool:
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(key, -self.every) < self.every:
                return False
            if len(self._last) > 10_000:
                self._last = {k: t for k, t in self._last.items() if now - t < self.every}
            self._last[key] = now
            return True


class Live:
    def __init__(self, settings: ServerSettings, pool: ConnectionPool, *, leader: bool = True,
                 nudge: PeerNudge | None = None) -> None:
        self.settings = settings
        self.pool = pool
        self.leader = leader  # runs the background jobs (one worker of several)
        self.notifier = InProcessNotifier()
        self.bus = EventBus(self.notifier, nudge)
        self._nudged = asyncio.Event()
        self.typing = Throttle(TYPING_EVERY)
        self.presence = Throttle(PRESENCE_EVERY)

    async def run(self) -> None:
        """Background work until cancelled: the event watcher, queue offers, the demo agent."""
        from helpdesk_server.chat import housekeeping, simulated

        loop = asyncio.get_running_loop()
        self.notifier.bind(loop)
        conn = self.pool.acquire()
        try:
            self.bus.watched = newest_id(conn)
        finally:
            self.pool.release(conn)
        nudge = self.bus.nudge
        if nudge is not None:
            loop.add_reader(nudge.read_fd, self._on_nudge)
        try:
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(self._watch)
                if self.leader:  # one worker of several does the jobs that write on a clock
                    tasks.start_soon(self._every, housekeeping.interval(self.settings),
                                     housekeeping.run_once, "chat housekeeping")
                    if self.settings.simulated_agent:
                        agent = simulated.SimulatedAgent(self)
                        tasks.start_soon(self._every, simulated.STEP, agent.step,
                                         "simulated agent")
        finally:
            if nudge is not None:
                loop.remove_reader(nudge.read_fd)

    def _on_nudge(self) -> None:
        assert self.bus.nudge is not None
        self.bus.nudge.drain()
        self._nudged.set()

    async def _watch(self) -> None:
        """Wake streams for events written by other processes (cheap: one indexed query):
        at once when a sibling worker nudges, else every `event_poll` seconds (other
        servers on the same database)."""
        while True:
            with anyio.move_on_after(self.settings.event_poll):
                await self._nudged.wait()
            self._nudged.clear()
            conn = self.pool.acquire()
            try:
                self.bus.watch_once(conn)
            except Exception:
                logger.warning("event watcher: read failed; retrying", exc_info=True)
            finally:
                self.pool.release(conn)

    async def _every(self, seconds: float, job: object, name: str) -> None:
        assert callable(job)
        while True:
            await anyio.sleep(seconds)
            try:
                await to_thread.run_sync(job, self)
            except Exception:  # busy database, a bug in one pass: log and try again
                logger.warning("%s failed; retrying", name, exc_info=True)

    def close(self) -> None:
        """End open streams (shutdown has begun)."""
        self.notifier.close()


def get_live(request: Request) -> Live:
    live: Live = request.app.state.live
    return live


LiveServices = Annotated[Live, Depends(get_live)]
