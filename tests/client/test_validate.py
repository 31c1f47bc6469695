"""The models' validation: every supported shape, and clear errors for every misfit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from api_client import errors, models

USER = {
    "id": "u_1", "email": "a@example.com", "name": "A", "phone": None, "role": "customer",
    "created_at": "2026-11-24T10:15:00Z",
}
TICKET = {
    "id": "T1001", "subject": "s", "status": "open", "priority": "normal", "category": None,
    "order_id": "SO1", "follow_up_of": None, "created_at": "2026-11-24T10:15:00Z",
    "updated_at": "2026-11-24T10:16:00.250+02:00", "message_count": 2,
    "rating": {"score": 4, "comment": None, "rated_at": "2026-11-25T00:00:00Z"},
}


def test_parses_nested_generic_page_and_ignores_unknown_fields() -> None:
    body = {"data": [dict(TICKET, surprise={"x": 1})], "next_cursor": "abc", "extra": True}
    page = models.parse(models.Page[models.Ticket], body)
    ticket = page.data[0]
    assert page.next_cursor == "abc"
    assert ticket.rating == models.Rating(4, None, datetime(2026, 11, 25, tzinfo=UTC))
    assert ticket.updated_at == datetime(
        2026, 11, 24, 10, 16, 0, 250000, tzinfo=timezone(timedelta(hours=2))
    )
    assert not hasattr(ticket, "surprise")


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("message_count", True, "expected integer, got boolean"),
        ("message_count", "2", "expected integer, got string"),
        ("subject", None, "expected string, got null"),
        ("category", 5, "expected string or null, got integer"),
        ("status", "archived", "expected one of"),
        ("created_at", "2026-11-24", "expected RFC 3339 timestamp"),
        ("created_at", "2026-11-24T10:15:00", "without a UTC offset"),
        ("created_at", 1700000000, "expected RFC 3339 timestamp, got integer"),
        ("rating", {"score": 4, "comment": None}, "required field is missing"),
        ("rating", [], "expected object or null, got array"),
    ],
)
def test_misfit_raises_invalid_response_naming_the_path(field: str, value: object,
                                                         reason: str) -> None:
    body = {"data": [TICKET, dict(TICKET, **{field: value})], "next_cursor": None}
    with pytest.raises(errors.InvalidResponseError) as info:
        models.parse(models.Page[models.Ticket], body, request_id="req-7")
    err = info.value
    assert err.field is not None and err.field.startswith(f"data[1].{field}")
    assert reason in str(err)
    assert err.request_id == "req-7" and "req-7" in str(err)


def test_missing_field_and_wrong_container() -> None:
    with pytest.raises(errors.InvalidResponseError) as info:
        models.parse(models.User, {k: v for k, v in USER.items() if k != "email"})
    assert info.value.field == "email"
    with pytest.raises(errors.InvalidResponseError, match=r"\$: expected object, got array"):
        models.parse(models.User, [USER])


def test_float_accepts_integers_but_not_bools() -> None:
    hit = {"id": "KB1", "slug": "s", "title": "t", "category": {"slug": "c", "name": "C"},
           "snippet": "<mark>x</mark>", "score": 3, "updated_at": "2026-11-24T10:15:00Z"}
    parsed = models.parse(models.SearchHit, hit)
    assert parsed.score == 3.0 and isinstance(parsed.score, float)
    with pytest.raises(errors.InvalidResponseError, match="score"):
        models.parse(models.SearchHit, dict(hit, score=False))


def test_subclass_models_need_parent_and_own_fields() -> None:
    detail = models.parse(models.TicketDetail, dict(TICKET, messages=[]))
    assert isinstance(detail, models.Ticket) and detail.messages == []
    with pytest.raises(errors.InvalidResponseError, match="messages"):
        models.parse(models.TicketDetail, TICKET)


def test_models_are_frozen() -> None:
    user = models.parse(models.User, USER)
    with pytest.raises(AttributeError):  # msgspec: "immutable type"
        user.name = "B"  # type: ignore[misc]


def test_to_dict_round_trips_and_writes_utc_z() -> None:
    ticket = models.parse(models.Ticket, TICKET)
    out = models.to_dict(ticket)
    assert out["created_at"] == "2026-11-24T10:15:00Z"
    assert out["updated_at"] == "2026-11-24T08:16:00.250000Z"
    assert out["rating"] == {"score": 4, "comment": None, "rated_at": "2026-11-25T00:00:00Z"}
    assert models.parse(models.Ticket, out) == ticket
    with pytest.raises(TypeError):
        models.to_dict({"not": "a model"})


def test_secrets_stay_out_of_repr() -> None:
    pair = models.parse(models.TokenPair, {
        "access_token": "hda_SECRET1", "refresh_token": "hdr_SECRET2", "token_type": "bearer",
        "expires_in": 3600, "user": USER,
    })
    created = models.parse(models.PersonalTokenCreated, {
        "id": "pat_1", "name": "ci", "prefix": "hdp_ab", "created_at": "2026-11-24T10:15:00Z",
        "last_used_at": None, "expires_at": None, "token": "hdp_SECRET3",
    })
    from rich.pretty import pretty_repr

    text = repr(pair) + str(pair) + repr(created) + pretty_repr(pair) + pretty_repr(created)
    assert "bearer" in text and "hdp_ab" in text  # the rest is shown
    assert "SECRET" not in text
    assert pair.access_token == "hda_SECRET1" and created.token == "hdp_SECRET3"
