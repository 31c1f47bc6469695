"""Server-sent event streams over the `events` table, and `GET /v1/events`.

FastAPI's own SSE support writes the wire format (and the no-buffering headers); this
module decides what to send: `retry` first, then the stored events after the client's
`Last-Event-ID`, then new ones as the notifier wakes the stream, with a keep-alive comment
whenever it was quiet for `sse_keepalive` seconds. With `sse_max_seconds` set, a stream
that has been open that long ends cleanly, after a last data-less block whose `id:` is
where it got to, so a client that had no event yet resumes from there too (an EventSource
takes the `id:` of a block without data as its last event id).

Reads run on the event loop: they are single indexed queries of well under a millisecond,
cheaper than a hop to the threadpool (whose 40 threads hundreds of streams would queue on).

Routes declare the Event union they stream as their return type: FastAPI documents it as
the `data:` content schema (and does not validate the `ServerSentEvent`s actually yielded);
`stream_responses` adds the `event:` names and the `id:` format to the 200.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import WithJsonSchema

from helpdesk_server import events
from helpdesk_server.chat.schemas import TicketStreamEvent
from helpdesk_server.config import ServerSettings
from helpdesk_server.db import ConnectionPool
from helpdesk_server.deps import CurrentUser, DbConn
from helpdesk_server.errors import PROBLEM_MEDIA_TYPE, ProblemError
from helpdesk_server.live import Live
from helpdesk_server.routes._openapi import PROBLEM_REF, problems

MAX_EVENT_ID = 2**63 - 1
EVENT_ID_CHARS = 20
# What a resume point may be: a decimal event id (any, also one above the newest), or empty
# for none. Stated as the schema (not enforced by FastAPI) so that a malformed one is the
# same 400 from the header and from the query.
_RESUME_SCHEMA = WithJsonSchema({"type": "string", "pattern": f"^[0-9]{{0,{EVENT_ID_CHARS}}}$"})

LastEventIdHeader = Annotated[
    str | None, _RESUME_SCHEMA,
    Header(alias="Last-Event-ID",
           description="The id of the last event received: the stream resumes after it."),
]
LastEventIdQuery = Annotated[
    str | None, _RESUME_SCHEMA,
    Query(description="Same as the `Last-Event-ID` header, for clients that cannot set "
                      "headers (the header wins)."),
]

_BAD_RESUME = {
    "description": "`Last-Event-ID` (or `last_event_id`) is not a decimal event id.",
    "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}},
}


def stream_responses(event_union: Any, *errors: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a stream route: the 200 with its event names (from the union the
    route returns) and id format, 400 for a malformed resume point, and `errors`."""
    union, field = get_args(event_union)
    names = [get_args(model.model_fields["type"].annotation)[0] for model in get_args(union)]
    return {
        200: {
            "description": "An SSE stream (`text/event-stream`): `event:` is the Event's "
                           "type, `data:` its JSON, `id:` its id; blocks without data "
                           "(`: connected` with `retry:`, `: keep-alive`, and the end of a "
                           "stream at the server's `--sse-max-seconds`) carry no event. "
                           "See docs/api.md.",
            "content": {"text/event-stream": {"itemSchema": {
                "required": ["event", "id"],
                "properties": {
                    "data": {"contentSchema": {"title": field.title}},
                    "event": {"type": "string", "enum": names,
                              "description": "The Event's `type`. Clients must ignore "
                                             "types they do not know: new ones may be added."},
                    "id": {"type": "string", "pattern": "^[0-9]{1,19}$"},
                },
            }}},
        },
        400: _BAD_RESUME,
        **problems(*errors),
    }


def resume_point(header: str | None, query: str | None) -> int | None:
    """The id to resume after, or None (none given, or empty); the header wins over the
    query, but either that is not decimal digits is a 400. An id above any there can be is
    simply above the newest: nothing until newer ones."""
    for raw in (header, query):
        if raw and (len(raw) > EVENT_ID_CHARS or not raw.isdecimal() or not raw.isascii()):
            raise ProblemError(400, "bad-request", "Last-Event-ID must be the id of an event.",
                               hint="Send the `id:` of the last event received, unchanged.")
    raw = header if header is not None else query
    return min(int(raw), MAX_EVENT_ID) if raw else None


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
) -> AsyncIterator[Any]:
    """The stream body (`ServerSentEvent`s; typed Any for the routes' declared Event union);
    authorisation was done by the route's dependencies before this."""
    live: Live = request.app.state.live
    return _stream(live.pool, live.bus, live.settings, audience, after, on_quiet)


async def _stream(
    pool: ConnectionPool, bus: events.EventBus, settings: ServerSettings,
    audience: events.Audience, after: int, on_quiet: Callable[[], Awaitable[None]] | None,
) -> AsyncIterator[ServerSentEvent]:
    cap = settings.sse_max_seconds
    deadline = time.monotonic() + cap if cap > 0 else math.inf
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
            left = deadline - time.monotonic()
            if left <= 0:
                # Where this stream got to, for a client that has seen no event yet.
                yield ServerSentEvent(comment="reconnect", id=str(after))
                return
            if len(rows) >= events.BATCH:
                continue
            woken = await subscription.wait(min(settings.sse_keepalive, left))
            if subscription.closed:
                return
            if not woken and time.monotonic() < deadline:
                if on_quiet is not None:
                    await on_quiet()
                yield ServerSentEvent(comment="keep-alive")


router = APIRouter(prefix="/v1", tags=["events"])


@router.get("/events", response_class=EventSourceResponse,
            responses=stream_responses(TicketStreamEvent, 401))
async def ticket_events(
    request: Request, user: CurrentUser, after: LiveStart,
) -> AsyncIterator[TicketStreamEvent]:
    """Live updates of the caller's tickets: public replies (`ticket_message`) and status
    changes (`ticket_status`). Resumes after `Last-Event-ID`; without one, new events only."""
    async for item in open_stream(request, events.Audience(customer_id=user.id), after):
        yield item
