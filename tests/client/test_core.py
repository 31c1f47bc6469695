"""Pure pieces of the shared core: URL policy, Retry-After, error mapping, path segments."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from api_client import AsyncClient, Client, errors
from api_client._config import tls_verify
from api_client._core import segment
from api_client._errormap import error_from_response, parse_retry_after


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8765", "http://127.3.4.5", "http://[::1]:80/", "http://localhost:1/v1",
    "https://help.example.com", "HTTPS://help.example.com/v1/",
])
def test_accepted_server_urls(url: str) -> None:
    Client(url).close()


@pytest.mark.parametrize("url", ["http://help.example.com", "http://10.0.0.1:8765",
                                 "http://[::2]", "http://localhost.example.com"])
def test_plain_http_beyond_loopback_is_refused(url: str) -> None:
    with pytest.raises(errors.InsecureTransportError, match="plain http"):
        Client(url)
    with pytest.raises(errors.InsecureTransportError):
        AsyncClient(url)
    Client(url, allow_insecure_http=True).close()


@pytest.mark.parametrize("url", ["", "ftp://x", "127.0.0.1:8765", "http://", "http://h:99999",
                                 "https://user:pw@h", "https://h/?q=1"])
def test_malformed_server_urls_are_value_errors(url: str) -> None:
    with pytest.raises(ValueError):
        Client(url)


def test_base_url_is_normalized_and_repr_hides_tokens() -> None:
    with Client("http://127.0.0.1:8765/v1/", token="hdp_SECRET") as client:
        assert client.base_url == "http://127.0.0.1:8765"
        assert "SECRET" not in repr(client) + repr(client.tickets) + repr(client._core)


def test_default_timeouts_and_tls() -> None:
    with Client("https://help.example.com") as client:
        timeout = client._http.timeout
        assert (timeout.connect, timeout.read) == (5.0, 30.0)
    with Client("http://127.0.0.1", timeout=2.5) as client:
        assert client._http.timeout.read == 2.5


def test_bad_settings() -> None:
    with pytest.raises(ValueError):
        Client("http://127.0.0.1", max_retries=-1)


def test_retry_after_forms() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    seconds = parse_retry_after(later)
    assert seconds is not None and 80 < seconds <= 90


def _response(status: int, body: bytes, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=body, headers=headers,
                          request=httpx.Request("GET", "http://127.0.0.1/v1/x"))


def test_problem_details_become_typed_errors() -> None:
    problem = (b'{"type": "urn:helpdesk:problem:ticket-closed", "title": "Conflict", '
               b'"status": 409, "detail": "T1 is closed.", "code": "ticket-closed", '
               b'"hint": "Open a follow-up with follow_up_of=T1."}')
    err = error_from_response(_response(409, problem, **{"X-Request-ID": "r-1"}))
    assert isinstance(err, errors.TicketClosedError) and isinstance(err, errors.ConflictError)
    assert (err.status, err.request_id, err.detail, err.code) == (409, "r-1", "T1 is closed.",
                                                                 "ticket-closed")
    assert err.hint == "Open a follow-up with follow_up_of=T1."
    assert str(err) == "T1 is closed. (HTTP 409, request id r-1)"


def test_non_json_error_bodies_still_map() -> None:
    err = error_from_response(_response(502, b"<html>bad gateway</html>"))
    assert isinstance(err, errors.ServerError) and err.problem is None
    assert err.detail == "Bad Gateway"
    assert type(error_from_response(_response(418, b""))) is errors.ApiError
    limited = error_from_response(_response(429, b"{}", **{"Retry-After": "12"}))
    assert isinstance(limited, errors.RateLimitedError) and limited.retry_after == 12.0


def test_validation_errors_are_read_leniently() -> None:
    body = (b'{"status": 422, "detail": "bad", "errors": [{"field": "subject", "message": '
            b'"too short"}, {"field": 3}, "junk"]}')
    err = error_from_response(_response(422, body))
    assert isinstance(err, errors.ValidationError)
    assert err.field_errors == [errors.FieldError("subject", "too short")]


def test_ids_are_one_quoted_path_segment() -> None:
    assert segment("T1001") == "T1001"
    assert segment("../me") == "..%2Fme"
    assert segment("a b?#") == "a%20b%3F%23"
    with pytest.raises(ValueError):
        segment("  ")
    assert segment("...") == "..." and segment("a..") == "a.."


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_dot_ids_cannot_change_the_route(bad: str) -> None:
    with pytest.raises(ValueError):
        segment(bad, "ticket id")
    # Every method with a path parameter refuses them before any request (port 9: nothing).
    with Client("http://127.0.0.1:9", token="hda_x", max_retries=0) as hd:
        calls: list[Callable[[], object]] = [
            lambda: hd.tickets.get(bad), lambda: hd.tickets.close(bad),
            lambda: hd.tickets.reopen(bad), lambda: hd.tickets.reply(bad, "x"),
            lambda: hd.tickets.rate(bad, 5), lambda: hd.orders.get(bad),
            lambda: hd.orders.create_return(bad, [("i", 1)], "r"),
            lambda: hd.faq.get(bad), lambda: hd.faq.vote(bad, True),
            lambda: hd.tokens.delete(bad), lambda: hd.attachments.download(bad, "/nonexistent"),
        ]
        for call in calls:
            with pytest.raises(ValueError):
                call()


def test_tls_is_always_verified() -> None:
    assert tls_verify("https://help.example.com") is True  # httpx: system/certifi CAs
    context = tls_verify("http://127.0.0.1:8765")
    assert isinstance(context, ssl.SSLContext)  # no TLS expected; should it happen, it fails
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


@pytest.mark.parametrize(("status", "code", "cls"), [
    (400, "bad-request", errors.BadRequestError),
    (401, "unauthenticated", errors.AuthenticationError),
    (403, "forbidden", errors.PermissionDeniedError),
    (404, "not-found", errors.NotFoundError),
    (409, "conflict", errors.ConflictError),
    (409, "idempotency-key-reused", errors.ConflictError),
    (413, "payload-too-large", errors.PayloadTooLargeError),
    (422, "validation", errors.ValidationError),
    (429, "rate-limited", errors.RateLimitedError),
    (500, "internal", errors.ServerError),
    (503, "unavailable", errors.ServerError),
])
def test_every_status_maps_to_its_error(status: int, code: str,
                                        cls: type[errors.ApiError]) -> None:
    body = (f'{{"type": "urn:helpdesk:problem:{code}", "title": "t", "status": {status}, '
            f'"detail": "d{status}", "code": "{code}"}}').encode()
    err = error_from_response(_response(status, body, **{"X-Request-ID": f"r{status}"}))
    assert type(err) is cls
    assert (err.status, err.request_id, err.detail, err.code) == (status, f"r{status}",
                                                                 f"d{status}", code)
