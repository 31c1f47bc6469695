"""Live chat on loopback: 200 concurrent chats, both sides sending (DESIGN §6: message posted
by one side -> received on the other side's stream, p99 <= 100 ms on the 2-core machine).

    .venv/bin/python benchmarks/chat_bench.py                     # 200 chats, 20 s
    .venv/bin/python benchmarks/chat_bench.py --server-workers 1  # the server as one process
    .venv/bin/python benchmarks/chat_bench.py --chats 50 --seconds 10
    .venv/bin/python benchmarks/chat_bench.py --chats 100 150 200  # one line per load
    .venv/bin/python benchmarks/chat_bench.py --profile /tmp/prof  # server under yappi

Starts the real server (`python -m helpdesk_server --workers 2`: one process per core, as it
would be deployed on the 2-core machine; `--server-workers`) on a fresh seeded
database with one customer per chat and one agent per 10 chats (added straight to the
database, same password as the demo users), the rate limit out of the way. Every chat is
handed off and claimed. Then the clients are spread over `--workers` processes (default 2),
each with its own asyncio loop and httpx clients, so the generator does not measure its own
backlog: an agent and its 10 chats live in one worker (one httpx client per connection, so
no pool scans hundreds of them), each customer holds its chat's event stream and each
agent its agent stream, and every `--interval` seconds (default 2, with jitter, on an
open-loop schedule) each side of each chat posts a message.

The latency of a message is from just before its POST to its `message` event arriving on
the *other* side's stream (matched by `client_message_id`; the sender's own echo is not
counted), on `time.perf_counter` (CLOCK_MONOTONIC on Linux, one clock for every process of
the machine). Only messages posted inside the measured window count (after `--warmup`); a
message not received `--drain` seconds after the window is lost. Printed: p50/p90/p99/max,
message rate, lost, POST errors and POST response times; the server's CPU (user+system over
wall time, from /proc) and memory; and the generator's own CPU per worker, its event-loop lag
and late sends, with a warning whenever the generator (or the whole machine) was saturated,
so that a figure is never silently the generator's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import multiprocessing as mp
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from httpx_sse import aconnect_sse

# httpcore imports sniffio on every async request (its locks ask which loop runs); where it
# is not installed that is a search of sys.path each time (~0.5 ms of CPU). Marked missing,
# the import fails at once.
if importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None  # type: ignore[assignment]

from helpdesk_server.config import ServerSettings
from helpdesk_server.startup import prepare

PASSWORD = "helpdesk-demo"
CHATS_PER_AGENT = 10
BUSY = 0.85  # a generator process above this share of one core is the bottleneck
MACHINE_BUSY = 0.95  # all cores together above this share: everyone waits for a CPU
LAG_MS = 20.0  # event-loop lag p99 above this: the generator's own delay is in the figures
LATE_S = 0.05  # a send this late after its schedule is a late send
OTHERS_BUSY = 0.15  # other processes above this share of one core: not a quiet machine
CPUS = os.cpu_count() or 1
PROFILER = Path(__file__).with_name("_profiled_server.py")
clock = time.perf_counter  # CLOCK_MONOTONIC on Linux: the same in every process


# --- the machine --------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all cores together."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])
    return total - idle, total


def _rss_mib(pid: int, field_name: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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


# --- setup (one process, before the clock) -------------------------------------------------

@dataclass
class Group:
    """One agent and the chats it holds; a group lives in one worker process."""

    agent: dict[str, str]
    chats: list[tuple[str, dict[str, str]]]  # (chat id, the customer's headers)


async def _token(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    r = await client.post("/v1/auth/token", json={"email": email, "password": PASSWORD})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def setup(url: str, chats: int) -> tuple[list[Group], str]:
    """Sign everybody in, open every chat, hand it off, have its agent claim it."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as c:
        agents = [await _token(c, f"agent{i}@bench.example")
                  for i in range(-(-chats // CHATS_PER_AGENT))]
        # One login at a time: argon2 takes tens of MiB per check, and 200 at once
        # would measure the password hash, not the chat.
        customers = [await _token(c, f"customer{i}@bench.example") for i in range(chats)]
        (await c.get("/v1/agent/chats", headers=agents[0])).raise_for_status()  # signed in
        groups = [Group(agent, []) for agent in agents]
        for index, headers in enumerate(customers):
            r = await c.post("/v1/chats", json={}, headers=headers)
            r.raise_for_status()
            chat = r.json()["id"]
            (await c.post(f"/v1/chats/{chat}/handoff", headers=headers)).raise_for_status()
            group = groups[index // CHATS_PER_AGENT]
            (await c.post(f"/v1/agent/chats/{chat}/claim",
                          headers=group.agent)).raise_for_status()
            group.chats.append((chat, headers))
        r = await c.get(f"/v1/chats/{groups[-1].chats[-1][0]}", headers=customers[-1])
        newest = r.json()["last_event_id"]
    return groups, newest


# --- the lean client (--client raw) --------------------------------------------------------

class ConnectionLost(Exception):
    pass


def _response_end(buf: bytearray) -> tuple[int, int] | None:
    """(status, bytes it takes) of the first complete response in `buf`, None if partial."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = bytes(buf[:end]).decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {k.strip().lower(): v.strip().lower()
              for k, _, v in (line.partition(":") for line in lines[1:])}
    pos = end + 4
    if "content-length" in fields:
        total = pos + int(fields["content-length"])
        return (status, total) if len(buf) >= total else None
    if fields.get("transfer-encoding") == "chunked":
        while True:
            eol = buf.find(b"\r\n", pos)
            if eol < 0:
                return None
            size = int(bytes(buf[pos:eol]).split(b";")[0], 16)
            pos = eol + 2 + size + 2
            if len(buf) < pos:
                return None
            if size == 0:
                return status, pos
    return status, pos


class _Post(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection sending one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.waiter: asyncio.Future[int] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        done = _response_end(self.buf)
        if done is not None:
            del self.buf[:done[1]]
            if self.waiter is not None and not self.waiter.done():
                self.waiter.set_result(done[0])

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionLost(str(exc)))


class RawPoster:
    """POSTs on one connection of its own, reconnecting if the server closed it."""

    def __init__(self, host: str, port: int, path: str, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}"
                     "Content-Type: application/json\r\nContent-Length: ").encode()
        self.conn: _Post | None = None

    async def post(self, payload: dict[str, str]) -> int:
        loop = asyncio.get_running_loop()
        if self.conn is None or self.conn.transport is None:
            _, self.conn = await loop.create_connection(_Post, self.host, self.port)
        body = json.dumps(payload).encode()
        assert self.conn.transport is not None
        self.conn.waiter = loop.create_future()
        self.conn.transport.write(b"%s%d\r\n\r\n%s" % (self.head, len(body), body))
        return await self.conn.waiter

    def close(self) -> None:
        if self.conn is not None and self.conn.transport is not None:
            self.conn.transport.close()


class _Stream(asyncio.Protocol):
    """An SSE response: chunked body, blocks split on blank lines, `message` data handed on."""

    def __init__(self, on_message: Any, ready: asyncio.Future[int], ended: asyncio.Future[None]
                 ) -> None:
        self.on_message = on_message
        self.ready, self.ended = ready, ended
        self.buf = bytearray()
        self.text = bytearray()
        self.head_done = False

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if not self.head_done:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            status = int(bytes(self.buf[:end]).split(b" ", 2)[1])
            del self.buf[:end + 4]
            self.head_done = True
            if not self.ready.done():
                self.ready.set_result(status)
        buf = self.buf
        while True:  # chunked transfer coding
            eol = buf.find(b"\r\n")
            if eol < 0:
                break
            size = int(bytes(buf[:eol]).split(b";")[0], 16)
            if len(buf) < eol + 2 + size + 2:
                break
            self.text += buf[eol + 2:eol + 2 + size]
            del buf[:eol + 2 + size + 2]
        while (cut := self.text.find(b"\n\n")) >= 0:
            block = bytes(self.text[:cut])
            del self.text[:cut + 2]
            event, data = b"message", b""
            for line in block.split(b"\n"):
                if line.startswith(b"event:"):
                    event = line[6:].strip()
                elif line.startswith(b"data:"):
                    data = line[5:].lstrip()
            if event == b"message" and data:
                self.on_message(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.ready.done():
            self.ready.set_exception(ConnectionLost(str(exc)))
        if not self.ended.done():
            self.ended.set_result(None)


# --- one worker process ------------------------------------------------------------------

@dataclass
class Plan:
    url: str
    groups: list[Group]
    newest: str
    interval: float
    warmup: float
    seconds: float
    drain: float
    client: str = "raw"


@dataclass
class Outcome:
    """What one worker saw; latencies in seconds, of messages posted inside the window."""

    latencies: list[float] = field(default_factory=list)
    post_times: list[float] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)
    sent: int = 0
    late: int = 0  # sends the generator itself started late
    held: int = 0  # sends late because the previous POST of that side was still unanswered
    errors: int = 0
    lost: int = 0
    stream_failures: int = 0


class Worker:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.out = Outcome()
        self.pending: dict[str, float] = {}  # client_message_id -> clock() before the POST
        self.window = (0.0, 0.0)
        self.stop = asyncio.Event()
        self.drained = asyncio.Event()  # stopped, and every counted message arrived
        url = httpx.URL(plan.url)
        self.host, self.port = url.host, url.port or 80

    def _in_window(self, t: float) -> bool:
        return self.window[0] <= t < self.window[1]

    def _received(self, data: str, reader: str) -> None:
        now = clock()
        client_id = json.loads(data)["message"].get("client_message_id") or ""
        if not client_id.startswith(reader):  # the sender's own echo, or the assistant's
            return
        started = self.pending.pop(client_id, None)
        if started is not None:
            self.out.latencies.append(now - started)
            if not self.pending and self.stop.is_set():
                self.drained.set()

    async def listen(self, client: httpx.AsyncClient | None, path: str,
                     headers: dict[str, str], sender: str, ready: asyncio.Event) -> None:
        """Read one stream; count the `message` events the other side (`sender`) posted."""
        try:
            if client is None:
                await self._listen_raw(path, headers, sender, ready)
                return
            async with aconnect_sse(client, "GET", path, headers={
                    **headers, "Last-Event-ID": self.plan.newest}) as source:
                source.response.raise_for_status()
                ready.set()
                async for sse in source.aiter_sse():
                    if sse.event == "message" and sse.data:  # not the `retry` block
                        self._received(sse.data, sender)
        except asyncio.CancelledError:
            raise
        except Exception:
            self.out.stream_failures += 1
            ready.set()
            raise

    async def _listen_raw(self, path: str, headers: dict[str, str], sender: str,
                          ready: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        status: asyncio.Future[int] = loop.create_future()
        ended: asyncio.Future[None] = loop.create_future()
        fields = {**headers, "Accept": "text/event-stream", "Last-Event-ID": self.plan.newest}
        extra = "".join(f"{k}: {v}\r\n" for k, v in fields.items())
        transport, _ = await loop.create_connection(
            lambda: _Stream(lambda data: self._received(data, sender), status, ended),
            self.host, self.port)
        try:
            transport.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                            f"{extra}\r\n".encode())
            if (code := await status) != 200:
                raise ConnectionLost(f"{path}: HTTP {code}")
            ready.set()
            await ended
            raise ConnectionLost(f"{path}: the stream ended")
        finally:
            transport.close()

    async def talk(self, client: httpx.AsyncClient | None, path: str,
                   headers: dict[str, str], side: str, tag: str, t0: float) -> None:
        """Post on an open-loop schedule: one message every ~interval from t0 (jittered)."""
        interval = self.plan.interval
        due = t0 + random.uniform(0, interval)
        n = 0
        raw = RawPoster(self.host, self.port, path, headers) if client is None else None
        answered = 0.0  # when the previous POST of this side was answered
        try:
            while True:
                delay = due - clock()
                if delay > 0:
                    await asyncio.sleep(delay)
                if self.stop.is_set():
                    return
                n += 1
                client_id = f"{side}-{tag}-{n}"
                started = clock()
                counted = self._in_window(started)
                if counted:
                    self.out.sent += 1
                    self.pending[client_id] = started
                    if answered - due > LATE_S:  # one POST at a time per side: the server's
                        self.out.held += 1
                    elif started - max(due, answered) > LATE_S:  # the generator's own delay
                        self.out.late += 1
                payload = {"body": f"message {n} from {side}", "client_message_id": client_id}
                try:
                    if raw is not None:
                        ok = await raw.post(payload) == 201
                    else:
                        assert client is not None
                        ok = (await client.post(path, json=payload, headers=headers)
                              ).status_code == 201
                except (httpx.HTTPError, OSError, ConnectionLost):
                    ok = False
                answered = clock()
                if counted:
                    self.out.post_times.append(answered - started)
                    if not ok:
                        self.out.errors += 1
                        self.pending.pop(client_id, None)
                due += interval * random.uniform(0.8, 1.2)
        finally:
            if raw is not None:
                raw.close()

    async def lag_probe(self) -> None:
        """How late the loop runs a 5 ms timer: the generator's own queueing delay."""
        while not self.stop.is_set():
            before = clock()
            await asyncio.sleep(0.005)
            after = clock()
            if self._in_window(after):
                self.out.lags.append(after - before - 0.005)

    async def run(self, ready_q: Any, start_q: Any) -> Outcome:
        plan = self.plan
        loop = asyncio.get_running_loop()
        # One client per stream and per talker: an httpx pool scans all its connections on
        # every request, so one pool per connection keeps each request O(1); one SSL
        # context for all (httpx builds one per client otherwise, ~0.2 s of CPU each).
        ssl_context = httpx.create_ssl_context()
        timeout = httpx.Timeout(30.0, read=60.0)
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        clients: list[httpx.AsyncClient] = []

        def client() -> httpx.AsyncClient | None:
            if plan.client == "raw":
                return None
            clients.append(httpx.AsyncClient(base_url=plan.url, limits=limits,
                                             timeout=timeout, verify=ssl_context))
            return clients[-1]

        listeners: list[asyncio.Task[None]] = []
        readies: list[asyncio.Event] = []
        for group in plan.groups:
            for chat, customer in group.chats:
                readies.append(asyncio.Event())
                listeners.append(asyncio.create_task(self.listen(
                    client(), f"/v1/chats/{chat}/events", customer, "agent-", readies[-1])))
            readies.append(asyncio.Event())
            listeners.append(asyncio.create_task(self.listen(
                client(), "/v1/agent/events", group.agent, "customer-", readies[-1])))
        sides = [(client(), f"/v1/chats/{chat}/messages", customer, "customer", chat)
                 for group in plan.groups for chat, customer in group.chats]
        sides += [(client(), f"/v1/agent/chats/{chat}/messages", group.agent, "agent", chat)
                  for group in plan.groups for chat, _ in group.chats]
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 60)
        ready_q.put(os.getpid())
        t0 = await loop.run_in_executor(None, start_q.get)
        self.window = (t0 + plan.warmup, t0 + plan.warmup + plan.seconds)
        probe = asyncio.create_task(self.lag_probe())
        talkers = [asyncio.create_task(self.talk(*side, t0)) for side in sides]
        await asyncio.sleep(max(0.0, self.window[1] - clock()))
        self.stop.set()
        await asyncio.gather(*talkers, probe)
        if self.pending:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.drained.wait(), plan.drain)
        self.out.lost = len(self.pending)
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
        for each in clients:
            await each.aclose()
        return self.out


def _worker_main(plan: Plan, ready_q: Any, start_q: Any, result_q: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the run
    try:
        prof = os.environ.get("CHAT_BENCH_PROFILE_WORKER")
        if prof:
            import cProfile
            profiler = cProfile.Profile()
            out = profiler.runcall(asyncio.run, Worker(plan).run(ready_q, start_q))
            profiler.dump_stats(f"{prof}.{os.getpid()}")
            result_q.put(out)
            return
        result_q.put(asyncio.run(Worker(plan).run(ready_q, start_q)))
    except BaseException as exc:
        result_q.put(f"{type(exc).__name__}: {exc}")
        raise


# --- one run -------------------------------------------------------------------------------

@dataclass
class Run:
    chats: int
    workers: int
    seconds: float
    interval: float
    outcomes: list[Outcome]
    server_cpus: list[float]  # share of one core, per server process

    @property
    def server_cpu(self) -> float:
        return sum(self.server_cpus)
    worker_cpu: list[float]
    machine_cpu: float  # share of all cores
    rss: float
    peak: float

    def pooled(self, name: str) -> list[float]:
        return sorted(x * 1000 for o in self.outcomes for x in getattr(o, name))

    def total(self, name: str) -> int:
        return sum(int(getattr(o, name)) for o in self.outcomes)


def _q(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def _server_cmd(port: int, db: Path, profile: Path | None, workers: int) -> list[str]:
    head = [sys.executable, "-m", "helpdesk_server"] if profile is None else [
        sys.executable, str(PROFILER), str(profile)]
    return [*head, "--port", str(port), "--db", str(db), "--seed", "--rate-limit", "10000000",
            "--agent-max-chats", str(CHATS_PER_AGENT), "--workers", str(workers)]


def _server_pids(pid: int) -> list[int]:
    """The server's processes: itself, or its worker processes under `--workers N`."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children] or [pid]


def run_once(chats: int, args: argparse.Namespace) -> Run:
    with tempfile.TemporaryDirectory(prefix="chat-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        port = _free_port()
        prepare(ServerSettings(db_path=db, seed_demo=True))  # the database, seeded
        _add_users(db, chats, -(-chats // CHATS_PER_AGENT))
        with open(Path(tmp) / "server.log", "wb") as log:
            server = subprocess.Popen(_server_cmd(port, db, args.profile, args.server_workers),
                                      stdout=log, stderr=subprocess.STDOUT)
        procs: list[Any] = []
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(400):
                try:
                    if httpx.get(f"{url}/v1/meta").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            groups, newest = asyncio.run(setup(url, chats))
            ctx = mp.get_context("spawn")
            ready_q, result_q = ctx.Queue(), ctx.Queue()
            start_qs = [ctx.Queue() for _ in range(args.workers)]
            drain = max(2.0, 2 * args.interval)
            for w in range(args.workers):
                plan = Plan(url, groups[w::args.workers], newest, args.interval, args.warmup,
                            args.seconds, drain, args.client)
                if not plan.groups:
                    continue
                procs.append(ctx.Process(target=_worker_main, daemon=True,
                                         args=(plan, ready_q, start_qs[w], result_q)))
                procs[-1].start()
            for _ in procs:
                ready_q.get(timeout=120)
            t0 = clock() + 0.2
            for w in range(len(procs)):
                start_qs[w].put(t0)
            time.sleep(max(0.0, t0 + args.warmup - clock()))
            served_by = _server_pids(server.pid)
            pids = [*served_by, *(p.pid for p in procs)]
            if args.profile is not None:
                server.send_signal(signal.SIGUSR1)  # profile the window, not the setup
            spy = None
            if args.py_spy is not None:  # sample the server's GIL holder during the window
                spy = subprocess.Popen(
                    ["py-spy", "record", "--gil", "--nonblocking", "--subprocesses", "-r", "200",
                     "-f", "raw",
                     "-d", str(int(args.seconds)), "-o", str(args.py_spy), "-p",
                     str(server.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            cpu0, wall0, mach0 = [_cpu_seconds(p) for p in pids], clock(), _machine_busy()
            time.sleep(max(0.0, t0 + args.warmup + args.seconds - clock()))
            cpu1, wall1, mach1 = [_cpu_seconds(p) for p in pids], clock(), _machine_busy()
            rss = sum(_rss_mib(pid) for pid in served_by)
            outcomes = []
            for _ in procs:
                got = result_q.get(timeout=args.seconds + drain + 120)
                if isinstance(got, str):
                    raise SystemExit(f"a worker failed: {got}")
                outcomes.append(got)
            peak = sum(_rss_mib(pid, "VmHWM") for pid in served_by)
            if spy is not None:
                spy.wait(60)
        finally:
            for proc in procs:
                proc.join(10)
                if proc.is_alive():
                    proc.kill()
            server.terminate()
            server.wait(30)
            if args.profile is not None:
                print(f"server profile: {args.profile}", file=sys.stderr)
    wall = wall1 - wall0
    shares = [(b - a) / wall for a, b in zip(cpu0, cpu1, strict=True)]
    n = len(served_by)
    return Run(chats, len(procs), args.seconds, args.interval, outcomes, shares[:n], shares[n:],
               (mach1[0] - mach0[0]) / max(1, mach1[1] - mach0[1]), rss, peak)


def report(run: Run) -> bool:
    """Print one run; True if the budget (p99 <= 100 ms, nothing lost) held honestly."""
    lat = run.pooled("latencies")
    posts = run.pooled("post_times")
    lags = run.pooled("lags")
    sent, lost, late = run.total("sent"), run.total("lost"), run.total("late")
    held = run.total("held")
    print(f"chats {run.chats} ({-(-run.chats // CHATS_PER_AGENT)} agents), {run.seconds:g} s "
          f"measured, one message per side every ~{run.interval:g} s, {run.workers} generator "
          f"processes")
    if not lat:
        print(f"  no message was received (posted {sent}, errors {run.total('errors')}, "
              f"stream failures {run.total('stream_failures')})")
        return False
    p99 = _q(lat, 99)
    print(f"  messages {sent} posted ({sent / run.seconds:.0f}/s, offered "
          f"{2 * run.chats / run.interval:.0f}/s), received {len(lat)}, lost {lost}, "
          f"POST errors {run.total('errors')}, stream failures {run.total('stream_failures')}")
    print(f"  post -> other side's stream: p50 {_q(lat, 50):.1f} ms  p90 {_q(lat, 90):.1f} ms  "
          f"p99 {p99:.1f} ms  max {lat[-1]:.1f} ms   (budget p99 <= 100 ms)")
    print(f"  POST response: p50 {_q(posts, 50):.1f} ms  p99 {_q(posts, 99):.1f} ms")
    rate = max(1.0, sent) / run.seconds
    each = " + ".join(f"{c * 100:.0f}%" for c in run.server_cpus)
    print(f"  server ({len(run.server_cpus)} process{'es' if len(run.server_cpus) > 1 else ''})"
          f": CPU {each} of one core ({run.server_cpu / rate * 1000:.2f} ms per message), "
          f"RSS {run.rss:.0f} MiB (peak {run.peak:.0f} MiB, sign-ins included)")
    gen = " + ".join(f"{c * 100:.0f}%" for c in run.worker_cpu)
    print(f"  generator: CPU {gen} of one core ({sum(run.worker_cpu) / rate * 1000:.2f} ms "
          f"per message), loop lag p99 {_q(lags, 99):.1f} ms "
          f"(max {lags[-1] if lags else float('nan'):.1f} ms), late sends {late}/{sent}")
    if held:
        print(f"  {held} of {sent} sends waited for the previous POST of their side (one at a "
              "time): the server did not keep up with the offered load")
    others = run.machine_cpu * CPUS - run.server_cpu - sum(run.worker_cpu)
    print(f"  machine: {run.machine_cpu * 100:.0f}% of {CPUS} cores busy, of which other "
          f"processes {max(0.0, others) * 100:.0f}% of one core")
    honest = True
    busiest = max(run.worker_cpu, default=0.0)
    if busiest > BUSY:
        honest = False
        print(f"  WARNING: a generator process was at {busiest * 100:.0f}% of a core: the "
              "figures include the generator's own backlog; use more --workers")
    if lags and _q(lags, 99) > LAG_MS:
        honest = False
        print(f"  WARNING: the generator's event loop ran {_q(lags, 99):.0f} ms late (p99): "
              "that delay is in the latencies, not the server's")
    if sent and late > 0.01 * sent:
        honest = False
        print(f"  WARNING: {late} of {sent} sends left more than {LATE_S * 1000:.0f} ms after "
              "their schedule: the load was not offered on time")
    if run.machine_cpu > MACHINE_BUSY:
        print(f"  WARNING: the machine's CPUs were {run.machine_cpu * 100:.0f}% busy: server "
              "and generator were waiting for each other's cores")
    if others > OTHERS_BUSY:
        honest = False
        print(f"  WARNING: other processes used {others * 100:.0f}% of a core meanwhile: "
              "the latencies are partly theirs; run again on a quiet machine")
    ok = p99 <= 100.0 and lost == 0 and run.total("errors") == 0
    print(f"  budget: {'met' if ok else 'MISSED'}"
          + ("" if honest else " (with the warnings above: not a figure of the server alone)"))
    return ok and honest


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--chats", type=int, nargs="+", default=[200],
                        help="concurrent chats; several values run one after another")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured window")
    parser.add_argument("--warmup", type=float, default=3.0,
                        help="seconds of chatting before the window opens")
    parser.add_argument("--interval", type=float, default=2.0,
                        help="seconds between messages of one side of one chat")
    parser.add_argument("--workers", type=int, default=2,
                        help="load generator processes (default 2)")
    parser.add_argument("--server-workers", type=int, default=2,
                        help="the server's --workers (default 2: one per core of the 2-core "
                             "machine; 1 for a single process)")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw",
                        help="raw: a lean HTTP/1.1 client on asyncio protocols (default), "
                             "httpx: httpx.AsyncClient and httpx-sse, several times the CPU")
    parser.add_argument("--profile", type=Path, default=None, metavar="PREFIX",
                        help="run the server under yappi (pip install yappi) and write "
                             "PREFIX.txt (functions by own time) and PREFIX.pstat, from the "
                             "window's start to the server's stop")
    parser.add_argument("--py-spy", type=Path, default=None, metavar="FILE",
                        help="sample the server with py-spy (--gil: where its Python time "
                             "goes) during the window; collapsed stacks to FILE")
    args = parser.parse_args()
    if args.profile is not None and args.server_workers != 1:
        print("--profile runs the server as one process (yappi follows no fork)",
              file=sys.stderr)
        args.server_workers = 1
    ok = True
    for chats in args.chats:
        ok = report(run_once(chats, args)) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
