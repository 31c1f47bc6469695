"""Typed models of every resource in docs/api.md.

Frozen msgspec structs: defining them costs microseconds where dataclasses cost about a
millisecond each (paid by every CLI start and the TUI's first paint), and msgspec validates in
C. They are filled by :func:`parse` and turned back into the CLI's stable ``--json`` output by
:func:`to_dict`. Secrets (tokens) are kept out of ``repr`` and Rich's pretty printer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar

import msgspec

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
    "Model",
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
    "Timestamp",
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



# An RFC 3339 time that must carry its UTC offset: a naive time would be read as local time.
Timestamp = Annotated[datetime, msgspec.Meta(tz=True)]


class Model(msgspec.Struct, frozen=True):
    """Base of every model: immutable, compared by value, unknown fields ignored.

    Subclasses repeat ``frozen=True``: msgspec inherits it, but type checkers do not know."""


class _HidesSecrets(Model, frozen=True):
    """A model whose ``_SECRETS`` fields never reach ``repr``, ``str`` or Rich's pretty
    printer (a log line or a traceback must not carry a token)."""

    _SECRETS: ClassVar[tuple[str, ...]] = ()

    def __rich_repr__(self) -> list[tuple[str, Any]]:
        return [(name, getattr(self, name)) for name in self.__struct_fields__
                if name not in self._SECRETS]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.__rich_repr__())
        return f"{type(self).__name__}({shown})"


class Page(Model, Generic[T], frozen=True):
    """One page of a cursor-paginated list; ``next_cursor`` is None on the last page."""

    data: list[T]
    next_cursor: str | None = None


# --- meta, auth, account -------------------------------------------------------------------


class Meta(Model, frozen=True):
    name: str
    api_version: str
    server_version: str
    features: list[str]


class User(Model, frozen=True):
    id: str
    email: str
    name: str
    phone: str | None
    role: Role
    created_at: Timestamp


class TokenPair(_HidesSecrets, frozen=True):
    """Result of login and refresh; the tokens are hidden from repr."""

    _SECRETS = ("access_token", "refresh_token")

    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    user: User


class PersonalToken(Model, frozen=True):
    id: str
    name: str
    prefix: str
    created_at: Timestamp
    last_used_at: Timestamp | None
    expires_at: Timestamp | None


class PersonalTokenCreated(PersonalToken, _HidesSecrets, frozen=True):
    """The only time the server shows a personal token's secret."""

    _SECRETS = ("token",)

    token: str


# --- FAQ ----------------------------------------------------------------------------------


class Category(Model, frozen=True):
    id: str
    slug: str
    name: str
    description: str
    article_count: int


class CategoryRef(Model, frozen=True):
    slug: str
    name: str


class ArticleRef(Model, frozen=True):
    id: str
    slug: str
    title: str


class ArticleSummary(Model, frozen=True):
    id: str
    slug: str
    title: str
    category: CategoryRef
    excerpt: str
    updated_at: Timestamp


class SearchHit(Model, frozen=True):
    """``snippet`` is plain text except for ``<mark>…</mark>`` around matched terms."""

    id: str
    slug: str
    title: str
    category: CategoryRef
    snippet: str
    score: float
    updated_at: Timestamp


class SearchGap(Model, frozen=True):
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


class SearchPage(Model, frozen=True):
    """A page of search hits; ``search_id`` names this search when voting or escalating,
    ``did_you_mean`` is the respelling whose hits ``data`` holds when the query found none."""

    data: list[SearchHit]
    next_cursor: str | None = None
    search_id: str | None = None
    did_you_mean: str | None = None


class Article(Model, frozen=True):
    id: str
    slug: str
    title: str
    category: CategoryRef
    body: str
    tags: list[str]
    helpful_count: int
    not_helpful_count: int
    created_at: Timestamp
    updated_at: Timestamp
    related: list[ArticleRef]


class VoteResult(Model, frozen=True):
    article_id: str
    helpful: bool
    helpful_count: int
    not_helpful_count: int


# --- tickets and attachments ----------------------------------------------------------------


class Rating(Model, frozen=True):
    score: int
    comment: str | None
    rated_at: Timestamp


class Attachment(Model, frozen=True):
    id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: Timestamp


class Author(Model, frozen=True):
    id: str
    name: str
    role: str  # str, not Role: the server may add authors such as "system"


class Message(Model, frozen=True):
    id: str
    ticket_id: str
    author: Author
    body: str
    created_at: Timestamp
    attachments: list[Attachment]


class Ticket(Model, frozen=True):
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


class TicketDetail(Ticket, frozen=True):
    messages: list[Message]


# --- orders ---------------------------------------------------------------------------------


class Order(Model, frozen=True):
    id: str
    number: str
    status: OrderStatus
    created_at: Timestamp
    currency: str
    total_cents: int
    item_count: int


class OrderItem(Model, frozen=True):
    id: str
    sku: str
    name: str
    quantity: int
    unit_price_cents: int
    total_cents: int


class Payment(Model, frozen=True):
    id: str
    method: PaymentMethod
    status: PaymentStatus
    amount_cents: int
    last4: str | None
    created_at: Timestamp


class ShipmentEvent(Model, frozen=True):
    at: Timestamp
    status: str
    location: str | None
    description: str


class Shipment(Model, frozen=True):
    id: str
    carrier: str
    tracking_number: str
    status: ShipmentStatus
    estimated_delivery: Timestamp | None
    events: list[ShipmentEvent]


class Address(Model, frozen=True):
    name: str
    line1: str
    line2: str | None
    city: str
    postal_code: str
    country: str


class ReturnItem(Model, frozen=True):
    """An order item and how many of it to return; also the input of ``create_return``."""

    item_id: str
    quantity: int


class ReturnRequest(Model, frozen=True):
    id: str
    order_id: str
    status: ReturnStatus
    reason: str
    items: list[ReturnItem]
    ticket_id: str
    created_at: Timestamp


class OrderDetail(Order, frozen=True):
    items: list[OrderItem]
    subtotal_cents: int
    shipping_cents: int
    tax_cents: int
    payments: list[Payment]
    shipments: list[Shipment]
    shipping_address: Address
    returns: list[ReturnRequest]
