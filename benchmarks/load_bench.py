"""Server under 10 -> 200 concurrent mixed clients (DESIGN §6: no throughput cliff, 5xx only
as documented 503s with Retry-After).

    .venv/bin/python benchmarks/load_bench.py                      # 10 20 40 41 80 120 200
    .venv/bin/python benchmarks/load_bench.py --levels 40 41 --seconds 8

Starts the real server as its own process (`python -m helpdesk_server`, as the tests do, so
the load generator does not share its GIL), with the rate limit out of the way. Every client
has its own keep-alive connection and loops over a mix of writes (ticket creates, replies)
and reads (ticket list, FAQ search, profile) with no retries, so what the server answers is
what is counted. Per level it prints throughput, p50/p99 latency, and the 5xx answers split
into documented 503s (with `Retry-After`) and anything else.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

USERS = ("alice@example.com", "bob@example.com", "carol@example.com")
PASSWORD = "helpdesk-demo"
QUERIES = ("password", "refund", "track my order", "locked", "shipping", "invoice")


@dataclass
class Level:
    """What one concurrency level measured."""

    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    documented_503: int = 0
    transport_errors: int = 0

    @property
    def other_5xx(self) -> int:
        return sum(n for s, n in self.statuses.items() if s >= 500) - self.documented_503

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_server(db: Path) -> Iterator[str]:
    """`python -m helpdesk_server --seed` on a free loopback port until the block ends."""
    port = _free_port()
    log = db.with_suffix(".log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpdesk_server", "--port", str(port), "--db", str(db),
         "--seed", "--rate-limit", "100000000"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/v1/meta", timeout=1).status_code == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server did not start; see {log.name}")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def tokens(url: str) -> list[dict[str, str]]:
    """One access token per demo customer (logins are not part of the measured mix)."""
    out = []
    for email in USERS:
        r = httpx.post(f"{url}/v1/auth/token", json={"email": email, "password": PASSWORD})
        r.raise_for_status()
        out.append({"Authorization": f"Bearer {r.json()['access_token']}"})
    return out


MIXES = {"mixed": (0, 1, 2, 3, 4), "read": (2, 3, 4), "write": (0, 1)}


async def client(n: int, api: httpx.AsyncClient, until: float, level: Level,
                 mix: tuple[int, ...]) -> None:
    """One client: create, reply, list, search, profile... until the level's time is up."""
    async with api:
        ticket: str | None = None
        for step in itertools.count(n):
            if time.monotonic() >= until:
                return
            kind = mix[step % len(mix)]
            started = time.perf_counter()
            try:
                if kind == 0 or (kind == 1 and ticket is None):
                    r = await api.post("/v1/tickets", json={
                        "subject": f"Load {n}-{step}", "body": "Measuring the server."})
                    if r.status_code == 201:
                        ticket = r.json()["id"]
                elif kind == 1:
                    r = await api.post(f"/v1/tickets/{ticket}/messages",
                                       json={"body": f"Reply {step}"})
                elif kind == 2:
                    r = await api.get("/v1/tickets", params={"limit": 20})
                elif kind == 3:
                    r = await api.get("/v1/articles/search",
                                      params={"q": QUERIES[step % len(QUERIES)]})
                else:
                    r = await api.get("/v1/me")
            except httpx.TransportError:
                level.transport_errors += 1
                continue
            level.latencies.append(time.perf_counter() - started)
            level.statuses[r.status_code] += 1
            if r.status_code == 503 and "retry-after" in r.headers:
                level.documented_503 += 1


async def run_level(url: str, auth: list[dict[str, str]], clients: int,
                    seconds: float, mix: tuple[int, ...]) -> Level:
    level = Level(clients, seconds)
    # Built before the clock starts, over one SSL context: httpx makes a context per client
    # (~40 ms of CPU each), which at 200 clients would measure the load generator instead.
    ssl_context = httpx.create_ssl_context()
    apis = [httpx.AsyncClient(base_url=url, headers=auth[i % len(auth)], timeout=60,
                              verify=ssl_context) for i in range(clients)]
    started = time.monotonic()
    await asyncio.gather(*(client(i, api, started + seconds, level, mix)
                           for i, api in enumerate(apis)))
    level.seconds = time.monotonic() - started  # the last requests finish after the deadline
    return level


def report(levels: list[Level]) -> None:
    print(f"{'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} "
          f"{'503+RA':>7} {'other5xx':>8} {'transport':>9}")
    for lv in levels:
        done = len(lv.latencies)
        print(f"{lv.clients:>7} {done / lv.seconds:>8.1f} {lv.percentile(50):>8.1f} "
              f"{lv.percentile(99):>8.1f} {done:>9} {lv.documented_503:>7} "
              f"{lv.other_5xx:>8} {lv.transport_errors:>9}")
    best = max((len(lv.latencies) / lv.seconds for lv in levels), default=0.0)
    worst = min((len(lv.latencies) / lv.seconds for lv in levels), default=0.0)
    verdict = "ok" if best == 0 or worst >= best / 3 else "CLIFF"
    bad = sum(lv.other_5xx + lv.transport_errors for lv in levels)
    print(f"throughput min/max {worst:.0f}/{best:.0f} req/s: {verdict}; "
          f"undocumented 5xx or transport errors: {bad} ({'ok' if bad == 0 else 'FAIL'})")
    if levels:
        print("median p50 across levels: "
              f"{statistics.median(lv.percentile(50) for lv in levels):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[10, 20, 40, 41, 80, 120, 200])
    parser.add_argument("--seconds", type=float, default=6.0, help="duration of each level")
    parser.add_argument("--mix", choices=sorted(MIXES), default="mixed",
                        help="mixed: 2 writes in 5 requests (default); read or write only")
    parser.add_argument("--url", help="measure an already running server instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, (contextlib.nullcontext(args.url) if args.url
          else running_server(Path(tmp) / "load.db")) as url:
        auth = tokens(url)
        levels = []
        for clients in args.levels:
            levels.append(asyncio.run(run_level(url, auth, clients, args.seconds,
                                                MIXES[args.mix])))
            lv = levels[-1]
            print(f"  {clients} clients: {len(lv.latencies)} requests, "
                  f"statuses {dict(sorted(lv.statuses.items()))}", file=sys.stderr)
    report(levels)


if __name__ == "__main__":
    main()
