"""Live chat on loopback: 200 concurrent chats, both sides sending (DESIGN §6: message posted
by one side -> received on the other side's stream, p99 <= 100 ms on the 2-core machine).

    .venv/bin/python benchmarks/chat_bench.py                     # 200 chats, 20 s
    .venv/bin/python benchmarks/chat_bench.py --chats 50 --seconds 10

Starts the real server as its own process (`python -m helpdesk_server`, so the load
generator does not share its GIL) on a fresh seeded database with one customer per chat and
one agent per 10 chats (added straight to the database, same password as the demo users),
the rate limit out of the way. Every chat is handed off and claimed; then each customer
holds its chat's event stream, each agent its agent stream, and every `--interval` seconds
(default 2, with jitter) each side of each chat posts a message. The latency of a message
is from just before its POST to its `message` event arriving on the other side's stream,
matched by
`client_message_id`. Prints p50/p90/p99/max, messages lost (never received), and the
server's CPU (user+system time over wall time, from /proc) and peak resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from httpx_sse import aconnect_sse

from helpdesk_server.config import ServerSettings
from helpdesk_server.startup import prepare

PASSWORD = "helpdesk-demo"
CHATS_PER_AGENT = 10


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _add_users(db: Path, customers: int, agents: int) -> None:
    conn = sqlite3.connect(db)
    with conn:
        digest = conn.execute("SELECT password_hash FROM users WHERE email = ?",
                              ("alice@example.com",)).fetchone()[0]
        for kind, count in (("customer", customers), ("agent", agents)):
            conn.executemany(
                "INSERT INTO users (email, name, role, password_hash, created_at)"
                " VALUES (?, ?, ?, ?, '2026-01-01T00:00:00Z')",
                [(f"{kind}{i}@bench.example", f"{kind.title()} {i}", kind, digest)
                 for i in range(count)])
    conn.close()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks


def _rss_mib(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Bench:
    def __init__(self, url: str, chats: int, interval: float, server_pid: int) -> None:
        self.server_pid = server_pid
        self.measuring: tuple[float, float, float] = (0.0, 0.0, 0.0)
        self.measured: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
        self.url = url
        self.chats = chats
        self.interval = interval
        self.sent: dict[str, float] = {}
        self.latencies: list[float] = []
        self.errors = 0
        self.stop = asyncio.Event()

    async def token(self, client: httpx.AsyncClient, email: str) -> dict[str, str]:
        r = await client.post("/v1/auth/token", json={"email": email, "password": PASSWORD})
        r.raise_for_status()
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def received(self, data: str) -> None:
        event = json.loads(data)
        if event.get("type") != "message":
            return
        client_id = event["message"].get("client_message_id") or ""
        started = self.sent.pop(client_id, None)
        if started is not None:
            self.latencies.append(time.perf_counter() - started)

    async def listen(self, client: httpx.AsyncClient, path: str, headers: dict[str, str],
                     ready: asyncio.Event, last_id: str) -> None:
        async with aconnect_sse(client, "GET", path,
                                headers={**headers, "Last-Event-ID": last_id}) as source:
            ready.set()
            async for sse in source.aiter_sse():
                if sse.data:
                    self.received(sse.data)

    async def talk(self, client: httpx.AsyncClient, path: str, headers: dict[str, str],
                   side: str) -> None:
        n = 0
        await asyncio.sleep(random.uniform(0, self.interval))
        while not self.stop.is_set():
            n += 1
            client_id = f"{side}-{path.split('/')[-2]}-{n}"
            self.sent[client_id] = time.perf_counter()
            try:
                r = await client.post(path, json={"body": f"message {n} from {side}",
                                                  "client_message_id": client_id},
                                      headers=headers)
                if r.status_code != 201:
                    self.errors += 1
            except httpx.HTTPError:
                self.errors += 1
            await asyncio.sleep(self.interval * random.uniform(0.8, 1.2))

    async def run(self, seconds: float) -> int:
        limits = httpx.Limits(max_connections=2000, max_keepalive_connections=2000)
        timeout = httpx.Timeout(30.0, read=60.0)
        async with httpx.AsyncClient(base_url=self.url, limits=limits, timeout=timeout) as c:
            agents = [await self.token(c, f"agent{i}@bench.example")
                      for i in range(-(-self.chats // CHATS_PER_AGENT))]
            # One login at a time: argon2 takes tens of MiB per check, and 200 at once
            # would measure the password hash, not the chat.
            customers = [await self.token(c, f"customer{i}@bench.example")
                         for i in range(self.chats)]
            await c.get("/v1/agent/chats", headers=agents[0])  # an agent is signed in
            chat_ids: list[str] = []
            for headers in customers:
                chat = (await c.post("/v1/chats", json={}, headers=headers)).json()["id"]
                await c.post(f"/v1/chats/{chat}/handoff", headers=headers)
                chat_ids.append(chat)
            for index, chat in enumerate(chat_ids):
                r = await c.post(f"/v1/agent/chats/{chat}/claim",
                                 headers=agents[index // CHATS_PER_AGENT])
                r.raise_for_status()
            newest = (await c.get(f"/v1/chats/{chat_ids[-1]}",
                                  headers=customers[-1])).json()["last_event_id"]
            listeners = []
            readies = []
            for index, chat in enumerate(chat_ids):
                ready = asyncio.Event()
                readies.append(ready)
                listeners.append(asyncio.create_task(self.listen(
                    c, f"/v1/chats/{chat}/events", customers[index], ready, newest)))
            for headers in agents:
                ready = asyncio.Event()
                readies.append(ready)
                listeners.append(asyncio.create_task(self.listen(
                    c, "/v1/agent/events", headers, ready, newest)))
            await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 60)
            talkers = []
            for index, chat in enumerate(chat_ids):
                talkers.append(asyncio.create_task(self.talk(
                    c, f"/v1/chats/{chat}/messages", customers[index], "customer")))
                talkers.append(asyncio.create_task(self.talk(
                    c, f"/v1/agent/chats/{chat}/messages", agents[index // CHATS_PER_AGENT],
                    "agent")))
            self.measuring = (_cpu_seconds(self.server_pid), time.perf_counter(),
                              time.process_time())
            await asyncio.sleep(seconds)
            self.measured = (_cpu_seconds(self.server_pid), time.perf_counter(),
                             time.process_time(), _rss_mib(self.server_pid))
            self.stop.set()
            await asyncio.gather(*talkers)
            await asyncio.sleep(2.0)  # let the last messages arrive
            for task in listeners:
                task.cancel()
            await asyncio.gather(*listeners, return_exceptions=True)
        return len(self.sent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--interval", type=float, default=2.0,
                        help="seconds between messages of one side of one chat")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chat-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        port = _free_port()
        cmd = [sys.executable, "-m", "helpdesk_server", "--port", str(port), "--db", str(db),
               "--seed", "--rate-limit", "10000000", "--agent-max-chats",
               str(CHATS_PER_AGENT)]
        prepare(ServerSettings(db_path=db, seed_demo=True))  # the database, seeded
        _add_users(db, args.chats, -(-args.chats // CHATS_PER_AGENT))
        with open(Path(tmp) / "server.log", "wb") as log:
            server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    if httpx.get(f"{url}/v1/meta").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            bench = Bench(url, args.chats, args.interval, server.pid)
            lost = asyncio.run(bench.run(args.seconds))
            peak = _rss_mib(server.pid, "VmHWM")
        finally:
            server.terminate()
            server.wait(15)
    lat = sorted(x * 1000 for x in bench.latencies)
    if not lat:
        print("no message was received")
        return 1
    q = statistics.quantiles(lat, n=100)
    print(f"chats {args.chats} ({-(-args.chats // CHATS_PER_AGENT)} agents), "
          f"{args.seconds:g} s, one message per side every ~{args.interval:g} s")
    print(f"messages received {len(lat)} ({len(lat) / args.seconds:.0f}/s), lost {lost}, "
          f"POST errors {bench.errors}")
    print(f"post -> other side's stream: p50 {q[49]:.1f} ms  p90 {q[89]:.1f} ms  "
          f"p99 {q[98]:.1f} ms  max {lat[-1]:.1f} ms   (budget p99 <= 100 ms)")
    (cpu0, wall0, own0), (cpu1, wall1, own1, rss) = bench.measuring, bench.measured
    print(f"while chatting: server CPU {(cpu1 - cpu0) / (wall1 - wall0) * 100:.0f}% of one "
          f"core, RSS {rss:.0f} MiB (peak {peak:.0f} MiB, sign-ins included); "
          f"this load generator {(own1 - own0) / (wall1 - wall0) * 100:.0f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
