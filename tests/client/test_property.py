"""Property: whatever transient faults surround a create, never two tickets."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from helpers import CAROL, DEMO_PASSWORD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api_client import Client, errors

from . import faults

FAULTS = {
    "pass": lambda: None,
    "connect": faults.connect_refused,
    "lost": faults.lost_response,
    "timeout": faults.read_timeout,
    "503-before": lambda: faults.status(503),
    "503-after": lambda: faults.status(503, reach=True),
    "502-after": lambda: faults.status(502, reach=True),
    "429": lambda: faults.status(429, headers={"Retry-After": "1"}),
}


@pytest.fixture(scope="module")
def carol_tokens(live_server: Any) -> tuple[str, str]:
    with Client(live_server.url) as client:
        pair = client.auth.login(CAROL, DEMO_PASSWORD)
    return pair.access_token, pair.refresh_token


@pytest.mark.slow
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(st.sampled_from(sorted(FAULTS)), max_size=6),
       max_retries=st.integers(min_value=0, max_value=4))
def test_create_yields_one_ticket_or_a_clear_error(live_server: Any, carol_tokens: tuple[str, str],
                                                  plan: list[str], max_retries: int) -> None:
    transport = faults.FaultTransport([FAULTS[name]() for name in plan],
                                      match=lambda r: r.method == "POST")
    subject = f"prop {uuid.uuid4().hex}"
    with Client(live_server.url, token=carol_tokens[0], transport=transport,
                max_retries=max_retries, sleep=lambda _s: None) as client:
        try:
            created = client.tickets.create(subject=subject, body="property")
        except (errors.TransportError, errors.ServerError, errors.RateLimitedError):
            created = None
        with Client(live_server.url, token=carol_tokens[0]) as clean:
            matching = [t for t in clean.tickets.list(limit=5).data if t.subject == subject]
    attempts = len(transport.log)
    assert attempts <= max_retries + 1
    if created is not None:
        assert [t.id for t in matching] == [created.id]
    else:
        assert len(matching) <= 1
