"""One open chat for a front end: transcript, live events and sending through the outbox.

The TUI's chat screen drives a :class:`ChatSession` from async workers::

    session = ChatSession(session.async_client(), chat_id, Outbox.for_profile(resolved),
                          on_state=..., on_outbox=...)
    detail = await session.open()          # the transcript so far (ChatDetail)
    async for event in session.events():   # typed events, live, across reconnects
        ...                                 # MessageEvent, TypingEvent, StateEvent, ...
    client_id = await session.send(text)   # kept in the outbox, sent when connected
    session.pending()                      # [Outgoing]: show "pending" / "failed" + retry
    await session.retry(client_id)         # a failed message back in line
    await session.close()

Guarantees: events come once each, in order, also after a dropped connection or a server
restart (the stream resumes after the last event id). A message written while the stream is
down (``state`` not ``connected``) waits in the outbox and is sent, in order, with its client
message id as soon as the stream is back; the server stores a resent message once. It stays
in ``pending()`` until its echo arrives on the stream, so it is never shown twice: show the
echoed ``MessageEvent`` and drop the pending line with the same ``client_message_id``.

``on_state(ConnectionState)`` hears connecting / connected / reconnecting / offline /
closed; ``on_outbox(list[Outgoing])`` hears every change of this chat's outbox. Both are
called on the event loop that iterates :meth:`events`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from helpdesk_cli.outbox import FlushResult, Outbox, Outgoing

if TYPE_CHECKING:
    from api_client import AsyncClient, AsyncStream, ConnectionState
    from api_client.chat_models import ChatDetail, Event

KEEPALIVE = 15.0  # the server's default keep-alive interval (docs/api.md)


class ChatSession:
    """A customer's view of one chat: see the module docstring for the workflow."""

    def __init__(
        self,
        client: AsyncClient,
        chat_id: str,
        outbox: Outbox | None = None,
        *,
        on_state: Callable[[ConnectionState], None] | None = None,
        on_outbox: Callable[[list[Outgoing]], None] | None = None,
        keepalive: float = KEEPALIVE,
    ) -> None:
        self.client = client
        self.chat_id = chat_id
        self.outbox = outbox if outbox is not None else Outbox()
        self.last_event_id: str | None = None
        self._on_state = on_state
        self._on_outbox = on_outbox
        self._keepalive = keepalive
        self._stream: AsyncStream[Event] | None = None
        self._state: ConnectionState | None = None
        self._flushes: set[asyncio.Task[None]] = set()

    def __repr__(self) -> str:
        return f"<ChatSession {self.chat_id} {self.state}>"

    @property
    def state(self) -> str:
        """The stream's connection state (``"closed"`` before :meth:`events` runs)."""
        return str(self._state) if self._state is not None else "closed"

    @property
    def connected(self) -> bool:
        return self.state == "connected"

    async def open(self) -> ChatDetail:
        """The transcript so far; messages of ours in it count as echoed."""
        detail = await self.client.chats.get(self.chat_id)
        changed = False
        for message in detail.messages:
            changed |= self.outbox.acknowledge(message) is not None
        if changed:
            self._outbox_changed()
        if self.last_event_id is None:
            self.last_event_id = detail.last_event_id
        return detail

    async def events(self) -> AsyncIterator[Event]:
        """The chat's events after the transcript (or from its start without :meth:`open`),
        until :meth:`close`. Raises the client's typed error only for what a reconnect
        cannot cure (chat gone, access lost, login expired)."""
        stream = await self.client.chats.events(
            self.chat_id, self.last_event_id, keepalive=self._keepalive,
            wait_for_server=True, on_state=self._state_changed)
        self._stream = stream
        try:
            async for event in stream:
                self.last_event_id = stream.last_event_id
                if getattr(event, "type", None) == "message" and self.outbox.acknowledge(event):
                    self._outbox_changed()
                yield event
        finally:
            await stream.aclose()

    async def send(self, body: str) -> str:
        """Keep ``body`` in the outbox and send it now if connected; its client id."""
        client_id = self.outbox.add(self.chat_id, body)
        self._outbox_changed()
        if self.connected:
            await self.flush()
        return client_id

    def pending(self) -> list[Outgoing]:
        """This chat's messages not yet echoed, oldest first."""
        return self.outbox.pending(self.chat_id)

    async def retry(self, client_id: str) -> None:
        """Put a failed message back in line and send it if connected."""
        self.outbox.retry(client_id)
        self._outbox_changed()
        if self.connected:
            await self.flush()

    async def flush(self) -> FlushResult:
        """Send what is pending now (done by itself whenever the stream connects)."""
        result = await self.outbox.aflush(self.client, self.chat_id)
        if result.sent or result.failed:
            self._outbox_changed()
        return result

    async def close(self) -> None:
        """Stop the stream (the chat itself stays open: ``client.chats.close`` ends it)."""
        if self._stream is not None:
            await self._stream.aclose()
        for task in list(self._flushes):
            task.cancel()

    def _state_changed(self, state: ConnectionState) -> None:
        self._state = state
        if self._on_state is not None:
            self._on_state(state)
        if str(state) == "connected" and self.pending():
            task = asyncio.get_running_loop().create_task(self._flush_quietly())
            self._flushes.add(task)
            task.add_done_callback(self._flushes.discard)

    async def _flush_quietly(self) -> None:
        """A flush started by a reconnect: a failure leaves the messages pending (the next
        reconnect tries again), and a refused one is marked failed by the outbox."""
        from api_client import errors

        try:
            await self.flush()
        except errors.ApiError:
            self._outbox_changed()

    def _outbox_changed(self) -> None:
        if self._on_outbox is not None:
            self._on_outbox(self.pending())
