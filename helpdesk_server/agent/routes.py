"""Agent routes: the chat queue and chats, the ticket queue, and the agent's event stream.

Every route depends on `agent_user`: anonymous callers get 401 and customers 403 before
anything else is looked at; each call also marks the agent as signed in (presence).
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.sse import EventSourceResponse

from helpdesk_server import events, ids
from helpdesk_server import tickets_repo as tickets
from helpdesk_server.agent import presence
from helpdesk_server.chat import repo
from helpdesk_server.chat.routes import (
    deliver,
    filter_query,
    parse_states,
    to_ticket_response,
)
from helpdesk_server.chat.schemas import (
    AgentChat,
    AgentReply,
    AgentStreamEvent,
    AgentTicket,
    AgentTicketDetail,
    ChatMessage,
    ChatMessageCreate,
    ChatTicketCreate,
    Handoff,
    Note,
    NoteCreate,
    StatusChange,
)
from helpdesk_server.deps import AuthUser, CurrentUser, DbConn
from helpdesk_server.errors import ProblemError, not_found
from helpdesk_server.idempotency import Idempotency, fingerprint
from helpdesk_server.live import Live, LiveServices
from helpdesk_server.pagination import (
    CursorQuery,
    LimitQuery,
    Page,
    cursor_int,
    decode_cursor,
    encode_cursor,
    page_by_id,
)
from helpdesk_server.routes._openapi import IdempotencyKey, problems
from helpdesk_server.routes.orders import _ORDER_SELECT, _detail, _order_out
from helpdesk_server.schemas.tickets import TICKET_STATUSES, Message, TicketDetail
from helpdesk_server.streams import LiveStart, open_stream, stream_responses
from helpdesk_server.timeutil import now_iso
from helpdesk_server.views import load_user, user_out

router = APIRouter(prefix="/v1/agent", tags=["agent"])

OPEN_STATUSES = ("new", "open", "pending", "on_hold")
AGENT_CHAT_STATES = ("queued", "assigned")
_TICKETS = ("SELECT t.*, (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id)"
            " AS message_count, u.name AS requester_name, u.email AS requester_email"
            " FROM tickets t JOIN users u ON u.id = t.user_id")


async def agent_user(user: CurrentUser, conn: DbConn, live: LiveServices) -> AuthUser:
    """The caller, if an agent (403 otherwise); records that they are signed in.

    Async: the role check needs no hop to the threadpool; only the presence write (at most
    every few seconds per agent) goes there, since it may wait for the writer lock."""
    if user.role != "agent":
        raise ProblemError(403, "forbidden", "Only agents can use the agent routes.",
                           hint="Sign in with an agent account.")
    if live.presence.ready(user.id):
        await to_thread.run_sync(presence.record, conn, user.id)
    return user


AgentUser = Annotated[AuthUser, Depends(agent_user)]
_AGENT_PROBLEMS = (401, 403)


def _chat(conn: sqlite3.Connection, chat_id: str) -> sqlite3.Row:
    return repo.find(conn, chat_id)


# --- chats -----------------------------------------------------------------------------------

def handoff_packet(conn: sqlite3.Connection, chat: sqlite3.Row) -> dict[str, Any]:
    """The transcript and the customer's context, so nobody asks them to repeat anything."""
    uid = chat["user_id"]
    orders = conn.execute(_ORDER_SELECT + " WHERE o.user_id = ? ORDER BY o.id DESC LIMIT 5",
                          (uid,)).fetchall()
    open_rows = conn.execute(
        "SELECT t.*, (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id)"
        f" AS message_count FROM tickets t WHERE t.user_id = ? AND t.status IN"
        f" ({','.join('?' * len(OPEN_STATUSES))}) ORDER BY t.id DESC LIMIT 20",
        (uid, *OPEN_STATUSES)).fetchall()
    order = None
    if chat["order_id"] is not None:
        order_row = conn.execute(_ORDER_SELECT + " WHERE o.id = ?",
                                 (chat["order_id"],)).fetchone()
        order = _detail(conn, order_row)
    return {
        **repo.agent_chat_out(conn, chat),
        "messages": repo.messages(conn, chat["id"]),
        "customer_account": user_out(load_user(conn, uid)),
        "recent_orders": [_order_out(r) for r in orders],
        "open_tickets": [tickets.ticket_out(r) for r in open_rows],
        "context_ticket": None if chat["ticket_id"] is None
        else tickets.ticket_detail(conn, chat["ticket_id"]),
        "context_order": order,
        "last_event_id": str(events.newest_id(conn)),
    }


@router.get("/chats", response_model=Page[AgentChat],
            responses=problems(400, *_AGENT_PROBLEMS, 422))
def chat_queue(
    agent: AgentUser, conn: DbConn,
    state: Annotated[list[str], filter_query(AGENT_CHAT_STATES, "chats")],
    mine: Annotated[bool, Query(description="Only chats assigned to me.")] = False,
    limit: LimitQuery = 20, cursor: CursorQuery = None,
) -> dict[str, Any]:
    """Queued chats first (longest waiting first, with waiting times), then assigned ones."""
    states = parse_states(state, AGENT_CHAT_STATES) or list(AGENT_CHAT_STATES)
    if mine:
        states = ["assigned"]
    after = (-1, 0.0, 0)
    if cursor is not None:
        raw = decode_cursor(cursor)
        g, e, k = raw.get("g"), raw.get("e"), raw.get("k")
        if not (isinstance(g, int) and isinstance(e, int | float) and isinstance(k, int)):
            raise ProblemError(400, "bad-request", "The cursor is malformed.")
        after = (g, float(e), k)
    sql = ("SELECT * FROM (SELECT c.*, CASE WHEN c.state = 'queued' THEN 0 ELSE 1 END AS g,"
           " CASE WHEN c.state = 'queued' THEN c.queued_epoch ELSE 0 END AS e FROM chats c"
           f" WHERE c.state IN ({','.join('?' * len(states))})"
           + (" AND c.agent_id = ?" if mine else "")
           + ") WHERE (g, e, id) > (?, ?, ?) ORDER BY g, e, id LIMIT ?")
    params: list[Any] = [*states, *([agent.id] if mine else []), *after, limit + 1]
    rows = conn.execute(sql, params).fetchall()
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = page[-1]
        next_cursor = encode_cursor({"g": last["g"], "e": last["e"], "k": last["id"]})
    return {"data": [repo.agent_chat_out(conn, r) for r in page], "next_cursor": next_cursor}


@router.get("/chats/{chat_id}", response_model=Handoff,
            responses=problems(*_AGENT_PROBLEMS, 404))
def chat_packet(chat_id: str, agent: AgentUser, conn: DbConn) -> dict[str, Any]:
    """The handoff packet: transcript with the assistant's cited articles, the customer's
    account, recent orders, open tickets, and the ticket or order the chat is about."""
    return handoff_packet(conn, _chat(conn, chat_id))


@router.post("/chats/{chat_id}/claim", response_model=Handoff,
             responses=problems(*_AGENT_PROBLEMS, 404, 409))
def claim(chat_id: str, agent: AgentUser, conn: DbConn, live: LiveServices) -> dict[str, Any]:
    """Take a queued chat (at most `--agent-max-chats` at once); returns the packet."""
    with live.bus.write(conn):
        chat = repo.claim(conn, _chat(conn, chat_id), agent.id, live.settings.agent_max_chats)
        return handoff_packet(conn, chat)


@router.post("/chats/{chat_id}/messages", status_code=201, response_model=ChatMessage,
             responses={200: {"description": "A resend: the message stored the first time.",
                              "model": ChatMessage},
                        **problems(400, *_AGENT_PROBLEMS, 404, 409, 422)})
async def chat_reply(chat_id: str, body: ChatMessageCreate, agent: AgentUser, conn: DbConn,
                     live: LiveServices) -> Response:
    """Reply in one of the caller's chats."""
    chat = _chat(conn, chat_id)  # indexed reads: on the loop, as streams do
    if repo.known_message(conn, chat, agent.id, body.client_message_id, body.body) is None:
        repo.assigned_to(chat, agent.id)
    return await deliver(live, conn, chat, agent, "agent", body)


@router.post("/chats/{chat_id}/typing", status_code=204, response_class=Response,
             responses=problems(*_AGENT_PROBLEMS, 404, 409))
def chat_typing(chat_id: str, agent: AgentUser, conn: DbConn, live: LiveServices) -> Response:
    """Tell the customer the agent is typing (throttled; not replayed after 5 s)."""
    chat = _chat(conn, chat_id)
    repo.assigned_to(chat, agent.id)
    if live.typing.ready((chat["id"], agent.id)):
        with live.bus.write(conn):
            repo.typing(conn, repo.load(conn, chat["id"]), "agent", agent.name)
    return Response(status_code=204)


@router.post("/chats/{chat_id}/transfer", response_model=AgentChat,
             responses=problems(*_AGENT_PROBLEMS, 404, 409))
def transfer(chat_id: str, agent: AgentUser, conn: DbConn, live: LiveServices
             ) -> dict[str, Any]:
    """Send one of the caller's chats back to the queue, at its first queue time."""
    with live.bus.write(conn):
        chat = _chat(conn, chat_id)
        repo.assigned_to(chat, agent.id)
        return repo.agent_chat_out(conn, repo.transfer(conn, chat, live.settings.agent_presence))


@router.post("/chats/{chat_id}/close", response_model=AgentChat,
             responses=problems(*_AGENT_PROBLEMS, 404, 409))
def close_chat(chat_id: str, agent: AgentUser, conn: DbConn, live: LiveServices
               ) -> dict[str, Any]:
    """Close one of the caller's chats (already closed: unchanged)."""
    with live.bus.write(conn):
        chat = _chat(conn, chat_id)
        if chat["state"] != "closed":
            repo.assigned_to(chat, agent.id)
        return repo.agent_chat_out(conn, repo.close(conn, chat, "agent"))


@router.post("/chats/{chat_id}/ticket", status_code=201, response_model=TicketDetail,
             responses={200: {"description": "Already converted: that ticket.",
                              "model": TicketDetail},
                        **problems(400, *_AGENT_PROBLEMS, 404, 409, 422)})
def chat_to_ticket(chat_id: str, body: ChatTicketCreate, request: Request, agent: AgentUser,
                   conn: DbConn, live: LiveServices, idempotency_key: IdempotencyKey = None
                   ) -> Response:
    """Turn a queued chat or one of the caller's into a ticket of its customer."""
    chat = _chat(conn, chat_id)
    return to_ticket_response(live, conn, request, agent, chat["id"], body, idempotency_key,
                              "agent")


# --- tickets ---------------------------------------------------------------------------------

def _agent_ticket_out(row: sqlite3.Row) -> dict[str, Any]:
    return {**tickets.ticket_out(row),
            "requester": {"id": ids.user_id(row["user_id"]), "name": row["requester_name"],
                          "email": row["requester_email"]}}


def _ticket(conn: sqlite3.Connection, public_id: str) -> sqlite3.Row:
    row_id = ids.parse_ticket(public_id)
    row: sqlite3.Row | None = None
    if row_id is not None:
        row = conn.execute(_TICKETS + " WHERE t.id = ?", (row_id,)).fetchone()
    if row is None:
        raise not_found(f"ticket {public_id[:64]}")
    return row


def _ticket_closed(row: sqlite3.Row) -> ProblemError:
    public_id = ids.ticket_id(row["id"])
    return ProblemError(409, "ticket-closed", f"Ticket {public_id} is closed and cannot change.",
                        hint=f"The customer can open a follow-up (follow_up_of={public_id}).")


@router.get("/tickets", response_model=Page[AgentTicket],
            responses=problems(400, *_AGENT_PROBLEMS, 422))
def ticket_queue(
    agent: AgentUser, conn: DbConn,
    status: Annotated[list[str], filter_query(TICKET_STATUSES, "tickets")],
    limit: LimitQuery = 20, cursor: CursorQuery = None,
) -> dict[str, Any]:
    """Every customer's tickets, oldest first; by default those waiting on us (new, open)."""
    statuses = parse_states(status, TICKET_STATUSES, "status") or ["new", "open"]
    after = cursor_int(cursor) or 0
    rows = conn.execute(
        _TICKETS + f" WHERE t.status IN ({','.join('?' * len(statuses))}) AND t.id > ?"
        " ORDER BY t.id LIMIT ?", (*statuses, after, limit + 1)).fetchall()
    page, next_cursor = page_by_id(rows, limit)
    return {"data": [_agent_ticket_out(r) for r in page], "next_cursor": next_cursor}


def _ticket_detail(conn: sqlite3.Connection, ticket_id: int) -> dict[str, Any]:
    row = conn.execute(_TICKETS + " WHERE t.id = ?", (ticket_id,)).fetchone()
    notes = conn.execute("SELECT id FROM ticket_notes WHERE ticket_id = ? ORDER BY id",
                         (ticket_id,)).fetchall()
    return {**_agent_ticket_out(row), "messages": tickets.messages_out(conn, ticket_id),
            "notes": [events.note_out(conn, n["id"]) for n in notes]}


@router.get("/tickets/{ticket_id}", response_model=AgentTicketDetail,
            responses=problems(*_AGENT_PROBLEMS, 404))
def ticket(ticket_id: str, agent: AgentUser, conn: DbConn) -> dict[str, Any]:
    """A ticket with its public thread, internal notes and requester."""
    return _ticket_detail(conn, _ticket(conn, ticket_id)["id"])


@router.post("/tickets/{ticket_id}/messages", status_code=201, response_model=Message,
             responses=problems(400, *_AGENT_PROBLEMS, 404, 409, 422))
def ticket_reply(ticket_id: str, body: AgentReply, request: Request, agent: AgentUser,
                 conn: DbConn, live: LiveServices, idempotency_key: IdempotencyKey = None
                 ) -> Response:
    """A public reply the customer sees; `status` sets the status with it (`new` -> `open`
    otherwise)."""
    with live.bus.write(conn):
        idem = Idempotency(conn, agent.id, idempotency_key,
                           fingerprint("POST", request.url.path, body))
        if (replayed := idem.replay()) is not None:
            return replayed
        row = _ticket(conn, ticket_id)
        if row["status"] == "closed":
            raise _ticket_closed(row)
        message_id = tickets.add_message(conn, row["id"], agent.id, body.body)
        status = body.status or ("open" if row["status"] == "new" else row["status"])
        if status != row["status"]:
            conn.execute("UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?",
                         (status, now_iso(), row["id"]))
        return idem.respond(201, tickets.messages_out(conn, row["id"], message_id)[0])


@router.post("/tickets/{ticket_id}/notes", status_code=201, response_model=Note,
             responses=problems(400, *_AGENT_PROBLEMS, 404, 409, 422))
def ticket_note(ticket_id: str, body: NoteCreate, request: Request, agent: AgentUser,
                conn: DbConn, live: LiveServices, idempotency_key: IdempotencyKey = None
                ) -> Response:
    """An internal note: agents only, never shown to the customer."""
    with live.bus.write(conn):
        idem = Idempotency(conn, agent.id, idempotency_key,
                           fingerprint("POST", request.url.path, body))
        if (replayed := idem.replay()) is not None:
            return replayed
        row = _ticket(conn, ticket_id)
        cur = conn.execute("INSERT INTO ticket_notes (ticket_id, author_id, body, created_at)"
                           " VALUES (?, ?, ?, ?)", (row["id"], agent.id, body.body, now_iso()))
        return idem.respond(201, events.note_out(conn, int(cur.lastrowid or 0)))


@router.post("/tickets/{ticket_id}/status", response_model=AgentTicket,
             responses=problems(400, *_AGENT_PROBLEMS, 404, 409, 422))
def ticket_status(ticket_id: str, body: StatusChange, agent: AgentUser, conn: DbConn,
                  live: LiveServices) -> dict[str, Any]:
    """Set the status (`closed` is final)."""
    with live.bus.write(conn):
        row = _ticket(conn, ticket_id)
        if row["status"] == "closed" and body.status != "closed":
            raise _ticket_closed(row)
        if body.status != row["status"]:
            conn.execute("UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?",
                         (body.status, now_iso(), row["id"]))
        return _agent_ticket_out(_ticket(conn, ticket_id))


# --- the agent's stream ----------------------------------------------------------------------

@router.get("/events", response_class=EventSourceResponse,
            responses=stream_responses(AgentStreamEvent, *_AGENT_PROBLEMS))
async def agent_events(request: Request, agent: AgentUser, after: LiveStart
                       ) -> AsyncIterator[AgentStreamEvent]:
    """Queue changes, every ticket event (notes included) and the events of the caller's
    chats. Holding it open keeps the agent signed in."""
    live: Live = request.app.state.live
    pool = live.pool

    def still_here() -> None:
        conn = pool.acquire()
        try:
            presence.touch(live, conn, agent.id)
        finally:
            pool.release(conn)

    async def on_quiet() -> None:
        await to_thread.run_sync(still_here)

    async for item in open_stream(request, events.Audience(agent_id=agent.id), after,
                                  on_quiet):
        yield item
