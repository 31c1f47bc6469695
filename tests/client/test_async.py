"""AsyncClient: the same core behaviours as Client, run with asyncio against the real server."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, Any, TypeVar

import pytest
from helpers import ALICE, BOB, DEMO_PASSWORD

from api_client import AsyncClient, Client, _transfer, errors, models

from . import faults
from .faults import AsyncFaultTransport

T = TypeVar("T")


def run(url: str, body: Callable[[AsyncClient, list[float]], Awaitable[T]],
        **kwargs: Any) -> T:
    """Run ``body`` with a fresh AsyncClient (no real sleeping) in a fresh event loop."""

    async def main() -> T:
        waits: list[float] = []

        async def sleep(seconds: float) -> None:
            waits.append(seconds)

        async with AsyncClient(url, sleep=sleep, **kwargs) as client:
            return await body(client, waits)

    return asyncio.run(main())


def test_list_get_create_iter(live_server: Any) -> None:
    async def body(hd: AsyncClient, _waits: list[float]) -> None:
        meta = await hd.meta()
        assert meta.api_version == "1"
        await hd.auth.login(ALICE, DEMO_PASSWORD)
        subject = f"async {uuid.uuid4().hex}"
        created = await hd.tickets.create(subject=subject, body="from the TUI")
        assert isinstance(created, models.TicketDetail)
        assert (await hd.tickets.get(created.id)).subject == subject
        page = await hd.tickets.list(limit=2)
        assert len(page.data) == 2 and page.next_cursor
        every = [t async for t in hd.tickets.iter(limit=3)]
        assert sum(t.subject == subject for t in every) == 1
        assert [t.id for t in every[:2]] == [t.id for t in page.data]
        hits = [h async for h in hd.faq.iter_search("password", limit=2)]
        assert hits and all(isinstance(h, models.SearchHit) for h in hits)
        assert (await hd.account.get()).email == ALICE

    run(live_server.url, body)


def test_concurrent_calls_share_one_client(live_server: Any) -> None:
    async def body(hd: AsyncClient, _waits: list[float]) -> None:
        await hd.auth.login(BOB, DEMO_PASSWORD)
        orders, me, cats = await asyncio.gather(hd.orders.list(), hd.account.get(),
                                                hd.faq.categories())
        assert me.email == BOB and cats and isinstance(orders, models.Page)

    run(live_server.url, body)


def test_lost_create_is_retried_once_with_same_key(live_server: Any) -> None:
    transport = AsyncFaultTransport()

    async def body(hd: AsyncClient, waits: list[float]) -> None:
        await hd.auth.login(ALICE, DEMO_PASSWORD)
        transport.script.faults.extend([faults.lost_response(), faults.status(503)])
        subject = f"async lost {uuid.uuid4().hex}"
        await hd.tickets.create(subject=subject, body="x")
        posts = [r for r in transport.log if r.path == "/v1/tickets" and r.method == "POST"]
        assert len(posts) == 3 and len({r.headers["Idempotency-Key"] for r in posts}) == 1
        assert len(waits) == 2
        assert sum([t.subject == subject async for t in hd.tickets.iter(limit=100)]) == 1

    run(live_server.url, body, transport=transport)


def test_refresh_on_401_and_errors(live_server: Any) -> None:
    async def login() -> models.TokenPair:
        async with AsyncClient(live_server.url) as hd:
            return await hd.auth.login(ALICE, DEMO_PASSWORD)

    pair = asyncio.run(login())
    seen: list[models.TokenPair] = []

    async def body(hd: AsyncClient, _waits: list[float]) -> None:
        # Two concurrent 401s must cause a single refresh (the second reuses the new token).
        first, second = await asyncio.gather(hd.account.get(), hd.orders.list(limit=1))
        assert first.email == ALICE and second.data
        assert len(seen) == 1
        try:
            await hd.tickets.get("T999999")
        except errors.NotFoundError as exc:
            assert exc.status == 404 and exc.request_id
        else:
            raise AssertionError("expected NotFoundError")

    run(live_server.url, body, token="hda_bogus", refresh_token=pair.refresh_token,
        on_tokens=seen.append)


def test_upload_and_download(live_server: Any, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_bytes(b"async bytes " * 10_000)

    async def body(hd: AsyncClient, _waits: list[float]) -> None:
        await hd.auth.login(ALICE, DEMO_PASSWORD)
        sent: list[int] = []
        attachment = await hd.attachments.upload(source, progress=lambda s, _t: sent.append(s))
        assert attachment.size == source.stat().st_size and sent[-1] == attachment.size
        saved = await hd.attachments.download(attachment.id, tmp_path / "copy.txt")
        assert saved.read_bytes() == source.read_bytes()

    run(live_server.url, body)


def test_file_io_runs_off_the_event_loop(live_server: Any, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening, reading, writing and placing files happen in worker threads, while the
    progress callbacks stay on the loop (a TUI updates its widgets from them)."""
    source = tmp_path / "big.bin"
    source.write_bytes(bytes(range(256)) * 10_000)  # 2.5 MB: several 1 MiB write batches
    threads: dict[str, set[int]] = {}

    def note(what: str) -> None:
        threads.setdefault(what, set()).add(threading.get_ident())

    def spy(cls: type, name: str) -> None:
        real = getattr(cls, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            note(name)
            return real(*args, **kwargs)

        monkeypatch.setattr(cls, name, wrapper)

    class SpiedFile:
        def __init__(self, fh: IO[bytes]) -> None:
            self._fh = fh

        def read(self, size: int = -1) -> bytes:
            note("read")
            return self._fh.read(size)

        def close(self) -> None:
            self._fh.close()

    real_open = _transfer.Upload._open
    monkeypatch.setattr(_transfer.Upload, "_open", lambda up: SpiedFile(real_open(up)))
    spy(_transfer.Download, "open")
    spy(_transfer.DownloadSink, "store")
    spy(_transfer.DownloadSink, "commit")

    async def body(hd: AsyncClient, _waits: list[float]) -> int:
        await hd.auth.login(ALICE, DEMO_PASSWORD)
        attachment = await hd.attachments.upload(
            source, progress=lambda _s, _t: note("upload progress"))
        saved = await hd.attachments.download(
            attachment.id, tmp_path / "copy.bin", progress=lambda _s, _t: note("progress"))
        assert saved.read_bytes() == source.read_bytes()
        return threading.get_ident()

    loop_thread = run(live_server.url, body)
    assert set(threads) == {"read", "open", "store", "commit", "upload progress", "progress"}
    for what in ("read", "open", "store", "commit"):
        assert loop_thread not in threads[what], what
    assert threads["progress"] == threads["upload progress"] == {loop_thread}


GROUPS = ("auth", "tokens", "account", "orders", "faq", "tickets", "attachments")


def _public_methods(obj: object) -> set[str]:
    return {name for name in dir(obj) if not name.startswith("_")}


def test_both_clients_offer_the_same_methods() -> None:
    with Client("http://127.0.0.1:9") as sync_client:
        sync_groups = {g: _public_methods(getattr(sync_client, g)) for g in GROUPS}
    async_client = AsyncClient("http://127.0.0.1:9")
    async_groups = {g: _public_methods(getattr(async_client, g)) for g in GROUPS}
    asyncio.run(async_client.aclose())
    assert sync_groups == async_groups
    assert all(sync_groups.values())


def test_every_other_method_against_the_server(server_factory: Callable[..., Any]) -> None:
    """The async twins of the calls the other tests here do not make (own server: it
    files a return, which uses up an item of the seed)."""

    async def body(hd: AsyncClient, _waits: list[float]) -> None:
        await hd.auth.login(ALICE, DEMO_PASSWORD)
        pair = await hd.auth.refresh()
        assert hd.token == pair.access_token
        # tokens
        created = await hd.tokens.create(f"async-{uuid.uuid4().hex[:6]}", expires_in_days=2)
        assert created.id in {t.id for t in (await hd.tokens.list(limit=100)).data}
        assert created.id in {t.id async for t in hd.tokens.iter(limit=2)}
        await hd.tokens.delete(created.id)
        assert created.id not in {t.id async for t in hd.tokens.iter()}
        # account
        me = await hd.account.get()
        assert (await hd.account.update(name=me.name)).name == me.name
        with pytest.raises(errors.ValidationError):
            await hd.account.change_password("wrong-current", "whatever-123")
        # orders and returns
        delivered = [o async for o in hd.orders.iter(status="delivered", limit=1)]
        assert delivered and (await hd.orders.list(status="delivered")).data
        detail = await hd.orders.get(delivered[0].id)
        ret = await hd.orders.create_return(detail.id, [(detail.items[0].id, 1)], "async")
        assert ret.order_id == detail.id
        # FAQ
        hits = await hd.faq.search("refund", limit=2)
        assert hits.data and hits.next_cursor
        categories = await hd.faq.categories()
        listed = await hd.faq.list(category=categories[0].slug, limit=2)
        assert [a.id async for a in hd.faq.iter(category=categories[0].slug, limit=2)][:2] == [
            a.id for a in listed.data]
        article = await hd.faq.get(listed.data[0].slug)
        assert (await hd.faq.vote(article.id, True)).article_id == article.id
        # ticket actions
        ticket = await hd.tickets.get(ret.ticket_id)
        assert (await hd.tickets.reply(ticket.id, "more detail")).ticket_id == ticket.id
        assert (await hd.tickets.reopen(ticket.id)).status == ticket.status  # not solved: as is
        assert (await hd.tickets.close(ticket.id)).status == "closed"
        assert (await hd.tickets.rate(ticket.id, 5)).score == 5
        await hd.auth.logout()
        assert hd.token is None
        with pytest.raises(errors.AuthenticationError):
            await hd.account.get()

    run(server_factory().url, body)
