"""Typed models of live chat, event streams and the agent routes (docs/api.md, "Live chat").

Kept apart from :mod:`api_client.models` so that ``import api_client`` does not pay for them:
building frozen dataclasses costs time at import, and only chat and agent code needs these.
They load when a client's ``chats``, ``events`` or ``agent`` group is first used.

Events form a tagged union (:data:`Event`) on ``type``; :func:`parse_event` never raises:
a type this client does not know, or a payload that does not fit, becomes an
:class:`UnknownEvent` (the server may add types; a stream must never crash on one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeAlias

from . import errors
from ._validate import parse
from .models import (
    Message,
    Order,
    OrderDetail,
    Priority,  # noqa: F401 - the validator resolves AgentTicket's inherited hints here
    Rating,
    Ticket,
    TicketDetail,
    TicketStatus,
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


@dataclass(frozen=True, slots=True)
class Agent:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class CitedArticle:
    """An article the assistant cited: ``answer`` is a short answer taken from it."""

    id: str
    slug: str
    title: str
    answer: str


@dataclass(frozen=True, slots=True)
class ChatAuthor:
    id: str | None
    name: str
    role: str  # ChatRole; str so a new kind of author does not break a transcript


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """``client_message_id`` is the sender's own id, echoed so it recognises its message."""

    id: str
    chat_id: str
    author: ChatAuthor
    body: str
    client_message_id: str | None
    articles: list[CitedArticle]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LastMessage:
    role: str
    body: str  # at most 200 characters
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Chat:
    id: str
    state: ChatState
    ticket_id: str | None
    order_id: str | None
    agent: Agent | None
    queue_position: int | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    converted_ticket_id: str | None
    rating: Rating | None
    last_message: LastMessage | None


@dataclass(frozen=True, slots=True)
class ChatDetail(Chat):
    """The transcript; stream from ``last_event_id`` to continue without a gap."""

    messages: list[ChatMessage]
    last_event_id: str | None


@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class AgentChat(Chat):
    customer: Customer
    waiting_seconds: int | None
    queued_at: datetime | None


@dataclass(frozen=True, slots=True)
class Handoff(AgentChat):
    """Everything an agent needs to take over without asking the customer to repeat."""

    messages: list[ChatMessage]
    customer_account: User
    recent_orders: list[Order]
    open_tickets: list[Ticket]
    context_ticket: TicketDetail | None
    context_order: OrderDetail | None
    last_event_id: str | None


@dataclass(frozen=True, slots=True)
class NoteAuthor:
    id: str
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Note:
    """An internal note on a ticket: agents only, never shown to the customer."""

    id: str
    ticket_id: str
    author: NoteAuthor
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AgentTicket(Ticket):
    requester: Customer


@dataclass(frozen=True, slots=True)
class AgentTicketDetail(AgentTicket):
    messages: list[Message]
    notes: list[Note]


# --- events --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _EventBase:
    """Fields every event has; ``id`` is the SSE id a stream resumes after."""

    id: str
    created_at: datetime
    chat_id: str | None
    ticket_id: str | None


@dataclass(frozen=True, slots=True)
class MessageEvent(_EventBase):
    message: ChatMessage
    type: Literal["message"] = "message"


@dataclass(frozen=True, slots=True)
class TypingEvent(_EventBase):
    """The other side is typing (``role`` customer or agent)."""

    role: str
    name: str
    type: Literal["typing"] = "typing"


@dataclass(frozen=True, slots=True)
class StateEvent(_EventBase):
    state: ChatState
    queue_position: int | None
    agent: Agent | None
    type: Literal["state"] = "state"


@dataclass(frozen=True, slots=True)
class QueuePositionEvent(_EventBase):
    """``position`` 1 is next; ``queued`` chats are waiting in all."""

    position: int
    queued: int
    type: Literal["queue_position"] = "queue_position"


@dataclass(frozen=True, slots=True)
class AgentJoinedEvent(_EventBase):
    agent: Agent
    type: Literal["agent_joined"] = "agent_joined"


@dataclass(frozen=True, slots=True)
class TransferredEvent(_EventBase):
    """The agent sent the chat back to the queue."""

    agent: Agent
    type: Literal["transferred"] = "transferred"


@dataclass(frozen=True, slots=True)
class TicketOfferEvent(_EventBase):
    """No agent in time: the chat may become a ticket (``chats.to_ticket``)."""

    reason: str
    waited_seconds: int
    hint: str
    type: Literal["ticket_offer"] = "ticket_offer"


@dataclass(frozen=True, slots=True)
class ClosedEvent(_EventBase):
    closed_by: str
    converted_ticket_id: str | None
    type: Literal["closed"] = "closed"


@dataclass(frozen=True, slots=True)
class RatingRequestedEvent(_EventBase):
    type: Literal["rating_requested"] = "rating_requested"


@dataclass(frozen=True, slots=True)
class Requester:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class TicketCreatedEvent(_EventBase):
    subject: str
    requester: Requester
    type: Literal["ticket_created"] = "ticket_created"


@dataclass(frozen=True, slots=True)
class TicketMessageEvent(_EventBase):
    """A public reply on a ticket (the customer's own too)."""

    message: Message
    type: Literal["ticket_message"] = "ticket_message"


@dataclass(frozen=True, slots=True)
class TicketStatusEvent(_EventBase):
    status: TicketStatus
    previous_status: TicketStatus | None
    type: Literal["ticket_status"] = "ticket_status"


@dataclass(frozen=True, slots=True)
class TicketNoteEvent(_EventBase):
    note: Note
    type: Literal["ticket_note"] = "ticket_note"


@dataclass(frozen=True, slots=True)
class QueueChangedEvent(_EventBase):
    chat: AgentChat
    change: str  # queued | claimed | transferred | left
    queued: int
    type: Literal["queue_changed"] = "queue_changed"


@dataclass(frozen=True, slots=True)
class UnknownEvent:
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
    str(cls.__dataclass_fields__["type"].default): cls
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
