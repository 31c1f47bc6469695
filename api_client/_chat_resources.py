"""Chats, ticket events and the agent's routes, written once for both clients.

Like ``_resources``: each method says what to request and how to read the answer. Messages
carry a ``client_message_id`` (generated when not given): the server echoes it in the message
and its event, and a resend with the same id is answered with the stored message, so an
outbox can resend safely. Creates get an ``Idempotency-Key`` once per logical call.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from ._core import Spec, model_parser, no_content, query, segment
from ._live import streamer
from ._resources import StatusFilter, _key, _status_param
from ._runner import Group, PageFn, R, endpoint, pager
from ._streams import DEFAULT_KEEPALIVE, ConnectionState, StreamSpec
from .chat_models import (
    AgentChat,
    AgentTicket,
    AgentTicketDetail,
    Chat,
    ChatDetail,
    ChatMessage,
    Event,
    Handoff,
    Note,
    parse_event,
)
from .models import Message, Page, Rating, TicketDetail, TicketStatus

StateCallback = Callable[[ConnectionState], None] | None


def new_client_message_id() -> str:
    """A fresh client message id (``[A-Za-z0-9._:-]``, at most 64 characters)."""
    return f"c-{uuid.uuid4().hex}"


def _chat(chat_id: str) -> str:
    return f"/v1/chats/{segment(chat_id, 'chat id')}"


def _agent_chat(chat_id: str) -> str:
    return f"/v1/agent/chats/{segment(chat_id, 'chat id')}"


def _agent_ticket(ticket_id: str) -> str:
    return f"/v1/agent/tickets/{segment(ticket_id, 'ticket id')}"


def _stream(path: str, last_event_id: str | None, keepalive: float, wait_for_server: bool,
            give_up_after: float | None, on_state: StateCallback) -> StreamSpec[Event]:
    return StreamSpec(path, parse_event, last_event_id=last_event_id,
                      read_timeout=3 * keepalive, wait_for_server=wait_for_server,
                      give_up_after=give_up_after, on_state=on_state)


def _message_body(body: str, client_message_id: str | None) -> dict[str, Any]:
    return {"body": body, "client_message_id": client_message_id or new_client_message_id()}


def _ticket_body(subject: str | None) -> dict[str, Any]:
    return {} if subject is None else {"subject": subject}


class Chats(Group[R]):
    """The caller's chats: the assistant answers first, a person on request."""

    @endpoint
    def create(self, ticket_id: str | None = None, order_id: str | None = None,
               idempotency_key: str | None = None) -> Spec[ChatDetail]:
        """Start a chat, optionally about one of the caller's tickets or orders."""
        body = {k: v for k, v in (("ticket_id", ticket_id), ("order_id", order_id)) if v}
        return Spec("POST", "/v1/chats", model_parser(ChatDetail), json=body,
                    idempotency_key=_key(idempotency_key))

    @endpoint
    def list(self, state: StatusFilter = None, limit: int | None = None,
             cursor: str | None = None) -> Spec[Page[Chat]]:
        """One page of the caller's chats, newest first; ``state`` filters."""
        return Spec("GET", "/v1/chats", model_parser(Page[Chat]),
                    params=query(state=_status_param(state), limit=limit, cursor=cursor))

    @pager
    def iter(self, state: StatusFilter = None, limit: int | None = None) -> PageFn[Chat]:
        """Every chat (of the states), fetching pages lazily."""
        return lambda cursor: Spec(
            "GET", "/v1/chats", model_parser(Page[Chat]),
            params=query(state=_status_param(state), limit=limit, cursor=cursor))

    @endpoint
    def get(self, chat_id: str) -> Spec[ChatDetail]:
        """The transcript, with ``last_event_id`` to stream on from."""
        return Spec("GET", _chat(chat_id), model_parser(ChatDetail))

    @endpoint
    def send(self, chat_id: str, body: str,
             client_message_id: str | None = None) -> Spec[ChatMessage]:
        """Send a message; resending with the same ``client_message_id`` stores nothing new
        (the stored message comes back). A closed chat raises ConflictError ``chat-closed``."""
        return Spec("POST", f"{_chat(chat_id)}/messages", model_parser(ChatMessage),
                    json=_message_body(body, client_message_id))

    @endpoint
    def typing(self, chat_id: str) -> Spec[None]:
        """Tell the other side the caller is typing (the server throttles)."""
        return Spec("POST", f"{_chat(chat_id)}/typing", no_content)

    @endpoint
    def handoff(self, chat_id: str) -> Spec[Chat]:
        """"Talk to a person": queue the chat for an agent."""
        return Spec("POST", f"{_chat(chat_id)}/handoff", model_parser(Chat))

    @endpoint
    def close(self, chat_id: str) -> Spec[Chat]:
        """End the chat (closing a closed chat changes nothing)."""
        return Spec("POST", f"{_chat(chat_id)}/close", model_parser(Chat))

    @endpoint
    def rate(self, chat_id: str, score: int, comment: str | None = None) -> Spec[Rating]:
        """Rate a closed chat 1–5; rating again replaces the rating."""
        payload: dict[str, Any] = {"score": score}
        if comment is not None:
            payload["comment"] = comment
        return Spec("POST", f"{_chat(chat_id)}/rating", model_parser(Rating), json=payload)

    @endpoint
    def to_ticket(self, chat_id: str, subject: str | None = None,
                  idempotency_key: str | None = None) -> Spec[TicketDetail]:
        """Turn the chat into a ticket carrying the transcript (accepts a ticket offer)."""
        return Spec("POST", f"{_chat(chat_id)}/ticket", model_parser(TicketDetail),
                    json=_ticket_body(subject), idempotency_key=_key(idempotency_key))

    @streamer
    def events(self, chat_id: str, last_event_id: str | None = None, *,
               keepalive: float = DEFAULT_KEEPALIVE, wait_for_server: bool = False,
               give_up_after: float | None = None,
               on_state: StateCallback = None) -> StreamSpec[Event]:
        """The chat's events; without ``last_event_id`` the whole chat from its start.

        ``keepalive`` is the server's keep-alive interval (reads time out after 3x it);
        ``on_state(ConnectionState)`` hears every change of the connection's state.
        """
        return _stream(f"{_chat(chat_id)}/events", last_event_id, keepalive, wait_for_server,
                       give_up_after, on_state)


class Events(Group[R]):
    """Live updates of the caller's tickets."""

    @streamer
    def stream(self, last_event_id: str | None = None, *,
               keepalive: float = DEFAULT_KEEPALIVE, wait_for_server: bool = False,
               give_up_after: float | None = None,
               on_state: StateCallback = None) -> StreamSpec[Event]:
        """Public replies (``TicketMessageEvent``) and status changes (``TicketStatusEvent``)
        on the caller's tickets; without ``last_event_id``, only what happens from now."""
        return _stream("/v1/events", last_event_id, keepalive, wait_for_server,
                       give_up_after, on_state)


def _agent_chats_page(state: StatusFilter, mine: bool | None, limit: int | None,
                      cursor: str | None) -> Spec[Page[AgentChat]]:
    return Spec("GET", "/v1/agent/chats", model_parser(Page[AgentChat]),
                params=query(state=_status_param(state), mine=mine, limit=limit, cursor=cursor))


def _agent_tickets_page(status: StatusFilter, limit: int | None,
                        cursor: str | None) -> Spec[Page[AgentTicket]]:
    return Spec("GET", "/v1/agent/tickets", model_parser(Page[AgentTicket]),
                params=query(status=_status_param(status), limit=limit, cursor=cursor))


class Agent(Group[R]):
    """The agent's side; a customer gets PermissionDeniedError on every method."""

    @endpoint
    def queue(self, state: StatusFilter = None, mine: bool | None = None,
              limit: int | None = None, cursor: str | None = None) -> Spec[Page[AgentChat]]:
        """Queued chats (longest waiting first), then assigned ones; ``mine`` only the
        caller's."""
        return _agent_chats_page(state, mine, limit, cursor)

    @pager
    def iter_queue(self, state: StatusFilter = None, mine: bool | None = None,
                   limit: int | None = None) -> PageFn[AgentChat]:
        """Every chat of the queue, fetching pages lazily."""
        return lambda cursor: _agent_chats_page(state, mine, limit, cursor)

    @endpoint
    def chat(self, chat_id: str) -> Spec[Handoff]:
        """The handoff packet: transcript, account, orders, open tickets, context."""
        return Spec("GET", _agent_chat(chat_id), model_parser(Handoff))

    @endpoint
    def claim(self, chat_id: str) -> Spec[Handoff]:
        """Take a queued chat (ConflictError: taken, or ``chat-limit`` reached)."""
        return Spec("POST", f"{_agent_chat(chat_id)}/claim", model_parser(Handoff))

    @endpoint
    def reply(self, chat_id: str, body: str,
              client_message_id: str | None = None) -> Spec[ChatMessage]:
        """Answer in one of the caller's chats (same resend rule as ``chats.send``)."""
        return Spec("POST", f"{_agent_chat(chat_id)}/messages", model_parser(ChatMessage),
                    json=_message_body(body, client_message_id))

    @endpoint
    def typing(self, chat_id: str) -> Spec[None]:
        """Tell the customer the agent is typing."""
        return Spec("POST", f"{_agent_chat(chat_id)}/typing", no_content)

    @endpoint
    def transfer(self, chat_id: str) -> Spec[AgentChat]:
        """Send the chat back to the queue (near its front)."""
        return Spec("POST", f"{_agent_chat(chat_id)}/transfer", model_parser(AgentChat))

    @endpoint
    def close(self, chat_id: str) -> Spec[AgentChat]:
        """Close one of the caller's chats."""
        return Spec("POST", f"{_agent_chat(chat_id)}/close", model_parser(AgentChat))

    @endpoint
    def to_ticket(self, chat_id: str, subject: str | None = None,
                  idempotency_key: str | None = None) -> Spec[TicketDetail]:
        """Turn the chat into a ticket of its customer (the chat closes)."""
        return Spec("POST", f"{_agent_chat(chat_id)}/ticket", model_parser(TicketDetail),
                    json=_ticket_body(subject), idempotency_key=_key(idempotency_key))

    @endpoint
    def tickets(self, status: StatusFilter = None, limit: int | None = None,
                cursor: str | None = None) -> Spec[Page[AgentTicket]]:
        """The ticket queue, oldest first (server default: new and open)."""
        return _agent_tickets_page(status, limit, cursor)

    @pager
    def iter_tickets(self, status: StatusFilter = None,
                     limit: int | None = None) -> PageFn[AgentTicket]:
        """Every ticket of the queue, fetching pages lazily."""
        return lambda cursor: _agent_tickets_page(status, limit, cursor)

    @endpoint
    def ticket(self, ticket_id: str) -> Spec[AgentTicketDetail]:
        """A ticket with its public messages and internal notes."""
        return Spec("GET", _agent_ticket(ticket_id), model_parser(AgentTicketDetail))

    @endpoint
    def reply_ticket(self, ticket_id: str, body: str, status: TicketStatus | None = None,
                     idempotency_key: str | None = None) -> Spec[Message]:
        """A public reply; ``status`` sets the ticket's status in the same step."""
        payload: dict[str, Any] = {"body": body}
        if status is not None:
            payload["status"] = status
        return Spec("POST", f"{_agent_ticket(ticket_id)}/messages", model_parser(Message),
                    json=payload, idempotency_key=_key(idempotency_key))

    @endpoint
    def note(self, ticket_id: str, body: str,
             idempotency_key: str | None = None) -> Spec[Note]:
        """An internal note, never shown to the customer."""
        return Spec("POST", f"{_agent_ticket(ticket_id)}/notes", model_parser(Note),
                    json={"body": body}, idempotency_key=_key(idempotency_key))

    @endpoint
    def set_status(self, ticket_id: str, status: TicketStatus) -> Spec[AgentTicket]:
        """Change a ticket's status (a closed ticket raises TicketClosedError)."""
        return Spec("POST", f"{_agent_ticket(ticket_id)}/status", model_parser(AgentTicket),
                    json={"status": status})

    @streamer
    def events(self, last_event_id: str | None = None, *,
               keepalive: float = DEFAULT_KEEPALIVE, wait_for_server: bool = False,
               give_up_after: float | None = None,
               on_state: StateCallback = None) -> StreamSpec[Event]:
        """The agent's stream: queue changes, every ticket event (notes too), and every
        event of the caller's chats; only what happens from now without an id."""
        return _stream("/v1/agent/events", last_event_id, keepalive, wait_for_server,
                       give_up_after, on_state)


__all__ = ["Agent", "Chats", "ConnectionState", "Events", "new_client_message_id"]
