"""Many concurrent writers: every write gets through, none waits out the busy timeout.

Before the fix a write request took SQLite's write lock in one worker thread and needed two
more to finish, while the other writers filled all 40 worker threads waiting for that lock:
from 41 concurrent writers on, requests stalled for the 5 s busy timeout and ended in 503.
(The throughput curve is in benchmarks/load_bench.py; no timings are asserted here.)
"""

from __future__ import annotations

import threading
from collections import Counter

import httpx

from tests.helpers import ALICE, BOB, ServerFactory, auth_headers, login_token

WRITERS = 64  # well above the 40 worker threads of the server
READERS = 16


def test_more_concurrent_writers_than_worker_threads_all_succeed(
    server_factory: ServerFactory,
) -> None:
    server = server_factory(rate_limit_per_minute=100_000)
    tokens = [auth_headers(login_token(server.url, email)) for email in (ALICE, BOB)]
    start = threading.Barrier(WRITERS + READERS)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def client(n: int) -> None:
        with httpx.Client(base_url=server.url, headers=tokens[n % 2], timeout=60) as api:
            api.get("/v1/me")  # connect before the barrier, so all requests start together
            start.wait()
            if n < WRITERS:
                response = api.post("/v1/tickets", json={"subject": f"Load {n}",
                                                         "body": "Many at once."})
            else:
                response = api.get("/v1/tickets", params={"limit": 5})
        with lock:
            statuses[response.status_code] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(WRITERS + READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert statuses == {201: WRITERS, 200: READERS}, statuses
    assert "database busy" not in server.log()
