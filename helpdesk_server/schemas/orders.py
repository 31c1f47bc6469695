"""Models of orders, their parts, and return requests."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from helpdesk_server.schemas.common import RequestModel, Timestamp, json_int, text

OrderStatus = Literal["pending", "paid", "shipped", "delivered", "cancelled", "returned"]
ReturnStatus = Literal["requested", "approved", "rejected", "refunded"]


class Order(BaseModel):
    id: str
    number: str
    status: OrderStatus
    created_at: Timestamp
    currency: str
    total_cents: int
    item_count: int


class OrderItem(BaseModel):
    id: str
    sku: str
    name: str
    quantity: int
    unit_price_cents: int
    total_cents: int


class Payment(BaseModel):
    id: str
    method: Literal["card", "paypal", "gift_card"]
    status: Literal["authorized", "captured", "refunded", "failed"]
    amount_cents: int
    last4: str | None
    created_at: Timestamp


class ShipmentEvent(BaseModel):
    at: Timestamp
    status: str
    location: str | None
    description: str


class Shipment(BaseModel):
    id: str
    carrier: str
    tracking_number: str
    status: Literal["label_created", "in_transit", "out_for_delivery", "delivered", "exception"]
    estimated_delivery: Timestamp | None
    events: list[ShipmentEvent]


class Address(BaseModel):
    name: str
    line1: str
    line2: str | None
    city: str
    postal_code: str
    country: str


class ReturnItem(BaseModel):
    item_id: str
    quantity: int


class ReturnRequest(BaseModel):
    id: str
    order_id: str
    status: ReturnStatus
    reason: str
    items: list[ReturnItem]
    ticket_id: str
    created_at: Timestamp


class OrderDetail(Order):
    items: list[OrderItem]
    subtotal_cents: int
    shipping_cents: int
    tax_cents: int
    payments: list[Payment]
    shipments: list[Shipment]
    shipping_address: Address
    returns: list[ReturnRequest]


class ReturnItemIn(RequestModel):
    item_id: Annotated[str, Field(min_length=1, max_length=64)]
    quantity: Annotated[int, json_int(1, 10_000)]


class ReturnCreate(RequestModel):
    items: Annotated[list[ReturnItemIn], Field(min_length=1, max_length=100)]
    reason: Annotated[str, text(1, 2000)]
