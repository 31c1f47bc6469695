"""FAQ search latency and relevance over real HTTP (budgets on 2 cores: p95 <= 10 ms at
10,000 articles, <= 20 ms at 100,000).

    .venv/bin/python benchmarks/search_bench.py                   # 10,000 articles
    .venv/bin/python benchmarks/search_bench.py --articles 100000 # the big run

Builds a temporary database (the real help centre plus synthetic articles), starts the real
server, warms it up with one pass over the queries, then sends the query mix sequentially
over one keep-alive connection and reports client-observed latency percentiles, with the
relevance figures of the customer-question set (``tests/server/relevance_set.py``: top-3 hit
rate and MRR) on the demo store alone and on the big corpus being measured. It also prints
the server process's CPU time per request and the load average around the run: latency on a
shared machine moves with its other work, CPU time per request much less. The server
runs as its own process (`python -m helpdesk_server`, as the test suite runs it), so the
load generator does not share its GIL; `--thread` uses `helpdesk_server.runner.
start_in_thread` in this process instead (as `helpdesk demo` does).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from helpdesk_server.config import ServerSettings
from helpdesk_server.db import connect, init_db
from helpdesk_server.faq.seed import seed_articles, seed_synthetic_articles

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.server.relevance_set import Relevance, evaluate

BUDGET_P95_MS = {10_000: 10.0, 100_000: 20.0}

#: What customers type: whole questions, single words, prefixes mid-typing, typos, filters.
QUERIES: list[tuple[str, str | None]] = [
    ("password", None), ("reset password", None), ("passw", None), ("pasword", None),
    ("how do I reset my password", None), ("two factor", None), ("2fa backup codes", None),
    ("locked out", None), ("change email", None), ("delete my account", None),
    ("refund", None), ("refnd", None), ("when will I get my refund", None),
    ("refund paypal", None), ("return policy", None), ("retrun", None), ("exchange size", None),
    ("damaged item", None), ("wrong item", None), ("gift card balance", None),
    ("promo code not working", None), ("payment declined", None), ("charged twice", None),
    ("klarna", None), ("invoice", None), ("sales tax", None), ("rewards points", None),
    ("track my order", None), ("tracking not updating", None), ("shipping to canada", None),
    ("international shipping customs", None), ("express shipping cost", None),
    ("cancel order", None), ("change address", None), ("package delivered not received", None),
    ("store pickup", None), ("backorder", None), ("order", None), ("shipping", None),
    ("return", None), ("warranty tent", None), ("zipper repair", None),
    ("wash rain jacket", None), ("down sleeping bag", None), ("boot size", None),
    ("website not loading", None), ("app crash", None), ("emails not arriving", None),
    ("phishing email", None), ("cookies", None), ("Granite 35 tent", None),
    ("refund", "returns-refunds"), ("password", "accounts-login"),
    ("shipping", "orders-shipping"), ("card", "payments-billing"),
    ("sh", None), ("ret", None), ("a", None), ('"(unbalanced*', None), ("🙂 refund", None),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_db(path: Path, articles: int) -> None:
    """Migrate and seed: the real help centre plus ``articles`` synthetic ones."""
    init_db(path)
    conn = connect(path)
    try:
        seed_articles(conn)
        seed_synthetic_articles(conn, max(0, articles - 66))
        conn.execute("PRAGMA optimize")
    finally:
        conn.close()


@dataclass(frozen=True)
class Running:
    """A server under test: its URL, and its process id when it runs as its own process."""

    url: str
    pid: int | None = None

    def cpu_seconds(self) -> float | None:
        """CPU time the server process has used so far (Linux only, None elsewhere)."""
        if self.pid is None:
            return None
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def running_server(db: Path, *, in_thread: bool) -> Iterator[Running]:
    """The real server on a free loopback port, with rate limiting out of the way."""
    limit = 10**9
    if not in_thread:
        port = _free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "helpdesk_server", "--host", "127.0.0.1", "--port",
             str(port), "--db", str(db), "--rate-limit", str(limit)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(f"{url}/v1/meta", timeout=1).status_code == 200:
                        break
                time.sleep(0.05)
            yield Running(url, proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=15)
        return
    from helpdesk_server.runner import start_in_thread

    server = start_in_thread(ServerSettings(db_path=db, rate_limit_per_minute=limit))
    try:
        yield Running(server.url)
    finally:
        server.stop()


def _percentile(sorted_ms: list[float], pct: float) -> float:
    index = min(len(sorted_ms) - 1, max(0, round(pct / 100 * len(sorted_ms)) - 1))
    return sorted_ms[index]


def measure(server: Running, requests: int) -> tuple[list[float], float | None]:
    """Latencies in ms of ``requests`` searches cycling through the query mix, and the
    server's CPU time per request in ms (None when it cannot be read)."""
    latencies: list[float] = []
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for q, category in QUERIES:  # warm-up: connection, vocabulary cache, page cache
            client.get("/v1/articles/search", params=_params(q, category)).raise_for_status()
        cpu_before = server.cpu_seconds()
        for q, category in itertools.islice(itertools.cycle(QUERIES), requests):
            params = _params(q, category)
            start = time.perf_counter()
            response = client.get("/v1/articles/search", params=params)
            latencies.append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
        cpu_after = server.cpu_seconds()
    if cpu_before is None or cpu_after is None or not requests:
        return latencies, None
    return latencies, (cpu_after - cpu_before) / requests * 1000


def relevance(url: str) -> Relevance:
    """The question set against the server at ``url`` (what its customers would get)."""
    with httpx.Client(base_url=url, timeout=30) as client:
        def slugs(q: str) -> list[str]:
            response = client.get("/v1/articles/search", params={"q": q, "limit": 10})
            response.raise_for_status()
            return [hit["slug"] for hit in response.json()["data"]]

        return evaluate(slugs)


def _load() -> float | None:
    """The 1-minute load average, where the platform has one."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _params(q: str, category: str | None) -> dict[str, str]:
    return {"q": q, **({"category": category} if category else {})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="corpus size")
    parser.add_argument("--requests", type=int, default=2_000, help="measured requests")
    parser.add_argument(
        "--thread", action="store_true", help="server in a thread of this process"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="faq-bench-") as tmp:
        demo = Path(tmp) / "demo.db"
        build_db(demo, 66)
        with running_server(demo, in_thread=args.thread) as server:
            demo_relevance = relevance(server.url)
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        build_db(db, args.articles)
        seeded_s = time.perf_counter() - started
        with running_server(db, in_thread=args.thread) as server:
            load_before = _load()
            measured, cpu_ms = measure(server, args.requests)
            load_after = _load()
            latencies = sorted(measured)
            scale_relevance = relevance(server.url)
    figures = {
        "articles": args.articles,
        "server": "thread" if args.thread else "process",
        "count": len(latencies),
        "p50_ms": round(_percentile(latencies, 50), 2),
        "p95_ms": round(_percentile(latencies, 95), 2),
        "p99_ms": round(_percentile(latencies, 99), 2),
        "max_ms": round(latencies[-1], 2),
        "mean_ms": round(statistics.fmean(latencies), 2),
        "server_cpu_ms": None if cpu_ms is None else round(cpu_ms, 2),
        "load_avg": [load_before, load_after],
        "seed_s": round(seeded_s, 1),
        "budget_p95_ms": BUDGET_P95_MS.get(args.articles),
        "top3_demo": round(demo_relevance.top3, 3),
        "mrr_demo": round(demo_relevance.mrr, 3),
        "top3_at_scale": round(scale_relevance.top3, 3),
        "mrr_at_scale": round(scale_relevance.mrr, 3),
        "questions": demo_relevance.questions,
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"FAQ search over HTTP: {figures['articles']} articles, server in a {figures['server']}")
    print(f"  seeding took {figures['seed_s']} s; {figures['count']} requests, "
          f"{len(QUERIES)} distinct queries")
    print(f"  p50 {figures['p50_ms']} ms   p95 {figures['p95_ms']} ms   "
          f"p99 {figures['p99_ms']} ms   max {figures['max_ms']} ms")
    if cpu_ms is not None:
        print(f"  server CPU per request {figures['server_cpu_ms']} ms (less swayed than "
              "latency by other work on the machine)")
    if load_before is not None:
        print(f"  1-minute load average {load_before} before, {load_after} after, on "
              f"{os.cpu_count()} CPUs (above the CPU count, others share the machine)")
    budget = figures["budget_p95_ms"]
    if budget is not None:
        verdict = "within" if figures["p95_ms"] <= budget else "OVER"
        print(f"  p95 budget {budget} ms: {verdict}")
    print(f"  relevance, demo store (66 articles): {demo_relevance.line()}")
    print(f"  relevance, this corpus ({figures['articles']} articles): "
          f"{scale_relevance.line()}")


if __name__ == "__main__":
    main()
