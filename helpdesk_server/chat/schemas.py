"""Models of chats, their messages, the handoff packet and the agent's ticket views."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from helpdesk_server.schemas.auth import User
from helpdesk_server.schemas.common import RequestModel, Timestamp, json_int, text
from helpdesk_server.schemas.orders import Order, OrderDetail
from helpdesk_server.schemas.tickets import (
    Message,
    OrderRef,
    PublicId,
    Rating,
    Ticket,
    TicketDetail,
    TicketStatus,
)

ChatState = Literal["assistant", "queued", "assigned", "closed"]
ClientMessageId = Annotated[str, Field(min_length=1, max_length=64,
                                       pattern=r"^[A-Za-z0-9._:-]+$",
                                       description="Chosen by the sender, unique per chat; "
                                                   "echoed back so a resend is recognised.")]


class Agent(BaseModel):
    id: str
    name: str


class CitedArticle(BaseModel):
    id: str
    slug: str
    title: str
    answer: str


class ChatAuthor(BaseModel):
    id: str | None
    name: str
    role: Literal["customer", "agent", "assistant", "system"]


class ChatMessage(BaseModel):
    id: str
    chat_id: str
    author: ChatAuthor
    body: str
    client_message_id: str | None
    articles: list[CitedArticle]
    created_at: Timestamp


class LastMessage(BaseModel):
    role: Literal["customer", "agent", "assistant", "system"]
    body: str
    created_at: Timestamp


class Chat(BaseModel):
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


class ChatDetail(Chat):
    messages: list[ChatMessage]
    last_event_id: str | None


class Customer(BaseModel):
    id: str
    name: str
    email: str


class AgentChat(Chat):
    customer: Customer
    waiting_seconds: int | None
    queued_at: Timestamp | None


class Handoff(AgentChat):
    """Everything an agent needs to take over without asking the customer to repeat."""

    messages: list[ChatMessage]
    customer_account: User
    recent_orders: list[Order]
    open_tickets: list[Ticket]
    context_ticket: TicketDetail | None
    context_order: OrderDetail | None
    last_event_id: str | None


class NoteAuthor(BaseModel):
    id: str
    name: str
    role: Literal["customer", "agent"]


class Note(BaseModel):
    id: str
    ticket_id: str
    author: NoteAuthor
    body: str
    created_at: Timestamp


class AgentTicket(Ticket):
    requester: Customer


class AgentTicketDetail(AgentTicket):
    messages: list[Message]
    notes: list[Note]


class ChatCreate(RequestModel):
    ticket_id: PublicId | None = None
    order_id: OrderRef | None = None


class ChatMessageCreate(RequestModel):
    body: Annotated[str, text(1, 4000)]
    client_message_id: ClientMessageId


class ChatRatingCreate(RequestModel):
    score: Annotated[int, json_int(1, 5)]
    comment: Annotated[str, text(0, 2000)] | None = None


class ChatTicketCreate(RequestModel):
    subject: Annotated[str, text(1, 200)] | None = None


class AgentReply(RequestModel):
    body: Annotated[str, text(1, 20_000)]
    status: TicketStatus | None = None


class NoteCreate(RequestModel):
    body: Annotated[str, text(1, 20_000)]


class StatusChange(RequestModel):
    status: TicketStatus


# --- events: the JSON in an SSE `data:` line (docs/api.md "Events are records") -------------

EventId = Annotated[str, Field(pattern=r"^[0-9]{1,19}$",
                               description="Decimal, increasing in commit order; the SSE `id:`.")]


class EventBase(BaseModel):
    """Fields every event has; `type` is also the SSE `event:` name."""

    id: EventId
    created_at: Timestamp


class ChatEventBase(EventBase):
    """An event of one chat (queue changes included)."""

    chat_id: str
    ticket_id: None


class TicketEventBase(EventBase):
    """An event of one ticket."""

    chat_id: None
    ticket_id: str


class MessageEvent(ChatEventBase):
    type: Literal["message"]
    message: ChatMessage


class TypingEvent(ChatEventBase):
    """The other side is typing; not replayed once older than 5 s."""

    type: Literal["typing"]
    role: Literal["customer", "agent"]
    name: str


class StateEvent(ChatEventBase):
    """After every state change (queued, assigned, transferred, closed)."""

    type: Literal["state"]
    state: ChatState
    queue_position: int | None
    agent: Agent | None


class QueuePositionEvent(ChatEventBase):
    """Whenever this chat's place in the queue changes; 1 is next."""

    type: Literal["queue_position"]
    position: Annotated[int, Field(ge=1)]
    queued: Annotated[int, Field(ge=1)]


class AgentJoinedEvent(ChatEventBase):
    type: Literal["agent_joined"]
    agent: Agent


class TransferredEvent(ChatEventBase):
    """The agent sent the chat back to the queue."""

    type: Literal["transferred"]
    agent: Agent


class TicketOfferEvent(ChatEventBase):
    """No agent in time: `POST /v1/chats/{chat_id}/ticket` accepts the offer."""

    type: Literal["ticket_offer"]
    reason: Literal["no_agent_signed_in", "wait_exceeded"]
    waited_seconds: Annotated[int, Field(ge=0)]
    hint: str


class ClosedEvent(ChatEventBase):
    type: Literal["closed"]
    closed_by: Literal["customer", "agent"]
    converted_ticket_id: str | None


class RatingRequestedEvent(ChatEventBase):
    type: Literal["rating_requested"]


class Requester(BaseModel):
    id: str
    name: str


class TicketCreatedEvent(TicketEventBase):
    type: Literal["ticket_created"]
    subject: str
    requester: Requester


class TicketMessageEvent(TicketEventBase):
    """A public reply (the customer's own too)."""

    type: Literal["ticket_message"]
    message: Message


class TicketStatusEvent(TicketEventBase):
    type: Literal["ticket_status"]
    status: TicketStatus
    previous_status: TicketStatus


class TicketNoteEvent(TicketEventBase):
    """An internal note (agents only)."""

    type: Literal["ticket_note"]
    note: Note


class QueueChangedEvent(ChatEventBase):
    type: Literal["queue_changed"]
    chat: AgentChat
    change: Literal["queued", "claimed", "transferred", "left"]
    queued: Annotated[int, Field(ge=0)]


# What each stream sends (tagged by `type`). Clients must ignore types they do not know:
# new ones may be added.
ChatStreamEvent = Annotated[
    MessageEvent | TypingEvent | StateEvent | QueuePositionEvent | AgentJoinedEvent
    | TransferredEvent | TicketOfferEvent | ClosedEvent | RatingRequestedEvent,
    Field(discriminator="type", title="ChatStreamEvent"),
]
TicketStreamEvent = Annotated[TicketMessageEvent | TicketStatusEvent,
                              Field(discriminator="type", title="TicketStreamEvent")]
AgentStreamEvent = Annotated[
    MessageEvent | TypingEvent | StateEvent | AgentJoinedEvent | TransferredEvent
    | ClosedEvent | TicketCreatedEvent | TicketMessageEvent | TicketStatusEvent
    | TicketNoteEvent | QueueChangedEvent,
    Field(discriminator="type", title="AgentStreamEvent"),
]
