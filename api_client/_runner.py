"""Resource-group plumbing: methods written once, run by a sync or an async runner.

A resource method is written as a *builder* returning a :class:`Spec`; the ``endpoint`` and
``pager`` descriptors turn it into ``hd.tickets.get(...) -> TicketDetail`` on the sync client
and ``await hd.tickets.get(...)`` on the async one. The overloads on ``__get__`` give both
flavours exact static types without a hand-copied twin of every method.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload

from . import errors
from ._core import Core, Spec
from .models import Page

P = ParamSpec("P")
T = TypeVar("T")

PageFn = Callable[[str | None], Spec[Page[T]]]


class SyncRunner:
    """What the sync client provides to resource groups."""

    def run(self, spec: Spec[T]) -> T:
        raise NotImplementedError

    def paginate(self, pages: PageFn[T]) -> Iterator[T]:
        """Lazily walk every page; the next page is fetched only when the caller gets there."""
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            page = self.run(pages(cursor))
            yield from page.data
            cursor = _next_cursor(page, seen)
            if cursor is None:
                return


class AsyncRunner:
    """What the async client provides to resource groups."""

    async def run(self, spec: Spec[T]) -> T:
        raise NotImplementedError

    async def paginate(self, pages: PageFn[T]) -> AsyncIterator[T]:
        """Async twin of :meth:`SyncRunner.paginate`; the cursor logic is shared."""
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            page = await self.run(pages(cursor))
            for item in page.data:
                yield item
            cursor = _next_cursor(page, seen)
            if cursor is None:
                return


def _next_cursor(page: Page[Any], seen: set[str]) -> str | None:
    """The cursor to follow, refusing a server that loops (the same cursor twice)."""
    cursor = page.next_cursor
    if not cursor:
        return None
    if cursor in seen:
        raise errors.InvalidResponseError(
            "invalid response: the server returned the same page cursor twice",
            field="next_cursor",
        )
    seen.add(cursor)
    return cursor


R = TypeVar("R", bound=SyncRunner | AsyncRunner)


class Group(Generic[R]):
    """Base of a resource group (``hd.tickets``, ``hd.faq``…)."""

    def __init__(self, runner: R, core: Core) -> None:
        self._runner = runner
        self._core = core

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._core.base_url}>"


class endpoint(Generic[P, T]):
    """Decorator: a Spec builder becomes a method returning ``T`` (sync) or a coroutine."""

    def __init__(self, build: Callable[Concatenate[Any, P], Spec[T]]) -> None:
        self.build = build
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: Group[SyncRunner], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, obj: Group[AsyncRunner], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...

    def __get__(self, obj: Group[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        build, runner = self.build, obj._runner

        def method(*args: P.args, **kwargs: P.kwargs) -> Any:
            return runner.run(build(obj, *args, **kwargs))

        method.__doc__, method.__name__ = self.__doc__, self.__name__
        return method


class pager(Generic[P, T]):
    """Decorator: a builder of page specs becomes ``.iter()``, a lazy (async) iterator."""

    def __init__(self, build: Callable[Concatenate[Any, P], PageFn[T]]) -> None:
        self.build = build
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: Group[SyncRunner], owner: type[Any]) -> Callable[P, Iterator[T]]: ...
    @overload
    def __get__(
        self, obj: Group[AsyncRunner], owner: type[Any]
    ) -> Callable[P, AsyncIterator[T]]: ...

    def __get__(self, obj: Group[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        build, runner = self.build, obj._runner

        def method(*args: P.args, **kwargs: P.kwargs) -> Any:
            return runner.paginate(build(obj, *args, **kwargs))

        method.__doc__, method.__name__ = self.__doc__, self.__name__
        return method
