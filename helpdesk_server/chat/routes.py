"""The customer's chat routes: start, list, read, stream, send, hand off, close, rate, ticket."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.sse import EventSourceResponse

from helpdesk_server import events, ids
from helpdesk_server import tickets_repo as tickets
from helpdesk_server.chat import assistant, convert, repo
from helpdesk_server.chat.schemas import (
    Chat,
    ChatCreate,
    ChatDetail,
    ChatMessage,
    ChatMessageCreate,
    ChatRatingCreate,
    ChatStreamEvent,
    ChatTicketCreate,
)
from helpdesk_server.db import WouldWait
from helpdesk_server.deps import AuthUser, CurrentUser, DbConn
from helpdesk_server.errors import ProblemError, field_error
from helpdesk_server.idempotency import Idempotency, fingerprint
from helpdesk_server.live import Live, LiveServices
from helpdesk_server.pagination import CursorQuery, LimitQuery, Page, cursor_int, page_by_id
from helpdesk_server.refs import owned_ref
from helpdesk_server.routes._openapi import IdempotencyKey, problems
from helpdesk_server.schemas.tickets import Rating, TicketDetail
from helpdesk_server.streams import (
    LastEventIdHeader,
    LastEventIdQuery,
    open_stream,
    resume_point,
    stream_responses,
)

router = APIRouter(prefix="/v1/chats", tags=["chat"])

CHAT_STATES = ("assistant", "queued", "assigned", "closed")


def parse_states(raw: list[str], allowed: tuple[str, ...], name: str = "state") -> list[str]:
    """Repeated and comma-separated values; an unknown or empty one is a 422 on the field."""
    values = [v for item in raw for v in item.split(",")]
    for value in values:
        if value not in allowed:
            raise field_error(name, f"Unknown {name} {value[:32]!r}; expected one of "
                              + ", ".join(allowed) + ".")
    return sorted(set(values))


def filter_query(allowed: tuple[str, ...], what: str) -> Any:
    """A list filter: repeat the parameter or separate values with commas."""
    return Query(default_factory=list, max_length=20,
                 description=f"Only {what} in these states; repeat the parameter or separate "
                             "values with commas.",
                 json_schema_extra={"items": {"type": "string", "enum": list(allowed)}})


StateQuery = Annotated[list[str], filter_query(CHAT_STATES, "chats")]


def customer(user: CurrentUser) -> AuthUser:
    """Chats are opened by customers; an agent answers them through /v1/agent."""
    if user.role != "customer":
        raise ProblemError(403, "forbidden", "Only customers open chats.",
                           hint="Agents take chats from the queue: GET /v1/agent/chats.")
    return user


Customer = Annotated[AuthUser, Depends(customer)]


def _about(conn: sqlite3.Connection, ticket_id: int | None, order_id: int | None) -> str | None:
    if order_id is not None:
        number = conn.execute("SELECT number FROM orders WHERE id = ?", (order_id,)).fetchone()
        return f"order {number['number']}"
    if ticket_id is not None:
        return f"ticket {ids.ticket_id(ticket_id)}"
    return None


@router.post("", status_code=201, response_model=ChatDetail,
             responses=problems(400, 401, 403, 409, 422))
def start_chat(body: ChatCreate, request: Request, user: Customer, conn: DbConn,
               live: LiveServices, idempotency_key: IdempotencyKey = None) -> Response:
    """Start a chat with the assistant, optionally about one of the caller's tickets or
    orders (the agent sees it in the handoff packet)."""
    with live.bus.write(conn):
        idem = Idempotency(conn, user.id, idempotency_key,
                           fingerprint("POST", request.url.path, body))
        if (replayed := idem.replay()) is not None:
            return replayed
        ticket_id = owned_ref(conn, user.id, "tickets", "ticket_id", body.ticket_id,
                               ids.parse_ticket)
        order_id = owned_ref(conn, user.id, "orders", "order_id", body.order_id,
                              ids.parse_order)
        chat_id = repo.create(conn, user.id, ticket_id, order_id)
        chat = repo.load(conn, chat_id)
        repo.add_message(conn, chat, role="assistant", name=assistant.NAME,
                         body=assistant.greeting(user.name.split()[0] if user.name.split()
                                                 else user.name,
                                                 _about(conn, ticket_id, order_id)))
        return idem.respond(201, repo.detail(conn, repo.load(conn, chat_id)))


@router.get("", response_model=Page[Chat], responses=problems(400, 401, 422))
def list_chats(user: CurrentUser, conn: DbConn, state: StateQuery, limit: LimitQuery = 20,
               cursor: CursorQuery = None) -> dict[str, Any]:
    """The caller's chats, newest first."""
    states = parse_states(state, CHAT_STATES)
    before = cursor_int(cursor)
    sql = "SELECT * FROM chats WHERE user_id = ? AND id < ?"
    params: list[Any] = [user.id, before if before is not None else 2**63 - 1]
    if states:
        sql += f" AND state IN ({','.join('?' * len(states))})"
        params += states
    rows = conn.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit + 1]).fetchall()
    page, next_cursor = page_by_id(rows, limit)
    return {"data": [repo.chat_out(conn, r) for r in page], "next_cursor": next_cursor}


@router.get("/{chat_id}", response_model=ChatDetail, responses=problems(401, 404))
def get_chat(chat_id: str, user: CurrentUser, conn: DbConn) -> dict[str, Any]:
    """The transcript (assistant turns and cited articles included) and `last_event_id`."""
    return repo.detail(conn, repo.find(conn, chat_id, user.id))


def chat_stream_start(chat_id: str, user: CurrentUser, conn: DbConn,
                      last_event_id_header: LastEventIdHeader = None,
                      last_event_id: LastEventIdQuery = None) -> tuple[int, int]:
    """Dependency: (chat row, resume point), checked before the stream opens."""
    chat = repo.find(conn, chat_id, user.id)
    resume = resume_point(last_event_id_header, last_event_id)
    return int(chat["id"]), 0 if resume is None else resume


@router.get("/{chat_id}/events", response_class=EventSourceResponse,
            responses=stream_responses(ChatStreamEvent, 401, 404))
async def chat_events(
    request: Request, start: Annotated[tuple[int, int], Depends(chat_stream_start)],
) -> AsyncIterator[ChatStreamEvent]:
    """The chat's events (SSE). Without `Last-Event-ID` the whole chat is replayed first."""
    chat_id, after = start
    async for item in open_stream(request, events.Audience(chat_id=chat_id), after):
        yield item


async def deliver(live: Live, conn: sqlite3.Connection, chat: sqlite3.Row, user: AuthUser,
                  role: str, body: ChatMessageCreate) -> Response:
    """`send_message` on the event loop when it can run at once, else in the threadpool.

    Storing a message is a short write (well under a millisecond). A hop to the threadpool
    costs more than that, and under load each hop also waits for the GIL while the loop
    serves the event streams: the chat benchmark's tail latency. The loop must never wait,
    though: when a writer holds the lock, and for the assistant's turn (a FAQ search), the
    write goes to the threadpool as before.
    """
    if not (role == "customer" and chat["state"] == "assistant"):
        try:
            return send_message(live, conn, chat["id"], user, role, body, wait=False)
        except WouldWait:
            pass
    return await to_thread.run_sync(send_message, live, conn, chat["id"], user, role, body)


def send_message(live: Live, conn: sqlite3.Connection, chat_id: int, user: AuthUser,
                 role: str, body: ChatMessageCreate, *, wait: bool = True) -> Response:
    """Store a message once per client_message_id: 201 the first time, 200 on a resend."""
    with live.bus.write(conn, wait=wait):
        chat = repo.load(conn, chat_id)
        known = repo.known_message(conn, chat, user.id, body.client_message_id, body.body)
        if known is not None:
            return JSONResponse(known, headers={"Idempotent-Replayed": "true"})
        if chat["state"] == "closed":
            raise repo.chat_closed(chat)
        message = repo.add_message(conn, chat, role=role, name=user.name, author_id=user.id,
                                      body=body.body, client_message_id=body.client_message_id)
    if role == "customer" and chat["state"] == "assistant":
        _assistant_turn(live, conn, chat, body.body)
    return JSONResponse(message, status_code=201)


def _assistant_turn(live: Live, conn: sqlite3.Connection, chat: sqlite3.Row, text: str) -> None:
    """Search outside the write transaction, then write the answer if still in `assistant`."""
    turn = assistant.decide(conn, text, bool(chat["awaiting_feedback"]), chat["unhelpful"])
    with live.bus.write(conn):
        fresh = repo.load(conn, chat["id"])
        if fresh["state"] != "assistant":
            return
        repo.add_message(conn, fresh, role="assistant", name=assistant.NAME, body=turn.text,
                         articles=turn.articles)
        conn.execute("UPDATE chats SET awaiting_feedback = ?, unhelpful = ? WHERE id = ?",
                     (int(turn.awaiting_feedback), turn.unhelpful, chat["id"]))
        if turn.handoff is not None:
            repo.enqueue(conn, repo.load(conn, chat["id"]), live.settings.agent_presence)


@router.post("/{chat_id}/messages", status_code=201, response_model=ChatMessage,
             responses={200: {"description": "A resend: the message stored the first time.",
                              "model": ChatMessage}, **problems(400, 401, 404, 409, 422)})
async def post_message(chat_id: str, body: ChatMessageCreate, user: CurrentUser, conn: DbConn,
                       live: LiveServices) -> Response:
    """Send a message; in `assistant` the assistant's answer is stored before this returns."""
    chat = repo.find(conn, chat_id, user.id)  # one indexed read: on the loop, as streams do
    return await deliver(live, conn, chat, user, "customer", body)


@router.post("/{chat_id}/typing", status_code=204, response_class=Response,
             responses=problems(401, 404, 409))
def typing(chat_id: str, user: CurrentUser, conn: DbConn, live: LiveServices) -> Response:
    """Tell the agent the customer is typing (throttled; not replayed after 5 s)."""
    chat = repo.find(conn, chat_id, user.id)
    if chat["state"] == "closed":
        raise repo.chat_closed(chat)
    if chat["state"] == "assigned" and live.typing.ready((chat["id"], user.id)):
        with live.bus.write(conn):
            repo.typing(conn, repo.load(conn, chat["id"]), "customer", user.name)
    return Response(status_code=204)


@router.post("/{chat_id}/handoff", response_model=Chat, responses=problems(401, 404, 409))
def handoff(chat_id: str, user: CurrentUser, conn: DbConn, live: LiveServices
            ) -> dict[str, Any]:
    """"Talk to a person": `assistant` -> `queued` (queued or assigned: unchanged)."""
    with live.bus.write(conn):
        chat = repo.find(conn, chat_id, user.id)
        if chat["state"] == "closed":
            raise repo.chat_closed(chat)
        if chat["state"] == "assistant":
            repo.add_message(conn, chat, role="assistant", name=assistant.NAME,
                             body="I'm connecting you with a person now; everything we said "
                                  "is passed on.")
            chat = repo.enqueue(conn, repo.load(conn, chat["id"]), live.settings.agent_presence)
        return repo.chat_out(conn, chat)


@router.post("/{chat_id}/close", response_model=Chat, responses=problems(401, 404))
def close(chat_id: str, user: CurrentUser, conn: DbConn, live: LiveServices) -> dict[str, Any]:
    """End the chat (already closed: unchanged); a rating is requested."""
    with live.bus.write(conn):
        chat = repo.find(conn, chat_id, user.id)
        return repo.chat_out(conn, repo.close(conn, chat, "customer"))


@router.post("/{chat_id}/rating", response_model=Rating,
             responses=problems(400, 401, 404, 409, 422))
def rate(chat_id: str, body: ChatRatingCreate, user: CurrentUser, conn: DbConn,
         live: LiveServices) -> dict[str, Any]:
    """Rate a closed chat 1-5 (rating again replaces it)."""
    with live.bus.write(conn):
        chat = repo.find(conn, chat_id, user.id)
        return repo.rate(conn, chat, body.score, body.comment or None)


def to_ticket_response(live: Live, conn: sqlite3.Connection, request: Request, user: AuthUser,
                       chat_id: int, body: ChatTicketCreate, key: str | None, by: str
                       ) -> Response:
    """Shared by the customer's and the agent's conversion: 201 new, 200 already done."""
    with live.bus.write(conn):
        idem = Idempotency(conn, user.id, key, fingerprint("POST", request.url.path, body))
        if (replayed := idem.replay()) is not None:
            return replayed
        chat = repo.load(conn, chat_id)
        if by == "customer" and chat["state"] == "assigned":
            raise ProblemError(409, "conflict", "An agent is handling this chat.",
                               hint="Ask the agent to turn it into a ticket.")
        if by == "agent" and chat["converted_ticket_id"] is None and not (
                chat["state"] == "queued" or chat["agent_id"] == user.id):
            repo.assigned_to(chat, user.id)
        ticket_id, created = convert.to_ticket(conn, chat, body.subject, by)
        return idem.respond(201 if created else 200, tickets.ticket_detail(conn, ticket_id))


@router.post("/{chat_id}/ticket", status_code=201, response_model=TicketDetail,
             responses={200: {"description": "Already converted: that ticket.",
                              "model": TicketDetail}, **problems(400, 401, 404, 409, 422)})
def to_ticket(chat_id: str, body: ChatTicketCreate, request: Request, user: CurrentUser,
              conn: DbConn, live: LiveServices, idempotency_key: IdempotencyKey = None
              ) -> Response:
    """Turn the chat into a ticket carrying the transcript (the answer to a ticket offer)."""
    chat = repo.find(conn, chat_id, user.id)
    return to_ticket_response(live, conn, request, user, chat["id"], body, idempotency_key,
                              "customer")
