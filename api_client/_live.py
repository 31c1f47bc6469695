"""The live groups of the clients: ``chats``, ``events`` and ``agent`` (docs/api.md, "Live chat").

Each group is built on first use, and only then are the chat models imported
(:mod:`api_client.chat_models`), so a client that never chats never pays for them. Methods are
written once as :class:`Spec` builders (``endpoint``/``pager``, as in ``_resources``) or
:class:`StreamSpec` builders (``streamer``): ``hd.chats.events(id)`` returns an open
:class:`Stream` on the blocking client and ``await hd.chats.events(id)`` an open
:class:`AsyncStream` on the asyncio one.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload

from ._runner import AsyncRunner, Group, SyncRunner

if TYPE_CHECKING:
    from ._chat_resources import Agent, Chats, Events
    from ._streams import AsyncStream, Stream, StreamSpec

P = ParamSpec("P")
E = TypeVar("E")


class streamer(Generic[P, E]):
    """Decorator: a StreamSpec builder becomes a method opening a (sync or async) stream.

    Opening sends the request and checks the status before anything is iterated, so a
    missing chat or a forbidden route raises the client's typed error right there.
    """

    def __init__(self, build: Callable[Concatenate[Any, P], StreamSpec[E]]) -> None:
        self.build = build
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: Group[SyncRunner], owner: type[Any]) -> Callable[P, Stream[E]]: ...
    @overload
    def __get__(
        self, obj: Group[AsyncRunner], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, AsyncStream[E]]]: ...

    def __get__(self, obj: Group[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        build, runner = self.build, obj._runner
        from ._streams import AsyncStream, Stream

        if isinstance(runner, AsyncRunner):
            async def open_async(*args: P.args, **kwargs: P.kwargs) -> AsyncStream[E]:
                stream = AsyncStream(runner, build(obj, *args, **kwargs))  # type: ignore[arg-type]
                await stream._connect()
                return stream

            method: Any = open_async
        else:
            def open_sync(*args: P.args, **kwargs: P.kwargs) -> Stream[E]:
                return Stream(runner, build(obj, *args, **kwargs))

            method = open_sync
        method.__doc__, method.__name__ = self.__doc__, self.__name__
        return method


class SyncLive:
    """The live groups of :class:`~api_client.Client`, built on first use."""

    _live_groups: dict[str, Any]

    def _live(self, name: str) -> Any:
        groups = self.__dict__.setdefault("_live_groups", {})
        if name not in groups:
            from . import _chat_resources

            groups[name] = getattr(_chat_resources, name)(self, self._core)  # type: ignore[attr-defined]
        return groups[name]

    @property
    def chats(self) -> Chats[SyncRunner]:
        """Live chat as a customer: start, send, hand off, close, rate, stream events."""
        group: Chats[SyncRunner] = self._live("Chats")
        return group

    @property
    def events(self) -> Events[SyncRunner]:
        """The stream of the caller's ticket updates."""
        group: Events[SyncRunner] = self._live("Events")
        return group

    @property
    def agent(self) -> Agent[SyncRunner]:
        """The agent's side: chat queue, claim, reply, tickets, notes, status, stream."""
        group: Agent[SyncRunner] = self._live("Agent")
        return group


class AsyncLive:
    """The live groups of :class:`~api_client.AsyncClient`, built on first use."""

    def _live(self, name: str) -> Any:
        groups = self.__dict__.setdefault("_live_groups", {})
        if name not in groups:
            from . import _chat_resources

            groups[name] = getattr(_chat_resources, name)(self, self._core)  # type: ignore[attr-defined]
        return groups[name]

    @property
    def chats(self) -> Chats[AsyncRunner]:
        """Live chat as a customer (awaited); ``await hd.chats.events(id)`` opens a stream."""
        group: Chats[AsyncRunner] = self._live("Chats")
        return group

    @property
    def events(self) -> Events[AsyncRunner]:
        """The stream of the caller's ticket updates (awaited)."""
        group: Events[AsyncRunner] = self._live("Events")
        return group

    @property
    def agent(self) -> Agent[AsyncRunner]:
        """The agent's side (awaited)."""
        group: Agent[AsyncRunner] = self._live("Agent")
        return group
