"""Cross-process refresh coordination (before_refresh, refresh_lock) and logout revocation."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from helpers import ALICE, DEMO_PASSWORD

from api_client import AsyncClient, errors, models

from .conftest import MakeClient
from .faults import FaultTransport


def _rotated_elsewhere(make_client: MakeClient) -> tuple[models.TokenPair, models.TokenPair]:
    """A login pair, and the pair "another process" got by refreshing it (old one rotated)."""
    first = make_client().auth.login(ALICE, DEMO_PASSWORD)
    second = make_client(refresh_token=first.refresh_token).auth.refresh()
    return first, second


def test_before_refresh_adopts_tokens_another_process_stored(make_client: MakeClient) -> None:
    old, new = _rotated_elsewhere(make_client)
    seen: list[models.TokenPair] = []
    transport = FaultTransport()
    client = make_client(token="hda_expired", refresh_token=old.refresh_token,
                         before_refresh=lambda: new, on_tokens=seen.append, transport=transport)
    assert client.account.get().email == ALICE
    # No refresh with the rotated token: that would be taken as theft and kill the family.
    assert [r.path for r in transport.log] == ["/v1/me", "/v1/me"]
    assert (client.token, client.refresh_token) == (new.access_token, new.refresh_token)
    assert seen == []  # the other process already stored them
    assert make_client(token=new.access_token).account.get().email == ALICE


def test_before_refresh_with_the_failed_tokens_refreshes(make_client: MakeClient) -> None:
    pair = make_client().auth.login(ALICE, DEMO_PASSWORD)
    for answer in (None, ("hda_expired", pair.refresh_token)):
        transport = FaultTransport()
        seen: list[models.TokenPair] = []
        client = make_client(token="hda_expired", refresh_token=pair.refresh_token,
                             before_refresh=lambda a=answer: a, on_tokens=seen.append,
                             transport=transport)
        assert client.account.get().email == ALICE
        assert [r.path for r in transport.log] == ["/v1/me", "/v1/auth/refresh", "/v1/me"]
        assert len(seen) == 1
        pair = seen[0]


def test_before_refresh_can_supply_only_a_newer_refresh_token(make_client: MakeClient) -> None:
    pair = make_client().auth.login(ALICE, DEMO_PASSWORD)
    client = make_client(token="hda_expired", refresh_token="hdr_dead",
                         before_refresh=lambda: ("hda_expired", pair.refresh_token))
    assert client.account.get().email == ALICE
    assert client.refresh_token not in {"hdr_dead", pair.refresh_token}


def test_bad_before_refresh_answer_is_a_type_error(make_client: MakeClient) -> None:
    pair = make_client().auth.login(ALICE, DEMO_PASSWORD)
    client = make_client(token="hda_expired", refresh_token=pair.refresh_token,
                         before_refresh=lambda: "hda_x")
    with pytest.raises(TypeError, match="before_refresh"):
        client.account.get()


def test_refresh_lock_spans_the_hook_the_refresh_and_on_tokens(make_client: MakeClient) -> None:
    pair = make_client().auth.login(ALICE, DEMO_PASSWORD)
    events: list[str] = []

    @contextmanager
    def lock() -> Iterator[None]:
        events.append("lock")
        yield
        events.append("unlock")

    def before() -> None:
        events.append("before_refresh")

    client = make_client(token="hda_expired", refresh_token=pair.refresh_token,
                         refresh_lock=lock, before_refresh=before,
                         on_tokens=lambda _p: events.append("on_tokens"))
    assert client.account.get().email == ALICE
    assert events == ["lock", "before_refresh", "on_tokens", "unlock"]


def test_logout_with_expired_access_token_still_revokes(make_client: MakeClient) -> None:
    pair = make_client().auth.login(ALICE, DEMO_PASSWORD)
    seen: list[models.TokenPair] = []
    transport = FaultTransport()
    client = make_client(token="hda_expired", refresh_token=pair.refresh_token,
                         on_tokens=seen.append, transport=transport)
    client.auth.logout()
    assert client.token is None and client.refresh_token is None
    assert transport.log[0].json == {"refresh_token": pair.refresh_token}
    # Whatever path the server took (body, or 401 -> refresh -> retry), nothing survives.
    for refresh in {pair.refresh_token, *(p.refresh_token for p in seen)}:
        with pytest.raises(errors.AuthenticationError):
            make_client(refresh_token=refresh).auth.refresh()


def test_logout_of_a_personal_token_sends_no_body(make_client: MakeClient) -> None:
    created = make_client(ALICE).tokens.create("logout-pat")
    transport = FaultTransport()
    make_client(token=created.token, transport=transport).auth.logout()
    assert transport.log[0].json is None
    with pytest.raises(errors.AuthenticationError):
        make_client(token=created.token).account.get()


def test_async_hooks_stay_off_the_event_loop(live_server: Any) -> None:
    """Sync hooks run in a worker thread; async hooks are awaited on the loop."""
    threads: dict[str, int] = {}

    def sync_tokens(_pair: models.TokenPair) -> None:
        threads["on_tokens"] = threading.get_ident()

    @contextmanager
    def lock() -> Iterator[None]:
        threads["lock"] = threading.get_ident()
        yield

    async def main() -> None:
        loop_thread = threading.get_ident()
        async with AsyncClient(live_server.url) as login:
            old = await login.auth.login(ALICE, DEMO_PASSWORD)
        async with AsyncClient(live_server.url, token="hda_expired",
                               refresh_token=old.refresh_token, on_tokens=sync_tokens,
                               refresh_lock=lock) as hd:
            assert (await hd.account.get()).email == ALICE
        assert threads["on_tokens"] != loop_thread and threads["lock"] != loop_thread

        async with AsyncClient(live_server.url, refresh_token=hd.refresh_token) as other:
            newer = await other.auth.refresh()  # "another process" rotates
        asked: list[int] = []

        async def before() -> tuple[str, str]:
            asked.append(threading.get_ident())
            return newer.access_token, newer.refresh_token

        async with AsyncClient(live_server.url, token="hda_expired",
                               refresh_token=hd.refresh_token, before_refresh=before) as hd2:
            assert (await hd2.account.get()).email == ALICE
            assert hd2.token == newer.access_token and asked == [loop_thread]

    asyncio.run(main())
