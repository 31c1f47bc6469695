"""Server-sent event streams over the `events` table, and `GET /v1/events`.

FastAPI's own SSE support writes the wire format (and the no-buffering headers); this
module decides what to send: `retry` first, then the stored events after the client's
`Last-Event-ID`, then new ones as the notifier wakes the stream, with a keep-alive comment
whenever it was quiet for `sse_keepalive` seconds.

Reads run on the event loop: they are single indexed queries of well under a millisecond,
cheaper than a hop to the threadpool (whose 40 threads hundreds of streams would queue on).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent

from helpdesk_server import events
from helpdesk_server.config import ServerSettings
from helpdesk_server.db import ConnectionPool
from helpdesk_server.deps import CurrentUser, DbConn
from helpdesk_server.errors import ProblemError
from helpdesk_server.live import Live
from helpdesk_server.routes._openapi import problems

MAX_EVENT_ID = 2**63 - 1

LastEventIdHeader = Annotated[
    str | None,
    Header(alias="Last-Event-ID", max_length=20,
           description="The id of the last event received: the stream resumes after it."),
]
LastEventIdQuery = Annotated[
    str | None,
    Query(max_length=20, description="Same as the `Last-Event-ID` header, for clients that "
                                     "cannot set headers (the header wins)."),
]

STREAM_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "An SSE stream (`text/event-stream`): `event:` is the Event's type, "
                       "`data:` its JSON, `id:` its id; see docs/api.md.",
    },
}


def resume_point(header: str | None, query: str | None) -> int | None:
    """The id to resume after, or None (no id given); anything but a decimal integer is 400."""
    raw = header if header is not None else query
    if raw is None or raw == "":
        return None
    if not raw.isdecimal() or not raw.isascii() or int(raw) > MAX_EVENT_ID:
        raise ProblemError(400, "bad-request", "Last-Event-ID must be the id of an event.",
                           hint="Send the `id:` of the last event received, unchanged.")
    return int(raw)


def live_start(conn: DbConn, last_event_id_header: LastEventIdHeader = None,
               last_event_id: LastEventIdQuery = None) -> int:
    """Dependency: where a live stream (not a chat) starts: after the client's id, else
    after the newest event. A dependency, so a bad id is a 400 before the stream opens."""
    resume = resume_point(last_event_id_header, last_event_id)
    return events.newest_id(conn) if resume is None else resume


LiveStart = Annotated[int, Depends(live_start)]


def open_stream(
    request: Request, audience: events.Audience, after: int,
    on_quiet: Callable[[], Awaitable[None]] | None = None,
) -> AsyncIterator[ServerSentEvent]:
    """The stream body; authorisation was done by the route's dependencies before this."""
    live: Live = request.app.state.live
    return _stream(live.pool, live.bus, live.settings, audience, after, on_quiet)


async def _stream(
    pool: ConnectionPool, bus: events.EventBus, settings: ServerSettings,
    audience: events.Audience, after: int, on_quiet: Callable[[], Awaitable[None]] | None,
) -> AsyncIterator[ServerSentEvent]:
    yield ServerSentEvent(comment="connected", retry=settings.sse_retry_ms)
    with bus.notifier.subscribe(audience.topics()) as subscription:
        while True:
            conn = pool.acquire()
            try:
                rows = events.read(conn, audience, after)
                rendered = [(row, events.render(conn, row)) for row in rows]
            finally:
                pool.release(conn)
            for row, event in rendered:
                after = int(row["id"])
                yield ServerSentEvent(event=row["type"], id=str(row["id"]),
                                      raw_data=json.dumps(event, separators=(",", ":")))
            if len(rows) >= events.BATCH:
                continue
            woken = await subscription.wait(settings.sse_keepalive)
            if subscription.closed:
                return
            if not woken:
                if on_quiet is not None:
                    await on_quiet()
                yield ServerSentEvent(comment="keep-alive")


router = APIRouter(prefix="/v1", tags=["events"])


@router.get("/events", response_class=EventSourceResponse,
            responses={**STREAM_RESPONSES, **problems(400, 401)})
async def ticket_events(
    request: Request, user: CurrentUser, after: LiveStart,
) -> AsyncIterator[ServerSentEvent]:
    """Live updates of the caller's tickets: public replies (`ticket_message`) and status
    changes (`ticket_status`). Resumes after `Last-Event-ID`; without one, new events only."""
    async for item in open_stream(request, events.Audience(customer_id=user.id), after):
        yield item
