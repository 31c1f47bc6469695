"""Models of chats, their messages, the handoff packet and the agent's ticket views."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from helpdesk_server.schemas.auth import User
from helpdesk_server.schemas.common import RequestModel, Timestamp, text
from helpdesk_server.schemas.orders import Order, OrderDetail
from helpdesk_server.schemas.tickets import (
    Message,
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
    order_id: PublicId | None = None


class ChatMessageCreate(RequestModel):
    body: Annotated[str, text(1, 4000)]
    client_message_id: ClientMessageId


class ChatRatingCreate(RequestModel):
    score: Annotated[int, Field(ge=1, le=5)]
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
