"""Every method of the sync Client against the real server on loopback."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest
from helpers import ALICE, CAROL, DEMO_PASSWORD, LiveServer, sql, ticket_row_id

from api_client import UNSET, Client, errors, models

from .conftest import MakeClient


def _subject() -> str:
    return f"client-test {uuid.uuid4().hex[:12]}"


def test_meta_is_public(make_client: MakeClient) -> None:
    meta = make_client().meta()
    assert meta.api_version == "1"
    assert "tickets" in meta.features


def test_login_stores_tokens_and_reports_them(make_client: MakeClient) -> None:
    seen: list[models.TokenPair] = []
    client = make_client(on_tokens=seen.append)
    pair = client.auth.login(ALICE, DEMO_PASSWORD)
    assert pair.user.email == ALICE and pair.token_type == "bearer"
    assert client.token == pair.access_token and client.refresh_token == pair.refresh_token
    assert seen == [pair]
    assert client.account.get().email == ALICE


def test_bad_credentials_and_no_token_are_authentication_errors(make_client: MakeClient) -> None:
    client = make_client()
    with pytest.raises(errors.AuthenticationError) as info:
        client.auth.login(ALICE, "wrong-password")
    assert info.value.status == 401 and info.value.request_id
    assert "wrong-password" not in str(info.value)
    with pytest.raises(errors.AuthenticationError):
        client.account.get()


def test_refresh_rotates_and_old_refresh_token_dies(alice: Client, make_client: MakeClient) -> None:
    old_refresh = alice.refresh_token
    pair = alice.auth.refresh()
    assert alice.token == pair.access_token and alice.refresh_token != old_refresh
    assert alice.account.get().email == ALICE
    # Within the server's reuse grace window (a parallel process that loaded the old pair),
    # the rotated token gets a pair of the same family and revokes nothing.
    stale = make_client(refresh_token=old_refresh)
    assert stale.auth.refresh().refresh_token not in {old_refresh, pair.refresh_token}
    assert alice.account.get().email == ALICE
    alice.auth.logout()  # ends the family: now the old token is dead for good
    with pytest.raises(errors.AuthenticationError):
        make_client(refresh_token=old_refresh).auth.refresh()


def test_logout_revokes_and_forgets(alice: Client, make_client: MakeClient) -> None:
    token = alice.token
    alice.auth.logout()
    assert alice.token is None and alice.refresh_token is None
    with pytest.raises(errors.AuthenticationError):
        make_client(token=token).account.get()


def test_personal_tokens_lifecycle(alice: Client, bob: Client, make_client: MakeClient) -> None:
    created = alice.tokens.create(f"script-{uuid.uuid4().hex[:6]}", expires_in_days=7)
    assert created.token.startswith("hdp_") and created.expires_at is not None
    assert created.token not in repr(created)
    assert created.id in {t.id for t in alice.tokens.iter(limit=2)}
    assert created.id in {t.id for t in alice.tokens.list(limit=100).data}
    script = make_client(token=created.token)
    assert script.account.get().email == ALICE
    with pytest.raises(errors.PermissionDeniedError) as denied:
        script.tokens.create("child of a script token")
    assert denied.value.code == "forbidden" and "password" in (denied.value.hint or "")
    with pytest.raises(errors.NotFoundError):
        bob.tokens.delete(created.id)
    alice.tokens.delete(created.id)
    with pytest.raises(errors.AuthenticationError):
        script.account.get()


def test_account_update_and_password_change(make_client: MakeClient) -> None:
    carol = make_client(CAROL)
    before = carol.account.get()
    updated = carol.account.update(phone="+1 555 0100")
    assert updated.phone == "+1 555 0100" and updated.name == before.name
    assert carol.account.update(phone=None).phone is None
    assert carol.account.update(name=before.name, phone=before.phone) == before
    assert carol.account.update(name=UNSET).name == before.name
    with pytest.raises(errors.ValidationError) as info:
        carol.account.update(name="")
    assert info.value.status == 422 and info.value.field_errors
    with pytest.raises(errors.ValidationError) as info:
        carol.account.change_password("not-the-password", "new-password-1")
    assert [e.field.rsplit(".", 1)[-1] for e in info.value.field_errors] == ["current_password"]
    carol.account.change_password(DEMO_PASSWORD, "new-password-1")
    try:
        with pytest.raises(errors.AuthenticationError):
            make_client().auth.login(CAROL, DEMO_PASSWORD)
        assert make_client().auth.login(CAROL, "new-password-1").user.email == CAROL
    finally:
        restore = make_client()
        restore.auth.login(CAROL, "new-password-1")
        restore.account.change_password("new-password-1", DEMO_PASSWORD)


def test_orders_list_iter_get_and_filters(alice: Client) -> None:
    everything = list(alice.orders.iter(limit=2))
    assert len(everything) >= 2
    assert [o.id for o in everything] == [o.id for o in alice.orders.list(limit=100).data]
    delivered = alice.orders.list(status="delivered").data
    assert delivered and all(o.status == "delivered" for o in delivered)
    detail = alice.orders.get(delivered[0].id)
    assert isinstance(detail, models.OrderDetail) and detail.items
    assert detail.total_cents == delivered[0].total_cents
    with pytest.raises(errors.NotFoundError):
        alice.orders.get("SO99999")


def test_orders_filter_by_several_statuses_and_get_by_number(alice: Client) -> None:
    everything = alice.orders.list(limit=100).data
    expected = [o.id for o in everything if o.status in {"shipped", "paid"}]
    assert len(expected) >= 2
    assert [o.id for o in alice.orders.list(status=["shipped", "paid"]).data] == expected
    assert [o.id for o in alice.orders.iter(status=("paid", "shipped"), limit=1)] == expected
    assert [o.id for o in alice.orders.list(status="shipped,paid").data] == expected
    with pytest.raises(errors.ValidationError) as caught:
        alice.orders.list(status=["paid", "lost"])
    assert "lost" in str(caught.value)
    order = everything[0]
    by_number = alice.orders.get(order.number.lower())
    assert by_number.id == order.id and by_number == alice.orders.get(order.id)


def test_create_return_is_idempotent_and_conflicts_when_not_delivered(alice: Client) -> None:
    orders = list(alice.orders.iter())
    delivered = next(o for o in orders if o.status == "delivered")
    item = alice.orders.get(delivered.id).items[0]
    key = uuid.uuid4().hex
    first = alice.orders.create_return(delivered.id, [(item.id, 1)], "too small",
                                       idempotency_key=key)
    again = alice.orders.create_return(delivered.id, [models.ReturnItem(item.id, 1)],
                                       "too small", idempotency_key=key)
    assert first == again and first.items == [models.ReturnItem(item.id, 1)]
    assert alice.tickets.get(first.ticket_id).order_id == delivered.id
    pending = next(o for o in orders if o.status in {"pending", "paid"})
    pending_item = alice.orders.get(pending.id).items[0]
    with pytest.raises(errors.ConflictError):
        alice.orders.create_return(pending.id, [(pending_item.id, 1)], "changed my mind")


def test_faq_search_list_get_categories(make_client: MakeClient) -> None:
    client = make_client()
    page = client.faq.search("password", limit=3)
    assert page.data and len(page.data) <= 3
    assert any("<mark>" in hit.snippet for hit in page.data)
    scores = [hit.score for hit in page.data]
    assert scores == sorted(scores, reverse=True)
    hits = list(client.faq.iter_search("password", limit=2))
    assert [h.id for h in hits[:3]] == [h.id for h in page.data]
    categories = client.faq.categories()
    assert categories and all(isinstance(c, models.Category) for c in categories)
    first_cat = categories[0].slug
    in_cat = list(client.faq.iter(category=first_cat, limit=3))
    assert in_cat and all(a.category.slug == first_cat for a in in_cat)
    assert len(in_cat) == next(c.article_count for c in categories if c.slug == first_cat)
    article = client.faq.get(in_cat[0].id)
    assert client.faq.get(article.slug) == article and article.body
    with pytest.raises(errors.NotFoundError):
        client.faq.get("no-such-article-anywhere")


def test_faq_vote_needs_login(alice: Client, make_client: MakeClient) -> None:
    article = alice.faq.list(limit=1).data[0]
    result = alice.faq.vote(article.id, True)
    assert result.article_id == article.id and result.helpful is True
    result = alice.faq.vote(article.id, False)
    assert result.helpful is False
    with pytest.raises(errors.AuthenticationError):
        make_client().faq.vote(article.id, True)


def test_ticket_lifecycle(alice: Client, bob: Client) -> None:
    subject = _subject()
    detail = alice.tickets.create(subject=subject, body="My tent pole broke.", priority="high")
    assert detail.status == "new" and detail.priority == "high" and len(detail.messages) == 1
    assert alice.tickets.get(detail.id) == detail
    message = alice.tickets.reply(detail.id, "Photo attached soon.")
    assert message.ticket_id == detail.id and message.author.role == "customer"
    assert len(alice.tickets.get(detail.id).messages) == 2
    with pytest.raises(errors.NotFoundError):
        bob.tickets.get(detail.id)
    with pytest.raises(errors.ConflictError):
        alice.tickets.rate(detail.id, 5)
    closed = alice.tickets.close(detail.id)
    assert closed.status == "closed" and alice.tickets.close(detail.id).status == "closed"
    with pytest.raises(errors.TicketClosedError) as info:
        alice.tickets.reply(detail.id, "one more thing")
    assert info.value.status == 409 and info.value.code == "ticket-closed"
    assert info.value.hint and "follow" in info.value.hint.lower()
    with pytest.raises(errors.TicketClosedError):
        alice.tickets.reopen(detail.id)
    rating = alice.tickets.rate(detail.id, 4, comment="quick")
    assert (rating.score, rating.comment) == (4, "quick")
    follow = alice.tickets.create(subject=subject + " again", body="Still broken.",
                                  follow_up_of=detail.id)
    assert follow.follow_up_of == detail.id


def test_reopen_solved_ticket(alice: Client, live_server: LiveServer) -> None:
    ticket = alice.tickets.create(subject=_subject(), body="Fixed, I think.")
    # Solving is an agent action, outside this client's API: arrange it in the database.
    sql(live_server.db_path, "UPDATE tickets SET status = 'solved' WHERE id = ?",
        ticket_row_id(ticket.id))
    assert alice.tickets.get(ticket.id).status == "solved"
    assert [t.id for t in alice.tickets.iter(status="solved") if t.id == ticket.id] == [ticket.id]
    reopened = alice.tickets.reopen(ticket.id)
    assert reopened.id == ticket.id and reopened.status == "open"
    assert alice.tickets.get(ticket.id).status == "open"
    assert alice.tickets.reopen(ticket.id).status == "open"  # reopening an open ticket: no-op


def test_ticket_lists_filter_and_page(alice: Client) -> None:
    alice.tickets.create(subject=_subject(), body="x")
    every = list(alice.tickets.iter(limit=3))
    assert [t.id for t in every] == [t.id for t in _all_pages(alice)]
    open_or_new = list(alice.tickets.iter(status=["open", "new"]))
    assert open_or_new and all(t.status in {"open", "new"} for t in open_or_new)
    assert {t.id for t in open_or_new} == {t.id for t in every if t.status in {"open", "new"}}


def _all_pages(client: Client) -> list[models.Ticket]:
    out: list[models.Ticket] = []
    cursor = None
    while True:
        page = client.tickets.list(limit=3, cursor=cursor)
        out.extend(page.data)
        if page.next_cursor is None:
            return out
        cursor = page.next_cursor


def test_bad_cursor_and_validation_errors(alice: Client) -> None:
    with pytest.raises(errors.BadRequestError):
        alice.tickets.list(cursor="definitely-not-a-cursor")
    with pytest.raises(errors.ValidationError) as info:
        alice.tickets.create(subject="", body="x")
    assert "subject" in {e.field.rsplit(".", 1)[-1] for e in info.value.field_errors}
    with pytest.raises(ValueError, match="ticket id"):
        alice.tickets.get("")


def test_attachment_upload_download_round_trip(alice: Client, bob: Client,
                                               tmp_path: Path) -> None:
    payload = bytes(range(256)) * 1000  # 256 kB: several chunks
    source = tmp_path / 'odd "name".bin'
    source.write_bytes(payload)
    progress: list[tuple[int, int | None]] = []
    attachment = alice.attachments.upload(source, progress=lambda s, t: progress.append((s, t)))
    assert attachment.size == len(payload)
    assert attachment.sha256 == hashlib.sha256(payload).hexdigest()
    assert progress[0] == (0, len(payload)) and progress[-1] == (len(payload), len(payload))
    assert len(progress) > 3
    target = alice.attachments.download(attachment.id, tmp_path / "copy.bin")
    assert target.read_bytes() == payload
    into_dir = tmp_path / "dir"
    into_dir.mkdir()
    saved = alice.attachments.download(attachment.id, into_dir)
    assert saved.parent == into_dir and saved.read_bytes() == payload
    assert sorted(p.name for p in into_dir.iterdir()) == [saved.name]
    with pytest.raises(errors.NotFoundError):
        bob.attachments.download(attachment.id, tmp_path / "stolen.bin")
    assert not (tmp_path / "stolen.bin").exists()
    assert not list(tmp_path.glob(".*.part"))
    detail = alice.tickets.create(subject=_subject(), body="see file",
                                  attachment_ids=[attachment.id])
    assert [a.id for a in detail.messages[0].attachments] == [attachment.id]


def test_upload_errors(alice: Client, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(errors.ValidationError):
        alice.attachments.upload(empty)
    with pytest.raises(FileNotFoundError):
        alice.attachments.upload(tmp_path / "missing.txt")
