"""Issue 9, client side: no exception text carries a header value, and a create's error says
which idempotency key it was sent with (so the caller can resend it safely)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from api_client import Client, errors

from . import faults
from .conftest import MakeClient
from .faults import FaultTransport

Faulty = Callable[..., tuple[Client, FaultTransport]]
SECRET = "hda_s3cretPart"


@pytest.mark.parametrize("token", [f"abc\n{SECRET}", f"abc\u00e9{SECRET}", f"ab\x1b{SECRET}",
                                   f"ab {SECRET}"])
def test_token_that_no_header_can_carry_is_refused_without_echo(live_server: object,
                                                                 token: str) -> None:
    with pytest.raises(errors.InvalidArgumentError) as caught:
        Client(live_server.url, token=token)  # type: ignore[attr-defined]
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)


def test_header_refused_by_http_layer_is_not_quoted(make_client: MakeClient) -> None:
    """Even a value that slips past the check (set behind the client's back) stays out of
    str(), repr() and the message of the wrapped error."""
    client = make_client(max_retries=0)
    client._core._access_token = f"abc\n{SECRET}"  # a bypass of the check
    with pytest.raises(errors.TransportError) as caught:
        client.account.get()
    exc = caught.value
    assert SECRET not in str(exc) and SECRET not in repr(exc) and SECRET not in exc.detail


def test_server_sent_token_that_no_header_can_carry_is_an_invalid_response(
        faulty: Faulty) -> None:
    client, transport = faulty(email=None)
    transport.add(faults.edit_json(lambda body: {**body, "access_token": f"x\n{SECRET}"}))
    with pytest.raises(errors.InvalidResponseError) as caught:
        client.auth.login("alice@example.com", "helpdesk-demo")
    assert SECRET not in str(caught.value)


def test_create_error_carries_the_generated_key_and_resending_makes_one_ticket(
        faulty: Faulty) -> None:
    client, transport = faulty(max_retries=0)
    transport.add(faults.lost_response())
    with pytest.raises(errors.TransportError) as caught:
        client.tickets.create(subject="Lost answer", body="Did it arrive?")
    key = caught.value.idempotency_key
    assert key and key == transport.log[0].headers["Idempotency-Key"]
    assert key in repr(caught.value)
    again = client.tickets.create(subject="Lost answer", body="Did it arrive?",
                                  idempotency_key=key)
    assert [t.id for t in client.tickets.iter() if t.subject == "Lost answer"] == [again.id]


def test_read_error_key_is_none_for_calls_without_one(faulty: Faulty) -> None:
    client, transport = faulty(max_retries=0)
    transport.add(faults.status(404))
    with pytest.raises(errors.NotFoundError) as caught:
        client.tickets.get("T999999")
    assert caught.value.idempotency_key is None
