"""Models of users, sessions and personal access tokens."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from helpdesk_server.schemas.common import RequestModel, Timestamp, json_int, text


class User(BaseModel):
    id: str
    email: str
    name: str
    phone: str | None
    role: Literal["customer", "agent"]
    created_at: Timestamp


class TokenRequest(RequestModel):
    email: Annotated[str, Field(min_length=1, max_length=320)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class RefreshRequest(RequestModel):
    refresh_token: Annotated[str, Field(min_length=1, max_length=512)]


class LogoutRequest(RequestModel):
    """Optional: also end the session family of this refresh token (access token may be dead)."""

    refresh_token: Annotated[str | None, Field(default=None, min_length=1, max_length=512)] = None


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"]
    expires_in: int
    user: User


class PersonalToken(BaseModel):
    id: str
    name: str
    prefix: str
    created_at: Timestamp
    last_used_at: Timestamp | None
    expires_at: Timestamp | None


class PersonalTokenCreated(PersonalToken):
    token: str = Field(description="The secret; shown only in this response.")


class PersonalTokenCreate(RequestModel):
    name: Annotated[str, text(1, 100)]
    expires_in_days: Annotated[int, json_int(1, 365)] | None = None


class AccountUpdate(RequestModel):
    """An absent field is left alone; `phone: null` clears the phone, a name cannot be
    cleared (null is refused with 422, so the contract does not offer it)."""

    name: Annotated[str, text(1, 100)] | SkipJsonSchema[None] = None
    phone: Annotated[str, text(0, 32)] | None = None


class PasswordChange(RequestModel):
    current_password: Annotated[str, Field(min_length=1, max_length=1024)]
    new_password: Annotated[str, Field(min_length=8, max_length=256)]
