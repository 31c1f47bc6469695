"""Typed models of live chat, event streams and the agent routes (docs/api.md, "Live chat").

Kept apart from :mod:`api_client.models` so that ``import api_client`` does not pay for them;
they load when a client's ``chats``, ``events`` or ``agent`` group is first used.

Events form a tagged union (:data:`Event`) on ``type``; :func:`parse_event` never raises:
a type this client does not know, or a payload that does not fit, becomes an
:class:`UnknownEvent` (the server may add types; a stream must never crash on one).
"""

from __future__ import annotations

import json
from typing import Any, Literal, TypeAlias

import msgspec

from . import errors
from ._validate import parse
from .models import (
    Message,
    Model,
    Order,
    OrderDetail,
    Rating,
    Ticket,
    TicketDetail,
    TicketStatus,
    Timestamp,
    User,
)

__all__ = [
    "Agent", "AgentChat", "AgentJoinedEvent", "AgentTicket", "AgentTicketDetail", "Chat",
    "ChatAuthor", "ChatDetail", "ChatEvent", "ChatMessage", "ChatState", "CitedArticle",
    "ClosedEvent", "Customer", "Event", "Handoff", "LastMessage", "MessageEvent", "Note",
    "NoteAuthor", "QueueChangedEvent", "QueuePositionEvent", "RatingRequestedEvent",
    "StateEvent", "TicketCreatedEvent", "TicketMessageEvent", "TicketNoteEvent",
    "TicketOfferEvent", "TicketStatusEvent", "TransferredEvent", "TypingEvent",
    "UnknownEvent", "parse_event",
]

ChatState = Literal["assistant", "queued", "assigned", "closed"]
ChatRole = Literal["customer", "agent", "assistant", "system"]


# --- chats ---------------------------------------------------------------------------------


class Agent(Model, frozen=True):
    id: str
    name: str


class CitedArticle(Model, frozen=True):
    """An article the assistant cited: ``answer`` is a short answer taken from it."""

    id: str
    slug: str
    title: str
    answer: str


class ChatAuthor(Model, frozen=True):
    id: str | None
    name: str
    role: str  # ChatRole; str so a new kind of author does not break a transcript


class ChatMessage(Model, frozen=True):
    """``client_message_id`` is the sender's own id, echoed so it recognises its message."""

    id: str
    chat_id: str
    author: ChatAuthor
    body: str
    client_message_id: str | None
    articles: list[CitedArticle]
    created_at: Timestamp


class LastMessage(Model, frozen=True):
    role: str
    body: str  # at most 200 characters
    created_at: Timestamp


class Chat(Model, frozen=True):
    id: str
    state: ChatState
    ticket_id: str | None
    order_id: str | None
    agent: Agent | None
    queue_position: int | None
    created_at: Timestamp
    updated_at: Timestamp
    closed_at: Timestamp | None
    converted_ticket_id: str | None
    rating: Rating | None
    last_message: LastMessage | None


class ChatDetail(Chat, frozen=True):
    """The transcript; stream from ``last_event_id`` to continue without a gap."""

    messages: list[ChatMessage]
    last_event_id: str | None


class Customer(Model, frozen=True):
    id: str
    name: str
    email: str


class AgentChat(Chat, frozen=True):
    customer: Customer
    waiting_seconds: int | None
    queued_at: Timestamp | None


class Handoff(AgentChat, frozen=True):
    """Everything an agent needs to take over without asking the customer to repeat."""

    messages: list[ChatMessage]
    customer_account: User
    recent_orders: list[Order]
    open_tickets: list[Ticket]
    context_ticket: TicketDetail | None
    context_order: OrderDetail | None
    last_event_id: str | None


class NoteAuthor(Model, frozen=True):
    id: str
    name: str
    role: str


class Note(Model, frozen=True):
    """An internal note on a ticket: agents only, never shown to the customer."""

    id: str
    ticket_id: str
    author: NoteAuthor
    body: str
    created_at: Timestamp


class AgentTicket(Ticket, frozen=True):
    requester: Customer


class AgentTicketDetail(AgentTicket, frozen=True):
    messages: list[Message]
    notes: list[Note]


# --- events --------------------------------------------------------------------------------


class _EventBase(Model, frozen=True):
    """Fields every event has; ``id`` is the SSE id a stream resumes after."""

    id: str
    created_at: Timestamp
    chat_id: str | None
    ticket_id: str | None


class MessageEvent(_EventBase, frozen=True):
    message: ChatMessage
    type: Literal["message"] = "message"


class TypingEvent(_EventBase, frozen=True):
    """The other side is typing (``role`` customer or agent)."""

    role: str
    name: str
    type: Literal["typing"] = "typing"


class StateEvent(_EventBase, frozen=True):
    state: ChatState
    queue_position: int | None
    agent: Agent | None
    type: Literal["state"] = "state"


class QueuePositionEvent(_EventBase, frozen=True):
    """``position`` 1 is next; ``queued`` chats are waiting in all."""

    position: int
    queued: int
    type: Literal["queue_position"] = "queue_position"


class AgentJoinedEvent(_EventBase, frozen=True):
    agent: Agent
    type: Literal["agent_joined"] = "agent_joined"


class TransferredEvent(_EventBase, frozen=True):
    """The agent sent the chat back to the queue."""

    agent: Agent
    type: Literal["transferred"] = "transferred"


class TicketOfferEvent(_EventBase, frozen=True):
    """No agent in time: the chat may become a ticket (``chats.to_ticket``)."""

    reason: str
    waited_seconds: int
    hint: str
    type: Literal["ticket_offer"] = "ticket_offer"


class ClosedEvent(_EventBase, frozen=True):
    closed_by: str
    converted_ticket_id: str | None
    type: Literal["closed"] = "closed"


class RatingRequestedEvent(_EventBase, frozen=True):
    type: Literal["rating_requested"] = "rating_requested"


class Requester(Model, frozen=True):
    id: str
    name: str


class TicketCreatedEvent(_EventBase, frozen=True):
    subject: str
    requester: Requester
    type: Literal["ticket_created"] = "ticket_created"


class TicketMessageEvent(_EventBase, frozen=True):
    """A public reply on a ticket (the customer's own too)."""

    message: Message
    type: Literal["ticket_message"] = "ticket_message"


class TicketStatusEvent(_EventBase, frozen=True):
    status: TicketStatus
    previous_status: TicketStatus | None
    type: Literal["ticket_status"] = "ticket_status"


class TicketNoteEvent(_EventBase, frozen=True):
    note: Note
    type: Literal["ticket_note"] = "ticket_note"


class QueueChangedEvent(_EventBase, frozen=True):
    chat: AgentChat
    change: str  # queued | claimed | transferred | left
    queued: int
    type: Literal["queue_changed"] = "queue_changed"


class UnknownEvent(Model, frozen=True):
    """An event this client cannot read as one of its types: a new type (``problem`` None)
    or a payload that does not fit (``problem`` says why). ``data`` is the raw JSON object.
    It still carries its ``id``, so resuming after it works."""

    id: str
    type: str
    data: dict[str, Any]
    problem: str | None = None


ChatEvent: TypeAlias = (
    MessageEvent | TypingEvent | StateEvent | QueuePositionEvent | AgentJoinedEvent
    | TransferredEvent | TicketOfferEvent | ClosedEvent | RatingRequestedEvent
)
TicketEvent: TypeAlias = (
    TicketCreatedEvent | TicketMessageEvent | TicketStatusEvent | TicketNoteEvent
)
Event: TypeAlias = ChatEvent | TicketEvent | QueueChangedEvent | UnknownEvent
"""Anything a stream yields; branch with ``isinstance`` or ``match`` on the class."""

EVENT_TYPES: dict[str, type[Any]] = {
    str(next(f.default for f in msgspec.structs.fields(cls) if f.name == "type")): cls
    for cls in (MessageEvent, TypingEvent, StateEvent, QueuePositionEvent, AgentJoinedEvent,
                TransferredEvent, TicketOfferEvent, ClosedEvent, RatingRequestedEvent,
                TicketCreatedEvent, TicketMessageEvent, TicketStatusEvent, TicketNoteEvent,
                QueueChangedEvent)
}


def parse_event(name: str, data: str, event_id: str) -> Event:
    """One SSE block (``event:``, ``data:``, ``id:``) as a typed event; never raises."""
    try:
        raw = json.loads(data)
    except ValueError:
        return UnknownEvent(event_id, name, {}, "data is not JSON")
    if not isinstance(raw, dict):
        return UnknownEvent(event_id, name, {}, "data is not a JSON object")
    given = raw.get("type")
    kind = given if isinstance(given, str) else name
    raw.setdefault("id", event_id)
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        return UnknownEvent(str(raw["id"]), kind, raw)
    try:
        event: Event = parse(cls, raw)
    except errors.InvalidResponseError as exc:
        return UnknownEvent(str(raw["id"]), kind, raw, exc.message)
    return event
