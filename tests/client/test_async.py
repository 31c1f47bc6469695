"""AsyncClient: the same core behaviours as Client, run with asyncio against the real server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from helpers import ALICE, BOB, DEMO_PASSWORD

from api_client import AsyncClient, errors, models

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
