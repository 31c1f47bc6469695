"""Tickets: list, create, read, reply, close, reopen, rate (the requester's view)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response

from helpdesk_server import ids
from helpdesk_server import tickets_repo as repo
from helpdesk_server.bodylimit import max_body
from helpdesk_server.db import write_transaction
from helpdesk_server.deps import CurrentUser, DbConn
from helpdesk_server.errors import ProblemError
from helpdesk_server.idempotency import Idempotency, fingerprint
from helpdesk_server.pagination import CursorQuery, LimitQuery, Page, cursor_int, page_by_id
from helpdesk_server.refs import owned_ref
from helpdesk_server.routes._filters import parse_statuses, status_query
from helpdesk_server.routes._openapi import IdempotencyKey, problems
from helpdesk_server.schemas.tickets import (
    TICKET_STATUSES,
    Message,
    MessageCreate,
    Rating,
    RatingCreate,
    Ticket,
    TicketCreate,
    TicketDetail,
)
from helpdesk_server.timeutil import now_iso, parse_iso, utcnow

router = APIRouter(prefix="/v1/tickets", tags=["tickets"])

RATING_WINDOW = timedelta(days=14)
_REPLY_REOPENS = frozenset({"pending", "solved"})
# A 20,000-character body, every character escaped as a 12-byte surrogate pair, and more.
_MESSAGE_MAX_BODY = 512 * 1024

StatusQuery = Annotated[list[str], status_query(TICKET_STATUSES)]


def _statuses(raw: list[str]) -> list[str]:
    return parse_statuses(raw, TICKET_STATUSES)


def _closed(ticket_public_id: str) -> ProblemError:
    return ProblemError(
        409,
        "ticket-closed",
        f"Ticket {ticket_public_id} is closed and cannot change.",
        hint=f"Open a new ticket with follow_up_of={ticket_public_id} to continue.",
    )


@router.get("", response_model=Page[Ticket], responses=problems(400, 401, 422))
def list_tickets(
    user: CurrentUser,
    conn: DbConn,
    status: StatusQuery,
    limit: LimitQuery = 20,
    cursor: CursorQuery = None,
) -> dict[str, Any]:
    """The caller's tickets, newest first."""
    rows = repo.list_tickets(conn, user.id, _statuses(status), cursor_int(cursor), limit)
    page, next_cursor = page_by_id(rows, limit)
    return {"data": [repo.ticket_out(r) for r in page], "next_cursor": next_cursor}


@router.post("", status_code=201, response_model=TicketDetail,
             responses=problems(400, 401, 409, 422))
@max_body(_MESSAGE_MAX_BODY)
def create_ticket(
    body: TicketCreate,
    request: Request,
    user: CurrentUser,
    conn: DbConn,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Open a ticket (status `new`) with its first message."""
    with write_transaction(conn):
        idem = Idempotency(conn, user.id, idempotency_key,
                           fingerprint("POST", request.url.path, body))
        if (replayed := idem.replay()) is not None:
            return replayed
        order_id = owned_ref(conn, user.id, "orders", "order_id", body.order_id, ids.parse_order)
        follow_up = owned_ref(conn, user.id, "tickets", "follow_up_of", body.follow_up_of,
                               ids.parse_ticket)
        attachments = repo.claim_attachments(conn, user.id, body.attachment_ids)
        ticket_id = repo.create_ticket(
            conn, user.id, body.subject, body.body, priority=body.priority, category=body.category,
            order_id=order_id, follow_up_of=follow_up, attachment_ids=attachments,
        )
        return idem.respond(201, repo.ticket_detail(conn, ticket_id))


@router.get("/{ticket_id}", response_model=TicketDetail, responses=problems(401, 404))
def get_ticket(ticket_id: str, user: CurrentUser, conn: DbConn) -> dict[str, Any]:
    """One ticket with its whole thread, oldest message first."""
    row = repo.owned_ticket(conn, user.id, ticket_id)
    return {**repo.ticket_out(row), "messages": repo.messages_out(conn, row["id"])}


@router.post("/{ticket_id}/messages", status_code=201, response_model=Message,
             responses=problems(400, 401, 404, 409, 422))
@max_body(_MESSAGE_MAX_BODY)
def reply(
    ticket_id: str,
    body: MessageCreate,
    request: Request,
    user: CurrentUser,
    conn: DbConn,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Add a reply; it moves a `pending` or `solved` ticket back to `open`."""
    with write_transaction(conn):
        idem = Idempotency(conn, user.id, idempotency_key,
                           fingerprint("POST", request.url.path, body))
        if (replayed := idem.replay()) is not None:
            return replayed
        row = repo.owned_ticket(conn, user.id, ticket_id)
        public_id = ids.ticket_id(row["id"])
        if row["status"] == "closed":
            raise _closed(public_id)
        attachments = repo.claim_attachments(conn, user.id, body.attachment_ids)
        message_id = repo.add_message(conn, row["id"], user.id, body.body, attachments)
        if row["status"] in _REPLY_REOPENS:
            conn.execute("UPDATE tickets SET status = 'open' WHERE id = ?", (row["id"],))
        return idem.respond(201, repo.messages_out(conn, row["id"], message_id)[0])


@router.post("/{ticket_id}/close", response_model=Ticket, responses=problems(401, 404))
def close(ticket_id: str, user: CurrentUser, conn: DbConn) -> dict[str, Any]:
    """Close for good (idempotent: closing a closed ticket changes nothing)."""
    with write_transaction(conn):
        row = repo.owned_ticket(conn, user.id, ticket_id)
        if row["status"] != "closed":
            conn.execute("UPDATE tickets SET status = 'closed', updated_at = ? WHERE id = ?",
                         (now_iso(), row["id"]))
            row = repo.load_ticket(conn, row["id"])
        return repo.ticket_out(row)


@router.post("/{ticket_id}/reopen", response_model=Ticket,
             responses=problems(401, 404, 409))
def reopen(ticket_id: str, user: CurrentUser, conn: DbConn) -> dict[str, Any]:
    """`solved` -> `open`; a closed ticket stays closed (409); others are unchanged."""
    with write_transaction(conn):
        row = repo.owned_ticket(conn, user.id, ticket_id)
        if row["status"] == "closed":
            raise _closed(ids.ticket_id(row["id"]))
        if row["status"] == "solved":
            conn.execute("UPDATE tickets SET status = 'open', updated_at = ? WHERE id = ?",
                         (now_iso(), row["id"]))
            row = repo.load_ticket(conn, row["id"])
        return repo.ticket_out(row)


@router.post("/{ticket_id}/rating", response_model=Rating,
             responses=problems(400, 401, 404, 409, 422))
def rate(ticket_id: str, body: RatingCreate, user: CurrentUser, conn: DbConn) -> dict[str, Any]:
    """Rate a solved or closed ticket; the rating can be changed for 14 days."""
    with write_transaction(conn):
        row = repo.owned_ticket(conn, user.id, ticket_id)
        if row["status"] not in ("solved", "closed"):
            raise ProblemError(409, "conflict",
                               f"Ticket {ids.ticket_id(row['id'])} is {row['status']}; only solved "
                               "or closed tickets can be rated.")
        now = utcnow()
        first = row["first_rated_at"]
        if first is not None and now - parse_iso(first) > RATING_WINDOW:
            raise ProblemError(409, "conflict",
                               "The rating can no longer be changed (14 days have passed).")
        stamp = now_iso()
        conn.execute(
            "UPDATE tickets SET rating_score = ?, rating_comment = ?, rated_at = ?,"
            " first_rated_at = COALESCE(first_rated_at, ?) WHERE id = ?",
            (body.score, body.comment or None, stamp, stamp, row["id"]),
        )
        return {"score": body.score, "comment": body.comment or None, "rated_at": stamp}
