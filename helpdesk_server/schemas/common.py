"""Shared model pieces: strict request bases, timestamps, problems, meta."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Timestamp = Annotated[
    str, Field(json_schema_extra={"format": "date-time"}, examples=["2026-11-24T10:15:00Z"])
]


def text(min_length: int, max_length: int) -> object:
    """String constraints for user text: surrounding whitespace does not count."""
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


class RequestModel(BaseModel):
    """Request bodies reject unknown fields so typos fail loudly (422)."""

    model_config = ConfigDict(extra="forbid")


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, as served with `application/problem+json`."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    request_id: str
    errors: list[FieldError] | None = None
    hint: str | None = None


class Meta(BaseModel):
    name: str
    api_version: str
    server_version: str
    features: list[str]
