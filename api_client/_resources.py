"""The resource groups of docs/client.md, written once for both clients.

Each method only says *what* to request and how to read the answer (a :class:`Spec`);
sending, retrying and refreshing belong to the runners. Creates get an ``Idempotency-Key``
here, once per logical call, so every retry of that call reuses it.
"""

from __future__ import annotations

import builtins
import enum
import os
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

from ._core import Core, Spec, model_parser, no_content, query, refresh_spec, segment
from ._runner import Group, PageFn, R, endpoint, pager
from ._transfer import Download, Progress, Upload
from .models import (
    Article,
    ArticleSummary,
    Attachment,
    Category,
    Message,
    Meta,
    Order,
    OrderDetail,
    Page,
    PersonalToken,
    PersonalTokenCreated,
    Rating,
    ReturnItem,
    ReturnRequest,
    SearchGap,
    SearchHit,
    SearchPage,
    Ticket,
    TicketDetail,
    TokenPair,
    User,
    VoteResult,
)

P = TypeVar("P", bound=Page[Any])


class UnsetType(enum.Enum):
    """Marks "leave unchanged" in partial updates, where ``None`` means "clear"."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = UnsetType.UNSET


def _key(given: str | None) -> str:
    return given if given is not None else str(uuid.uuid4())


def _ids(values: Iterable[str]) -> list[str]:
    if isinstance(values, str):
        raise TypeError("attachment_ids must be a list of ids, not a string")
    return list(values)


def _store_tokens(core: Core, pair: TokenPair) -> None:
    core.set_tokens(pair)


def _forget_tokens(core: Core, _result: None) -> None:
    core.clear_tokens()


def _logout_body(core: Core) -> dict[str, str] | None:
    return {"refresh_token": core.refresh_token} if core.refresh_token else None


def meta_spec() -> Spec[Meta]:
    """``hd.meta()``: public server facts; a cheap "is it up" probe."""
    return Spec("GET", "/v1/meta", model_parser(Meta), auth=False)


class Auth(Group[R]):
    """Sessions: login stores the token pair on the client, logout forgets it."""

    @endpoint
    def login(self, email: str, password: str) -> Spec[TokenPair]:
        """Exchange email + password for a token pair (401 on bad credentials)."""
        return Spec(
            "POST", "/v1/auth/token", model_parser(TokenPair),
            json={"email": email, "password": password},
            auth=False, refreshable=False, on_result=_store_tokens, announces_tokens=True,
        )

    @endpoint
    def refresh(self) -> Spec[TokenPair]:
        """Rotate the held refresh token now (normally done automatically on a 401)."""
        return refresh_spec(self._core)

    @endpoint
    def logout(self) -> Spec[None]:
        """Revoke the current session (or personal token) and forget it locally.

        The refresh token goes in the body, so the server can revoke the session even when
        the access token has expired; a 401 still gets one refresh and a retry, carrying the
        rotated refresh token then (a server that ignores the body needs a live access token).
        """
        return Spec(
            "POST", "/v1/auth/logout", no_content, on_result=_forget_tokens, body=_logout_body
        )


def _page(path: str, page: type[P], *, auth: bool = True, **params: object) -> Spec[P]:
    """The one-page request every list and iterator builds (``None`` params are left out)."""
    return Spec("GET", path, model_parser(page), params=query(**params), auth=auth)


class Tokens(Group[R]):
    """Personal access tokens for scripts."""

    @endpoint
    def list(self, limit: int | None = None, cursor: str | None = None) -> Spec[
        Page[PersonalToken]
    ]:
        """One page of the caller's personal tokens (secrets are never listed)."""
        return _page("/v1/tokens", Page[PersonalToken], limit=limit, cursor=cursor)

    @pager
    def iter(self, limit: int | None = None) -> PageFn[PersonalToken]:
        """Every personal token, fetching pages lazily."""
        return lambda cursor: _page("/v1/tokens", Page[PersonalToken], limit=limit, cursor=cursor)

    @endpoint
    def create(
        self, name: str, expires_in_days: int | None = None, idempotency_key: str | None = None
    ) -> Spec[PersonalTokenCreated]:
        """Create a token; its secret is in the result and never shown again."""
        return Spec(
            "POST", "/v1/tokens", model_parser(PersonalTokenCreated),
            json={"name": name, "expires_in_days": expires_in_days},
            idempotency_key=_key(idempotency_key),
        )

    @endpoint
    def delete(self, token_id: str) -> Spec[None]:
        """Revoke one of the caller's personal tokens."""
        return Spec("DELETE", f"/v1/tokens/{segment(token_id, 'token id')}", no_content)


class Account(Group[R]):
    """The caller's own profile and password."""

    @endpoint
    def get(self) -> Spec[User]:
        """The logged-in user."""
        return Spec("GET", "/v1/me", model_parser(User))

    @endpoint
    def update(
        self, name: str | UnsetType = UNSET, phone: str | UnsetType | None = UNSET
    ) -> Spec[User]:
        """Change name and/or phone; omitted fields stay, ``phone=None`` clears the phone."""
        body: dict[str, Any] = {}
        if name is not UNSET:
            body["name"] = name
        if phone is not UNSET:
            body["phone"] = phone
        return Spec("PATCH", "/v1/me", model_parser(User), json=body)

    @endpoint
    def change_password(self, current_password: str, new_password: str) -> Spec[None]:
        """Change the password; the server revokes the caller's other sessions."""
        return Spec(
            "POST", "/v1/me/password", no_content,
            json={"current_password": current_password, "new_password": new_password},
        )


StatusFilter = str | Sequence[str] | None
"""One status, ``"a,b"``, or a sequence of them; the server validates every value."""


def _status_param(status: StatusFilter) -> str | None:
    statuses = [status] if isinstance(status, str) else list(status or [])
    return ",".join(statuses) or None


def _return_items(items: Sequence[ReturnItem] | Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if isinstance(item, ReturnItem):
            out.append({"item_id": item.item_id, "quantity": item.quantity})
        else:
            item_id, quantity = item
            out.append({"item_id": item_id, "quantity": quantity})
    return out


class Orders(Group[R]):
    """The caller's orders and return requests."""

    @endpoint
    def list(
        self, status: StatusFilter = None, limit: int | None = None, cursor: str | None = None
    ) -> Spec[Page[Order]]:
        """One page of orders, newest first; ``status`` is one status or several."""
        return _page(
            "/v1/orders", Page[Order], status=_status_param(status), limit=limit, cursor=cursor
        )

    @pager
    def iter(self, status: StatusFilter = None, limit: int | None = None) -> PageFn[Order]:
        """Every order (of the statuses), fetching pages lazily."""
        return lambda cursor: _page(
            "/v1/orders", Page[Order], status=_status_param(status), limit=limit, cursor=cursor
        )

    @endpoint
    def get(self, order_id: str) -> Spec[OrderDetail]:
        """An order (by id ``SO10001`` or receipt number ``NW-48102``) with its details."""
        return Spec("GET", f"/v1/orders/{segment(order_id, 'order id')}", model_parser(OrderDetail))

    @endpoint
    def create_return(
        self,
        order_id: str,
        items: Sequence[ReturnItem] | Sequence[tuple[str, int]],
        reason: str,
        idempotency_key: str | None = None,
    ) -> Spec[ReturnRequest]:
        """Request a return; the server also opens a ticket carrying the order."""
        return Spec(
            "POST", f"/v1/orders/{segment(order_id, 'order id')}/returns",
            model_parser(ReturnRequest),
            json={"items": _return_items(items), "reason": reason},
            idempotency_key=_key(idempotency_key),
        )


def _categories(body: object, request_id: str | None) -> list[Category]:
    page: Page[Category] = model_parser(Page[Category])(body, request_id)
    return page.data


class Faq(Group[R]):
    """The public knowledge base (no login needed, except to vote)."""

    @endpoint
    def search(
        self, q: str, category: str | None = None, limit: int | None = None,
        cursor: str | None = None, refines: str | None = None,
    ) -> Spec[SearchPage]:
        """Ranked hits, best first, with ``<mark>`` around matched terms in snippets; the
        page's ``search_id`` lets a vote or a ticket teach the search (see ``escalate``).

        ``refines``: the ``search_id`` of the previous search of the same typing, so that
        search-as-you-type is logged as one search (the latest query), not one per key."""
        return Spec("GET", "/v1/articles/search", model_parser(SearchPage),
                    params=query(q=q, category=category, limit=limit, cursor=cursor,
                                 refines=refines),
                    auth=False)

    @pager
    def iter_search(
        self, q: str, category: str | None = None, limit: int | None = None
    ) -> PageFn[SearchHit]:
        """Every search hit, fetching pages lazily."""
        return lambda cursor: _page(
            "/v1/articles/search", Page[SearchHit], auth=False,
            q=q, category=category, limit=limit, cursor=cursor,
        )

    @endpoint
    def list(
        self, category: str | None = None, limit: int | None = None, cursor: str | None = None
    ) -> Spec[Page[ArticleSummary]]:
        """One page of articles by title, optionally of one category (slug)."""
        return _page(
            "/v1/articles", Page[ArticleSummary], auth=False,
            category=category, limit=limit, cursor=cursor,
        )

    @pager
    def iter(self, category: str | None = None, limit: int | None = None) -> PageFn[
        ArticleSummary
    ]:
        """Every article (of a category), fetching pages lazily."""
        return lambda cursor: _page(
            "/v1/articles", Page[ArticleSummary], auth=False,
            category=category, limit=limit, cursor=cursor,
        )

    @endpoint
    def get(self, id_or_slug: str) -> Spec[Article]:
        """One article with its Markdown body, by id (``KB101``) or slug."""
        ref = segment(id_or_slug, "article id or slug")
        return Spec("GET", f"/v1/articles/{ref}", model_parser(Article), auth=False)

    @endpoint
    def categories(self) -> Spec[builtins.list[Category]]:
        """All categories (the server returns them in one page)."""
        return Spec("GET", "/v1/categories", _categories, auth=False)

    @endpoint
    def vote(self, article_id: str, helpful: bool,
             search_id: str | None = None) -> Spec[VoteResult]:
        """Vote an article helpful or not; a new vote replaces the caller's previous one.
        With the ``search_id`` of the search that led here, the vote also teaches search."""
        body: dict[str, Any] = {"helpful": helpful}
        if search_id is not None:
            body["search_id"] = search_id
        return Spec(
            "POST", f"/v1/articles/{segment(article_id, 'article id')}/votes",
            model_parser(VoteResult), json=body,
        )

    @endpoint
    def escalate(self, search_id: str) -> Spec[None]:
        """Tell search that this search did not help: a ticket was opened after it."""
        return Spec("POST", f"/v1/searches/{segment(search_id, 'search id')}/escalation",
                    no_content)

    @endpoint
    def search_gaps(
        self, days: int | None = None, limit: int | None = None
    ) -> Spec[Page[SearchGap]]:
        """Agents only (403 otherwise): the searches that most often found nothing, or
        nothing helpful, over the last ``days`` (server default 30), worst first."""
        return _page("/v1/agent/search-gaps", Page[SearchGap], days=days, limit=limit)


class Tickets(Group[R]):
    """The caller's support tickets and their conversation."""

    @endpoint
    def list(
        self, status: StatusFilter = None, limit: int | None = None,
        cursor: str | None = None,
    ) -> Spec[Page[Ticket]]:
        """One page of tickets, newest first; ``status`` is one status or several."""
        return _page(
            "/v1/tickets", Page[Ticket], status=_status_param(status), limit=limit, cursor=cursor
        )

    @pager
    def iter(self, status: StatusFilter = None, limit: int | None = None) -> PageFn[Ticket]:
        """Every ticket (of the statuses), fetching pages lazily."""
        return lambda cursor: _page(
            "/v1/tickets", Page[Ticket], status=_status_param(status), limit=limit, cursor=cursor
        )

    @endpoint
    def create(
        self,
        subject: str,
        body: str,
        priority: Literal["low", "normal", "high", "urgent"] | None = None,
        category: str | None = None,
        order_id: str | None = None,
        attachment_ids: Iterable[str] = (),
        follow_up_of: str | None = None,
        idempotency_key: str | None = None,
    ) -> Spec[TicketDetail]:
        """Open a ticket; safe to retry: a lost response never makes a second ticket."""
        payload: dict[str, Any] = {"subject": subject, "body": body}
        optional = {"priority": priority, "category": category, "order_id": order_id,
                    "follow_up_of": follow_up_of}
        payload.update({k: v for k, v in optional.items() if v is not None})
        ids = _ids(attachment_ids)
        if ids:
            payload["attachment_ids"] = ids
        return Spec(
            "POST", "/v1/tickets", model_parser(TicketDetail), json=payload,
            idempotency_key=_key(idempotency_key),
        )

    @endpoint
    def get(self, ticket_id: str) -> Spec[TicketDetail]:
        """A ticket with all its messages."""
        return Spec(
            "GET", f"/v1/tickets/{segment(ticket_id, 'ticket id')}", model_parser(TicketDetail)
        )

    @endpoint
    def reply(
        self, ticket_id: str, body: str, attachment_ids: Iterable[str] = (),
        idempotency_key: str | None = None,
    ) -> Spec[Message]:
        """Add a message; a closed ticket raises TicketClosedError (with a follow-up hint)."""
        payload: dict[str, Any] = {"body": body}
        ids = _ids(attachment_ids)
        if ids:
            payload["attachment_ids"] = ids
        return Spec(
            "POST", f"/v1/tickets/{segment(ticket_id, 'ticket id')}/messages",
            model_parser(Message), json=payload, idempotency_key=_key(idempotency_key),
        )

    @endpoint
    def close(self, ticket_id: str) -> Spec[Ticket]:
        """Close a ticket for good (closing a closed ticket changes nothing)."""
        return Spec(
            "POST", f"/v1/tickets/{segment(ticket_id, 'ticket id')}/close", model_parser(Ticket)
        )

    @endpoint
    def reopen(self, ticket_id: str) -> Spec[Ticket]:
        """Reopen a solved ticket; a closed one raises TicketClosedError."""
        return Spec(
            "POST", f"/v1/tickets/{segment(ticket_id, 'ticket id')}/reopen", model_parser(Ticket)
        )

    @endpoint
    def rate(self, ticket_id: str, score: int, comment: str | None = None) -> Spec[Rating]:
        """Rate a solved/closed ticket 1–5; changeable for 14 days."""
        payload: dict[str, Any] = {"score": score}
        if comment is not None:
            payload["comment"] = comment
        return Spec(
            "POST", f"/v1/tickets/{segment(ticket_id, 'ticket id')}/rating",
            model_parser(Rating), json=payload,
        )


def _saved_path(saved: object, _request_id: str | None) -> Path:
    assert isinstance(saved, Path)
    return saved


class Attachments(Group[R]):
    """Files for tickets and replies: upload first, then pass the ids."""

    @endpoint
    def upload(
        self,
        path: str | os.PathLike[str],
        content_type: str | None = None,
        progress: Progress | None = None,
        idempotency_key: str | None = None,
    ) -> Spec[Attachment]:
        """Stream a file up as multipart; ``progress(sent, total)`` follows the bytes."""
        return Spec(
            "POST", "/v1/attachments", model_parser(Attachment),
            upload=Upload(path, content_type=content_type, progress=progress),
            idempotency_key=_key(idempotency_key),
        )

    @endpoint
    def download(
        self, attachment_id: str, dest: str | os.PathLike[str], progress: Progress | None = None,
        overwrite: bool = False,
    ) -> Spec[Path]:
        """Stream an attachment to ``dest`` (a file, or a directory to use the server's name).

        The file appears only when complete (temp file + link); returns its path. An existing
        ``dest`` file raises FileExistsError unless ``overwrite``; in a directory, the
        server's name is sanitized and never replaces a file (``name (1).ext`` instead).
        """
        return Spec(
            "GET", f"/v1/attachments/{segment(attachment_id, 'attachment id')}", _saved_path,
            download=Download(dest, progress, overwrite=overwrite, fallback_name=attachment_id),
        )
