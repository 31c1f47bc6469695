"""`--workers N`: several server processes on one socket and one database behave as one
server. A message posted to one worker reaches a stream held by another at once (no
polling: `--event-poll` is set far beyond the test's patience), the rate limit and the
sign-in lock count requests made to either worker, a worker that dies is replaced, and a
stop ends every worker.

Which worker serves a connection is the kernel's choice; the tests find out from /proc
(the server-side socket whose peer is the connection's local port), and open connections
until both workers hold one, so each cross-process case is exercised, never assumed.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
from httpx_sse import connect_sse

from tests.helpers import AGENT, ALICE, DEMO_PASSWORD, LiveServer, auth_headers, login_token
from tests.server.chat_helpers import Events, message_of, say, start_chat

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc to tell the workers apart")

# Neither the watcher's poll nor a quiet stream's keep-alive (which reads the database
# again) comes within the test's patience: only a sibling's nudge can wake a stream in time.
NO_POLL = ("--event-poll", "3600", "--sse-keepalive", "3600")


def _workers(server: LiveServer) -> list[int]:
    proc = server._proc
    assert proc is not None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        if len(children) >= 2:
            return sorted(int(c) for c in children)
        time.sleep(0.05)
    raise AssertionError("the workers did not start")


def _socket_inodes(pid: int) -> set[int]:
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def worker_of(client_port: int, server_port: int, workers: list[int]) -> int:
    """The pid of the worker holding the server side of the connection from `client_port`."""
    for _ in range(50):
        owners = {inode: pid for pid in workers for inode in _socket_inodes(pid)}
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], int(fields[9])
            if (int(local.split(":")[1], 16) == server_port
                    and int(remote.split(":")[1], 16) == client_port and inode in owners):
                return owners[inode]
        time.sleep(0.02)  # accepted but not yet seen in /proc
    raise AssertionError(f"no worker holds the connection from port {client_port}")


def _port_of(response: httpx.Response) -> int:
    sock = response.extensions["network_stream"].get_extra_info("socket")
    return int(sock.getsockname()[1])


@contextmanager
def clients_on_each_worker(server: LiveServer) -> Iterator[dict[int, httpx.Client]]:
    """One kept-alive client per worker (new connections until every worker has one)."""
    workers = _workers(server)
    found: dict[int, httpx.Client] = {}
    with ExitStack() as stack:
        for _ in range(200):
            client = stack.enter_context(httpx.Client(base_url=server.url, timeout=10))
            response = client.get("/v1/meta")
            pid = worker_of(_port_of(response), server.port, workers)
            found.setdefault(pid, client)
            if len(found) == len(workers):
                yield found
                return
        raise AssertionError("the kernel never handed a connection to one of the workers")


@contextmanager
def stream_on(server: LiveServer, path: str, headers: dict[str, str], pid: int
              ) -> Iterator[Events]:
    """An event stream whose connection a given worker serves."""
    workers = _workers(server)
    for _ in range(200):
        with httpx.Client(base_url=server.url, timeout=httpx.Timeout(10.0, read=5.0)) as client, \
                connect_sse(client, "GET", path, headers=headers) as source:
            assert source.response.status_code == 200, source.response.read()
            if worker_of(_port_of(source.response), server.port, workers) == pid:
                yield Events(source.iter_sse())
                return
    raise AssertionError(f"no stream landed on worker {pid}")


def test_a_message_posted_to_one_worker_reaches_a_stream_on_the_other_at_once(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server(*NO_POLL, "--workers", "2")
    alice = auth_headers(login_token(server.url, ALICE))
    agent = auth_headers(login_token(server.url, AGENT))
    with clients_on_each_worker(server) as clients:
        (first, on_first), (second, on_second) = sorted(clients.items())
        chat = start_chat(on_first, alice)
        path = f"/v1/chats/{chat['id']}"
        say(on_first, f"{path}/messages", alice, "talk to a person please", "c-0")
        with stream_on(server, f"{path}/events", alice, second) as customer, \
                stream_on(server, "/v1/agent/events", agent, first) as desk:
            on_second.post(f"{path}/handoff", headers=alice)
            claim = on_first.post(f"/v1/agent/chats/{chat['id']}/claim", headers=agent)
            assert claim.status_code == 200, claim.text
            assert customer.until("agent_joined", within=5)
            for n in range(3):  # both directions, each crossing between the workers
                sent = say(on_first, f"/v1/agent/chats/{chat['id']}/messages", agent,
                           f"agent {n}", f"a-{n}")
                got = customer.until(
                    "message", lambda e, n=n: message_of(e)["body"] == f"agent {n}", within=5)
                assert message_of(got)["id"] == sent["id"]
                say(on_second, f"{path}/messages", alice, f"customer {n}", f"c-{n + 1}")
                desk.until("message", lambda e, n=n: message_of(e)["body"] == f"customer {n}",
                           within=5)


def test_the_rate_limit_counts_requests_to_every_worker(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server("--workers", "2", rate_limit_per_minute=10)
    with clients_on_each_worker(server) as clients:
        # /v1/meta (used to place the clients) is exempt; the FAQ is not.
        codes = [client.get("/v1/articles").status_code
                 for _ in range(7) for client in clients.values()]
    assert codes.count(200) == 10 and codes.count(429) == 4, codes


def test_a_sign_in_lock_set_through_one_worker_holds_on_the_other(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server("--workers", "2", "--sign-in-max-failures", "4")
    with clients_on_each_worker(server) as clients:
        pair = list(clients.values())
        for n in range(4):  # wrong passwords, alternating between the workers
            response = pair[n % 2].post("/v1/auth/token",
                                        json={"email": ALICE, "password": f"wrong-{n}"})
            assert response.status_code == 401, response.text
        for client in pair:  # now even the right password is refused on both
            response = client.post("/v1/auth/token",
                                   json={"email": ALICE, "password": DEMO_PASSWORD})
            assert response.status_code == 429, response.text
            assert response.json()["code"] == "account-locked"


def test_a_dead_worker_is_replaced_and_a_stop_ends_every_worker(
        flagged_server: Callable[..., LiveServer]) -> None:
    server = flagged_server("--workers", "2")
    before = _workers(server)
    os.kill(before[0], signal.SIGKILL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        now = _workers(server)
        if before[0] not in now and len(now) == 2:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the dead worker was not replaced")
    for _ in range(10):  # the listening socket is served throughout
        assert httpx.get(f"{server.url}/v1/meta", timeout=5).status_code == 200
    server.stop()
    for pid in now:
        assert not Path(f"/proc/{pid}").exists(), f"worker {pid} outlived the stop"


@contextmanager
def _lock_file_held(db_path: Path) -> Iterator[None]:
    fd = os.open(f"{db_path.resolve()}.writer-lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def _sqlite_lock_held(db_path: Path) -> Iterator[None]:
    """A writer that does not know the lock file (an older server, the sqlite3 shell)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@pytest.mark.parametrize("held", [_lock_file_held, _sqlite_lock_held])
def test_a_message_waits_off_the_event_loop_while_another_process_writes(
        flagged_server: Callable[..., LiveServer],
        held: Callable[[Path], AbstractContextManager[None]]) -> None:
    """Messages are stored on the event loop when the writer lock is free; when another
    process holds it, the write waits in the threadpool and the loop keeps serving."""
    server = flagged_server()
    alice = auth_headers(login_token(server.url, ALICE))
    agent = auth_headers(login_token(server.url, AGENT))
    with httpx.Client(base_url=server.url, timeout=10) as api:
        chat = start_chat(api, alice)
        path = f"/v1/chats/{chat['id']}"
        assert api.post(f"{path}/handoff", headers=alice).status_code == 200
        claim = api.post(f"/v1/agent/chats/{chat['id']}/claim", headers=agent)
        assert claim.status_code == 200, claim.text
        outcome: list[httpx.Response] = []
        with held(server.db_path):  # a writer in another process
            poster = threading.Thread(target=lambda: outcome.append(httpx.post(
                f"{server.url}{path}/messages", headers=alice, timeout=10,
                json={"body": "still there?", "client_message_id": "c-wait"})))
            poster.start()
            time.sleep(0.3)
            for _ in range(3):  # the loop answers while the write waits for the lock
                assert api.get("/v1/meta", timeout=2).status_code == 200
            assert poster.is_alive() and not outcome
        poster.join(10)
        assert outcome and outcome[0].status_code == 201, outcome
        transcript = api.get(path, headers=alice).json()
        assert [m["body"] for m in transcript["messages"]].count("still there?") == 1
