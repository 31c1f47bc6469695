"""Fixtures of the client tests: clients logged in to the real live server."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from helpers import ALICE, BOB, DEMO_PASSWORD

from api_client import Client

from .faults import FaultTransport

MakeClient = Callable[..., Client]


class Sleeps(list[float]):
    """Records backoff waits instead of sleeping, so fault tests run instantly."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_client(live_server: object, sleeps: Sleeps) -> Iterator[MakeClient]:
    """Clients of the live server (no real sleeping), optionally logged in as a demo user."""
    made: list[Client] = []

    def make(email: str | None = None, **kwargs: object) -> Client:
        kwargs.setdefault("sleep", sleeps)
        client = Client(live_server.url, **kwargs)  # type: ignore[attr-defined,arg-type]
        made.append(client)
        if email is not None:
            client.auth.login(email, DEMO_PASSWORD)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def alice(make_client: MakeClient) -> Client:
    return make_client(ALICE)


@pytest.fixture
def bob(make_client: MakeClient) -> Client:
    return make_client(BOB)


@pytest.fixture
def faulty(make_client: MakeClient) -> Callable[..., tuple[Client, FaultTransport]]:
    """A client of the live server whose transport injects the given faults."""

    def make(email: str | None = ALICE, **kwargs: object) -> tuple[Client, FaultTransport]:
        transport = FaultTransport()
        client = make_client(email, transport=transport, **kwargs)
        transport.log.clear()  # forget the login
        return client, transport

    return make
