"""Fan-out: wake the event streams that may have something new to read.

The database is the record; a notifier carries no payload, it only says "look again".
So a lost or duplicated wake costs at most one extra read, and another implementation
(Redis pub/sub, for several server processes on one database) can replace this one behind
the same calls: `publish(*topics)` from any thread, and `subscribe(topics)` giving an
object whose `wait()` returns when one of its topics was published.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Protocol


class Subscription(Protocol):
    """A stream's interest in some topics, for as long as the stream is open."""

    closed: bool

    async def wait(self, within: float) -> bool:
        """Until woken (True), `within` seconds pass (False) or the notifier closes (True)."""
        ...

    def __enter__(self) -> Subscription: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...


class Notifier(Protocol):
    """publish / subscribe-and-wake; see the module docstring."""

    def publish(self, *topics: str) -> None:
        """Wake the subscribers of these topics (one commit's topics go in one call)."""
        ...

    def subscribe(self, topics: Iterable[str]) -> Subscription: ...

    def close(self) -> None: ...


class _LocalSubscription:
    def __init__(self, owner: InProcessNotifier, topics: frozenset[str]) -> None:
        self._owner = owner
        self.topics = topics
        self.closed = False
        self._event = asyncio.Event()

    def wake(self) -> None:
        self._event.set()

    async def wait(self, within: float) -> bool:
        if self.closed:
            return True
        try:
            await asyncio.wait_for(self._event.wait(), within)
        except TimeoutError:
            return False
        self._event.clear()
        return True

    def __enter__(self) -> _LocalSubscription:
        self._owner._add(self)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._owner._remove(self)


class InProcessNotifier:
    """Topics -> subscriptions of this process, woken on the event loop.

    `publish` may be called from worker threads (the sync routes run in the threadpool):
    the wake is handed to the loop with `call_soon_threadsafe`, once per call whatever the
    number of topics, so the asyncio events are only ever touched on the loop thread.
    """

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._by_topic: dict[str, set[_LocalSubscription]] = {}
        self._lock = threading.Lock()
        self._closed = False

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The loop the streams run on (called at startup)."""
        self._loop = loop

    def subscribe(self, topics: Iterable[str]) -> _LocalSubscription:
        sub = _LocalSubscription(self, frozenset(topics))
        sub.closed = self._closed
        return sub

    def publish(self, *topics: str) -> None:
        loop = self._loop
        if loop is None or loop.is_closed() or not topics:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._wake(topics)
        else:
            loop.call_soon_threadsafe(self._wake, topics)

    def close(self) -> None:
        """End every stream (at shutdown: open streams would keep uvicorn waiting)."""
        self._closed = True
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._close_all)

    def _close_all(self) -> None:
        with self._lock:
            subs = {s for group in self._by_topic.values() for s in group}
        for sub in subs:
            sub.closed = True
            sub.wake()

    def _wake(self, topics: tuple[str, ...]) -> None:
        with self._lock:
            subs = {s for topic in topics for s in self._by_topic.get(topic, ())}
        for sub in subs:
            sub.wake()

    def _add(self, sub: _LocalSubscription) -> None:
        with self._lock:
            for topic in sub.topics:
                self._by_topic.setdefault(topic, set()).add(sub)

    def _remove(self, sub: _LocalSubscription) -> None:
        with self._lock:
            for topic in sub.topics:
                group = self._by_topic.get(topic)
                if group is not None:
                    group.discard(sub)
                    if not group:
                        del self._by_topic[topic]
