"""Typed models of every resource in docs/api.md.

Frozen, slotted dataclasses rather than pydantic so ``import api_client`` stays cheap; they are
filled by :func:`parse` (the validator in ``_validate``) and turned back into the CLI's stable
``--json`` output by :func:`to_dict`. Secrets (tokens) are kept out of ``repr``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, Literal, TypeVar

from ._validate import format_timestamp, parse, to_dict

__all__ = [
    "Address",
    "Article",
    "ArticleRef",
    "ArticleSummary",
    "Attachment",
    "Author",
    "Category",
    "CategoryRef",
    "Message",
    "Meta",
    "Order",
    "OrderDetail",
    "OrderItem",
    "OrderStatus",
    "Page",
    "Payment",
    "PersonalToken",
    "PersonalTokenCreated",
    "Priority",
    "Rating",
    "ReturnItem",
    "ReturnRequest",
    "Role",
    "SearchGap",
    "SearchHit",
    "Shipment",
    "ShipmentEvent",
    "Ticket",
    "TicketDetail",
    "TicketStatus",
    "TokenPair",
    "User",
    "VoteResult",
    "format_timestamp",
    "parse",
    "to_dict",
]

T = TypeVar("T")

Role = Literal["customer", "agent"]
TicketStatus = Literal["new", "open", "pending", "on_hold", "solved", "closed"]
Priority = Literal["low", "normal", "high", "urgent"]
OrderStatus = Literal["pending", "paid", "shipped", "delivered", "cancelled", "returned"]
PaymentMethod = Literal["card", "paypal", "gift_card"]
PaymentStatus = Literal["authorized", "captured", "refunded", "failed"]
ShipmentStatus = Literal[
    "label_created", "in_transit", "out_for_delivery", "delivered", "exception"
]
ReturnStatus = Literal["requested", "approved", "rejected", "refunded"]



@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a cursor-paginated list; ``next_cursor`` is None on the last page."""

    data: list[T]
    next_cursor: str | None = None


# --- meta, auth, account -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Meta:
    name: str
    api_version: str
    server_version: str
    features: list[str]


@dataclass(frozen=True, slots=True)
class User:
    id: str
    email: str
    name: str
    phone: str | None
    role: Role
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TokenPair:
    """Result of login and refresh; the tokens are hidden from repr."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    token_type: str
    expires_in: int
    user: User


@dataclass(frozen=True, slots=True)
class PersonalToken:
    id: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class PersonalTokenCreated(PersonalToken):
    """The only time the server shows a personal token's secret."""

    token: str = field(repr=False)


# --- FAQ ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    slug: str
    name: str
    description: str
    article_count: int


@dataclass(frozen=True, slots=True)
class CategoryRef:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    slug: str
    title: str


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    slug: str
    title: str
    category: CategoryRef
    excerpt: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SearchHit:
    """``snippet`` is plain text except for ``<mark>…</mark>`` around matched terms."""

    id: str
    slug: str
    title: str
    category: CategoryRef
    snippet: str
    score: float
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SearchGap:
    """A search customers make that the help centre answers badly (agents' report).

    ``query`` is masked by the server (no e-mails, links or numbers); ``last_seen`` is a
    UTC date (``YYYY-MM-DD``).
    """

    query: str
    searches: int
    no_results: int
    not_helped: int
    tickets: int
    helped: int
    last_seen: str


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of search hits; ``search_id`` names this search when voting or escalating,
    ``did_you_mean`` is the respelling whose hits ``data`` holds when the query found none."""

    data: list[SearchHit]
    next_cursor: str | None = None
    search_id: str | None = None
    did_you_mean: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    slug: str
    title: str
    category: CategoryRef
    body: str
    tags: list[str]
    helpful_count: int
    not_helpful_count: int
    created_at: datetime
    updated_at: datetime
    related: list[ArticleRef]


@dataclass(frozen=True, slots=True)
class VoteResult:
    article_id: str
    helpful: bool
    helpful_count: int
    not_helpful_count: int


# --- tickets and attachments ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rating:
    score: int
    comment: str | None
    rated_at: datetime


@dataclass(frozen=True, slots=True)
class Attachment:
    id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Author:
    id: str
    name: str
    role: str  # str, not Role: the server may add authors such as "system"


@dataclass(frozen=True, slots=True)
class Message:
    id: str
    ticket_id: str
    author: Author
    body: str
    created_at: datetime
    attachments: list[Attachment]


@dataclass(frozen=True, slots=True)
class Ticket:
    id: str
    subject: str
    status: TicketStatus
    priority: Priority
    category: str | None
    order_id: str | None
    follow_up_of: str | None
    created_at: datetime
    updated_at: datetime
    message_count: int
    rating: Rating | None


@dataclass(frozen=True, slots=True)
class TicketDetail(Ticket):
    messages: list[Message]


# --- orders ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    number: str
    status: OrderStatus
    created_at: datetime
    currency: str
    total_cents: int
    item_count: int


@dataclass(frozen=True, slots=True)
class OrderItem:
    id: str
    sku: str
    name: str
    quantity: int
    unit_price_cents: int
    total_cents: int


@dataclass(frozen=True, slots=True)
class Payment:
    id: str
    method: PaymentMethod
    status: PaymentStatus
    amount_cents: int
    last4: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ShipmentEvent:
    at: datetime
    status: str
    location: str | None
    description: str


@dataclass(frozen=True, slots=True)
class Shipment:
    id: str
    carrier: str
    tracking_number: str
    status: ShipmentStatus
    estimated_delivery: datetime | None
    events: list[ShipmentEvent]


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    line1: str
    line2: str | None
    city: str
    postal_code: str
    country: str


@dataclass(frozen=True, slots=True)
class ReturnItem:
    """An order item and how many of it to return; also the input of ``create_return``."""

    item_id: str
    quantity: int


@dataclass(frozen=True, slots=True)
class ReturnRequest:
    id: str
    order_id: str
    status: ReturnStatus
    reason: str
    items: list[ReturnItem]
    ticket_id: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OrderDetail(Order):
    items: list[OrderItem]
    subtotal_cents: int
    shipping_cents: int
    tax_cents: int
    payments: list[Payment]
    shipments: list[Shipment]
    shipping_address: Address
    returns: list[ReturnRequest]
