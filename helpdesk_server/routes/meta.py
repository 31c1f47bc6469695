"""GET /v1/meta: lets clients check they talk to a compatible server."""

from __future__ import annotations

from fastapi import APIRouter

from helpdesk_server import __version__
from helpdesk_server.schemas.common import Meta

router = APIRouter(tags=["meta"])

FEATURES = ["accounts", "attachments", "faq", "idempotency", "orders", "personal-tokens",
            "rate-limit", "returns", "tickets"]


@router.get("/v1/meta", response_model=Meta)
def get_meta() -> Meta:
    """Server identity and the features it implements."""
    return Meta(
        name="Northwind Outfitters Help Desk",
        api_version="1",
        server_version=__version__,
        features=FEATURES,
    )
