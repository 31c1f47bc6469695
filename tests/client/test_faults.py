"""Retries, backoff, refresh and error mapping under faults injected around the real server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers import ALICE, DEMO_PASSWORD

from api_client import Client, RequestLog, errors, models

from . import faults
from .conftest import MakeClient, Sleeps
from .faults import FaultTransport

Faulty = Callable[..., tuple[Client, FaultTransport]]


def _count(client: Client, subject: str) -> int:
    return sum(1 for t in client.tickets.iter(limit=100) if t.subject == subject)


def _is_post(request: httpx.Request) -> bool:
    return request.method == "POST"


def test_get_retried_through_connect_error_and_503_burst(faulty: Faulty, sleeps: Sleeps) -> None:
    client, transport = faulty(random=lambda: 1.0)
    transport.add(faults.connect_refused(), faults.status(503), faults.status(502, reach=True))
    assert client.account.get().email == ALICE
    assert len(transport.log) == 4
    assert sleeps == [0.5, 1.0, 2.0]  # full jitter at its ceiling: min(8, 0.5 * 2**n)


def test_backoff_is_full_jitter_and_capped(faulty: Faulty, sleeps: Sleeps) -> None:
    client, transport = faulty(random=lambda: 0.25, max_retries=6)
    transport.add(*[faults.status(504)] * 6)
    client.tickets.list(limit=1)
    assert sleeps == [0.125, 0.25, 0.5, 1.0, 2.0, 2.0]  # 0.25 * min(8, 0.5 * 2**n)


def test_gives_up_after_max_retries_with_typed_error(faulty: Faulty, sleeps: Sleeps) -> None:
    client, transport = faulty(max_retries=2)
    transport.add(*[faults.status(503)] * 5)
    with pytest.raises(errors.ServerError) as info:
        client.account.get()
    assert info.value.status == 503 and info.value.request_id == "fault-503"
    assert len(transport.log) == 3 and len(sleeps) == 2


def test_lost_create_response_is_retried_with_same_key(faulty: Faulty) -> None:
    client, transport = faulty()
    transport.add(faults.lost_response())
    subject = f"lost {uuid.uuid4().hex}"
    detail = client.tickets.create(subject=subject, body="hello")
    posts = [r for r in transport.log if r.method == "POST"]
    assert len(posts) == 2
    keys = {r.headers["Idempotency-Key"] for r in posts}
    assert len(keys) == 1 and uuid.UUID(keys.pop())
    assert _count(client, subject) == 1
    assert client.tickets.get(detail.id).subject == subject


def test_timed_out_reply_is_not_duplicated(faulty: Faulty) -> None:
    client, transport = faulty()
    ticket = client.tickets.create(subject=f"reply {uuid.uuid4().hex}", body="first")
    transport.add(faults.read_timeout(), faults.lost_response())
    message = client.tickets.reply(ticket.id, "second")
    messages = client.tickets.get(ticket.id).messages
    assert [m.body for m in messages] == ["first", "second"]
    assert messages[-1].id == message.id


def test_caller_key_is_reused_across_calls(alice: Client) -> None:
    key = uuid.uuid4().hex
    subject = f"recover {key}"
    first = alice.tickets.create(subject=subject, body="b", idempotency_key=key)
    second = alice.tickets.create(subject=subject, body="b", idempotency_key=key)
    assert first.id == second.id and _count(alice, subject) == 1
    with pytest.raises(errors.ConflictError) as info:
        alice.tickets.create(subject=subject, body="different", idempotency_key=key)
    assert info.value.code == "idempotency-key-reused"


def test_non_idempotent_post_not_retried_after_it_was_sent(faulty: Faulty) -> None:
    client, transport = faulty()
    ticket = client.tickets.create(subject=f"close {uuid.uuid4().hex}", body="b")
    transport.add(faults.lost_response())
    with pytest.raises(errors.TransportError) as info:
        client.tickets.close(ticket.id)
    assert not isinstance(info.value, errors.UnreachableError)
    assert isinstance(info.value.__cause__, httpx.ReadError)
    assert sum(r.method == "POST" for r in transport.log) - 1 == 1
    transport.add(faults.connect_refused(), faults.status(503))
    with pytest.raises(errors.ServerError):  # sent (503 may come after acting): no retry
        client.tickets.close(ticket.id)
    assert client.tickets.close(ticket.id).status == "closed"


def test_retry_after_is_honoured_up_to_the_cap(faulty: Faulty, sleeps: Sleeps) -> None:
    client, transport = faulty(retry_after_cap=10)
    transport.add(faults.status(429, headers={"Retry-After": "3"}))
    assert client.tickets.list(limit=1).data is not None
    assert sleeps == [3.0]
    transport.add(faults.status(429, headers={"Retry-After": "120"}))
    with pytest.raises(errors.RateLimitedError) as info:
        client.tickets.list(limit=1)
    assert info.value.retry_after == 120.0 and sleeps == [3.0]


def test_real_rate_limit_from_server(server_factory: Callable[..., object],
                                     sleeps: Sleeps) -> None:
    server: Any = server_factory(rate_limit_per_minute=3)
    client = Client(server.url, sleep=sleeps, retry_after_cap=0.0)
    with client, pytest.raises(errors.RateLimitedError) as info:
        for _ in range(10):
            client.faq.categories()
    assert info.value.status == 429 and info.value.code == "rate-limited"
    assert info.value.retry_after is not None and info.value.retry_after > 0
    assert sleeps == []


def _without(body: object, key: str) -> dict[str, object]:
    assert isinstance(body, dict)
    return {k: v for k, v in body.items() if k != key}


def _with(body: object, **changes: object) -> dict[str, object]:
    assert isinstance(body, dict)
    return {**body, **changes}


@pytest.mark.parametrize(
    ("fault", "field"),
    [
        (faults.replace_body(b"<html>oops</html>"), None),
        (faults.replace_body(b'{"id": "u_1", "email": "a'), None),
        (faults.edit_json(lambda u: _without(u, "email")), "email"),
        (faults.edit_json(lambda u: _with(u, role="admin")), "role"),
        (faults.edit_json(lambda u: _with(u, created_at="yesterday")), "created_at"),
    ],
)
def test_unusable_bodies_raise_invalid_response(faulty: Faulty, fault: faults.Fault,
                                                field: str | None) -> None:
    client, transport = faulty()
    transport.add(fault)
    with pytest.raises(errors.InvalidResponseError) as info:
        client.account.get()
    assert info.value.field == field
    assert info.value.request_id  # the real server's X-Request-ID survives
    assert len(transport.log) == 1  # a bad body is not retried


def test_broken_stream_get_is_retried(faulty: Faulty) -> None:
    client, transport = faulty()
    transport.add(faults.broken_stream())
    assert client.tickets.list(limit=2).data
    assert len(transport.log) == 2


def test_broken_download_leaves_no_partial_file(faulty: Faulty, tmp_path: Path) -> None:
    client, transport = faulty(max_retries=0)
    source = tmp_path / "src.bin"
    source.write_bytes(b"x" * 300_000)
    attachment = client.attachments.upload(source)
    transport.add(faults.broken_stream())
    dest = tmp_path / "out" / "copy.bin"
    dest.parent.mkdir()
    with pytest.raises(errors.TransportError):
        client.attachments.download(attachment.id, dest)
    assert list(dest.parent.iterdir()) == []
    transport.add(faults.broken_stream())
    client._core.max_retries = 1
    assert client.attachments.download(attachment.id, dest).read_bytes() == source.read_bytes()
    assert list(dest.parent.iterdir()) == [dest]


def test_upload_retried_after_lost_response_makes_one_attachment(faulty: Faulty,
                                                                 tmp_path: Path) -> None:
    client, transport = faulty()
    source = tmp_path / "a.txt"
    source.write_text("attach me")
    transport.add(faults.lost_response())
    attachment = client.attachments.upload(source)
    posts = [r for r in transport.log if r.method == "POST"]
    assert len(posts) == 2 and posts[0].headers["Idempotency-Key"] == posts[1].headers[
        "Idempotency-Key"]
    assert posts[0].headers["Content-Type"] == posts[1].headers["Content-Type"]
    assert client.attachments.download(attachment.id, tmp_path / "b.txt").read_text() == (
        "attach me")


def test_transport_errors_are_wrapped_after_retries(make_client: MakeClient,
                                                    sleeps: Sleeps) -> None:
    client = make_client(transport=FaultTransport([faults.connect_refused()] * 4))
    with pytest.raises(errors.UnreachableError) as info:
        client.meta()
    assert info.value.status is None and len(sleeps) == 3
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    client = make_client(transport=FaultTransport([faults.read_timeout()] * 2), max_retries=1)
    with pytest.raises(errors.RequestTimeoutError):
        client.meta()


def test_expired_access_token_is_refreshed_once(make_client: MakeClient) -> None:
    seen: list[models.TokenPair] = []
    login = make_client(ALICE)
    transport = FaultTransport()
    client = make_client(token="hda_not-a-real-token", refresh_token=login.refresh_token,
                         on_tokens=seen.append, transport=transport)
    assert client.account.get().email == ALICE
    assert [r.path for r in transport.log] == ["/v1/me", "/v1/auth/refresh", "/v1/me"]
    assert len(seen) == 1 and client.token == seen[0].access_token
    assert client.refresh_token == seen[0].refresh_token != login.refresh_token


def test_revoked_refresh_token_gives_authentication_error(make_client: MakeClient) -> None:
    login = make_client(ALICE)
    refresh = login.refresh_token
    login.auth.logout()  # revokes access and refresh token
    seen: list[models.TokenPair] = []
    transport = FaultTransport()
    client = make_client(token="hda_not-a-real-token", refresh_token=refresh,
                         on_tokens=seen.append, transport=transport)
    with pytest.raises(errors.AuthenticationError) as info:
        client.account.get()
    assert [r.path for r in transport.log] == ["/v1/me", "/v1/auth/refresh"]
    assert seen == [] and info.value.status == 401
    assert refresh is not None and refresh not in str(info.value) + repr(info.value)


def test_event_hook_sees_every_attempt_without_secrets(make_client: MakeClient) -> None:
    events: list[RequestLog] = []
    transport = FaultTransport()
    client = make_client(event_hook=events.append, transport=transport)
    pair = client.auth.login(ALICE, DEMO_PASSWORD)
    transport.add(faults.connect_refused(), faults.status(503))
    client.account.get()
    me = [e for e in events if e.url.endswith("/v1/me")]
    assert [(e.attempt, e.status, e.error) for e in me] == [
        (1, None, "ConnectError"), (2, 503, None), (3, 200, None)]
    assert me[-1].request_id and me[-1].method == "GET" and me[-1].elapsed >= 0
    text = repr(events) + repr(client) + repr(client.account)
    for secret in (pair.access_token, pair.refresh_token, DEMO_PASSWORD):
        assert secret not in text


def test_default_headers(faulty: Faulty) -> None:
    client, transport = faulty()
    client.meta()
    headers = transport.log[-1].headers
    assert headers["User-Agent"].startswith("helpdesk-cli/")
    assert headers["User-Agent"] != "helpdesk-cli/0"  # the installed version was found
    assert "Authorization" not in headers  # public route: no token sent
    client.account.get()
    assert transport.log[-1].headers["Authorization"].startswith("Bearer hda_")


def test_get_is_retried_after_a_connection_reset(faulty: Faulty) -> None:
    client, transport = faulty()
    transport.add(faults.lost_response())  # the server answered; the connection died
    assert client.account.get().email == ALICE
    assert [r.path for r in transport.log] == ["/v1/me", "/v1/me"]


def test_503_with_retry_after_above_the_cap_fails_at_once(faulty: Faulty,
                                                          sleeps: Sleeps) -> None:
    client, transport = faulty(retry_after_cap=5)
    transport.add(faults.status(503, headers={"Retry-After": "2"}))
    assert client.account.get().email == ALICE and sleeps == [2.0]
    transport.add(faults.status(503, headers={"Retry-After": "600"}))
    with pytest.raises(errors.ServerError) as info:
        client.account.get()
    assert info.value.status == 503 and sleeps == [2.0]


def test_token_is_refreshed_only_once_per_call(make_client: MakeClient) -> None:
    login = make_client(ALICE)
    seen: list[models.TokenPair] = []
    # the real server refuses the bogus token, the refresh succeeds, the repeat is refused too
    transport = FaultTransport([None, None, faults.status(401)])
    client = make_client(token="hda_not-a-real-token", refresh_token=login.refresh_token,
                         on_tokens=seen.append, transport=transport)
    with pytest.raises(errors.AuthenticationError):
        client.account.get()
    assert [r.path for r in transport.log] == ["/v1/me", "/v1/auth/refresh", "/v1/me"]
    assert len(seen) == 1  # the rotated pair was still handed to the caller to persist
    assert client.account.get().email == ALICE  # and the client keeps using it


def test_iterators_fetch_pages_lazily(faulty: Faulty) -> None:
    client, transport = faulty()
    tickets = client.tickets.iter(limit=2)
    assert transport.log == []  # nothing is fetched before iteration starts
    first = next(tickets)
    assert len(transport.log) == 1
    second = next(tickets)
    assert len(transport.log) == 1  # still the first page
    third = next(tickets)
    assert len(transport.log) == 2
    assert "cursor" in str(transport.log[-1].query)
    assert len({first.id, second.id, third.id}) == 3
