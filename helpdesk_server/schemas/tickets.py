"""Models of tickets, messages, ratings and attachments."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from helpdesk_server.schemas.common import RequestModel, Timestamp, json_int, text

TicketStatus = Literal["new", "open", "pending", "on_hold", "solved", "closed"]
Priority = Literal["low", "normal", "high", "urgent"]
TICKET_STATUSES: tuple[str, ...] = ("new", "open", "pending", "on_hold", "solved", "closed")

PublicId = Annotated[str, Field(min_length=1, max_length=64)]
OrderRef = Annotated[str, Field(min_length=1, max_length=64,
                                description="The order's id (`SO10001`) or its receipt "
                                            "number (`NW-48102`, any case).")]


class Attachment(BaseModel):
    id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: Timestamp


class Author(BaseModel):
    id: str
    name: str
    role: Literal["customer", "agent"]


class Message(BaseModel):
    id: str
    ticket_id: str
    author: Author
    body: str
    created_at: Timestamp
    attachments: list[Attachment]


class Rating(BaseModel):
    score: int = Field(ge=1, le=5)
    comment: str | None
    rated_at: Timestamp


class Ticket(BaseModel):
    id: str
    subject: str
    status: TicketStatus
    priority: Priority
    category: str | None
    order_id: str | None
    follow_up_of: str | None
    created_at: Timestamp
    updated_at: Timestamp
    message_count: int
    rating: Rating | None


class TicketDetail(Ticket):
    messages: list[Message]


class TicketCreate(RequestModel):
    subject: Annotated[str, text(1, 200)]
    body: Annotated[str, text(1, 20_000)]
    priority: Priority = "normal"
    category: Annotated[str, text(1, 50)] | None = None
    order_id: OrderRef | None = None
    attachment_ids: Annotated[list[PublicId], Field(max_length=10, default_factory=list)]
    follow_up_of: PublicId | None = None


class MessageCreate(RequestModel):
    body: Annotated[str, text(1, 20_000)]
    attachment_ids: Annotated[list[PublicId], Field(max_length=10, default_factory=list)]


class RatingCreate(RequestModel):
    score: Annotated[int, json_int(1, 5)]
    comment: Annotated[str, text(0, 2000)] | None = None
