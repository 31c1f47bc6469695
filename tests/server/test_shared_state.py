"""The rate limit and the sign-in lock as worker processes see them: state made before a
fork is one budget for every forked process, and its tables stay bounded.

Each test forks real processes (as the `--workers` runner does) that build their limiter
or guard on the inherited `SharedState`, as `create_app` does in each worker, and report
through a pipe. Started together, so their requests interleave.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from types import SimpleNamespace
from typing import Any

import pytest

from helpdesk_server import shared as shared_module
from helpdesk_server import signin
from helpdesk_server.errors import ProblemError
from helpdesk_server.middleware import RateLimitMiddleware
from helpdesk_server.shared import SharedState
from helpdesk_server.signin import SignInGuard

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses os.fork")


def _in_children(count: int, work: Callable[[int], Any], timeout: float = 20) -> list[Any]:
    """`work(i)` in `count` forked processes, released at once; their results in order.
    A child that fails, or is still running at the deadline, fails the test (never hangs)."""
    go_read, go_write = os.pipe()
    children: list[tuple[int, int]] = []
    for i in range(count):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 1
            try:
                os.close(read)
                os.read(go_read, 1)
                os.write(write, pickle.dumps(work(i)))
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        os.close(write)
        children.append((pid, read))
    os.close(go_read)
    os.write(go_write, b"x" * count)
    os.close(go_write)
    deadline = time.monotonic() + timeout
    results = []
    try:
        for pid, read in children:
            data = b""
            while select.select([read], [], [], max(0.0, deadline - time.monotonic()))[0]:
                chunk = os.read(read, 65536)
                if not chunk:
                    break
                data += chunk
            else:
                pytest.fail(f"child {pid} still running after {timeout} s")
            _, status = os.waitpid(pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0, f"child {pid} failed"
            results.append(pickle.loads(data))
    finally:
        for pid, read in children:
            os.close(read)
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
    return results


async def _never_called(scope: Any, receive: Any, send: Any) -> None:
    raise AssertionError("never called")


BUSY = ("rate-limited", {"Retry-After": "1"})
_HELD: list[object] = []  # attempts a child leaves unfinished


def _try(guard: SignInGuard, email: str) -> tuple[str, dict[str, str]] | None:
    """Sign in (an attempt that neither fails nor succeeds); the refusal's code and
    headers, or None if the attempt was admitted."""
    try:
        with guard.attempt(email):
            return None
    except ProblemError as problem:
        return problem.code, dict(problem.headers or {})


def test_the_rate_limit_holds_across_worker_processes() -> None:
    state = SharedState.create()

    def worker(_: int) -> list[tuple[int, bool]]:
        limiter = RateLimitMiddleware(_never_called, limit_per_minute=10, shared=state)
        hits = [limiter._hit("ip:203.0.113.7", time.monotonic()) for _ in range(6)]
        return [(remaining, allowed) for remaining, _, allowed in hits]

    hits = [hit for worker_hits in _in_children(2, worker) for hit in worker_hits]
    assert sum(allowed for _, allowed in hits) == 10
    # every allowed request saw its own count: the remainders 9..0, each once
    assert sorted(remaining for remaining, allowed in hits if allowed) == list(range(10))
    assert all(remaining == 0 for remaining, allowed in hits if not allowed)
    # the parent sees the same window, and another client has its own
    parent = RateLimitMiddleware(_never_called, limit_per_minute=10, shared=state)
    assert parent._hit("ip:203.0.113.7", time.monotonic())[2] is False
    remaining, _, allowed = parent._hit("ip:203.0.113.8", time.monotonic())
    assert (remaining, allowed) == (9, True)


def test_a_sign_in_lock_set_in_one_worker_holds_in_another() -> None:
    state = SharedState.create()

    def fail_five_times(_: int) -> list[bool]:
        guard = SignInGuard(5, 900, shared=state)
        locked = []
        for _ in range(5):
            with guard.attempt("Alice@Example.com") as attempt:
                locked.append(attempt.failed())
        return locked

    def sign_in(_: int) -> tuple[str, dict[str, str]] | None:
        return _try(SignInGuard(5, 900, shared=state), " alice@example.COM")

    assert _in_children(1, fail_five_times) == [[False] * 4 + [True]]
    [locked] = _in_children(1, sign_in)
    assert locked is not None and locked[0] == "account-locked"
    assert 890 <= int(locked[1]["Retry-After"]) <= 900
    SignInGuard(5, 900, shared=state).clear("alice@example.com")  # a password change
    assert _in_children(1, sign_in) == [None]


def test_attempts_being_checked_in_one_worker_count_in_another() -> None:
    state = SharedState.create()
    guard = SignInGuard(2, 900, shared=state)

    def sign_in(_: int) -> tuple[str, dict[str, str]] | None:
        return _try(SignInGuard(2, 900, shared=state), "bob@example.com")

    with guard.attempt("bob@example.com"), guard.attempt("bob@example.com"):
        # both tries of the budget are being checked here: the other worker must wait
        assert _in_children(1, sign_in) == [BUSY]
    with guard.attempt("bob@example.com") as attempt:
        attempt.failed()
    # one try left: two workers try at once, each holds its attempt until both have tried
    both_tried = multiprocessing.get_context("fork").Barrier(2)

    def hold_one(_: int) -> str | None:
        try:
            with SignInGuard(2, 900, shared=state).attempt("bob@example.com"):
                both_tried.wait(10)
                return None
        except ProblemError as problem:
            both_tried.wait(10)
            return problem.code

    assert sorted(_in_children(2, hold_one), key=str) == [None, "rate-limited"]
    assert _try(guard, "bob@example.com") is None


def test_the_attempts_of_a_worker_that_died_stop_counting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = SharedState.create()

    def die_while_checking(_: int) -> None:
        checking = SignInGuard(1, 900, shared=state).attempt("carol@example.com")
        checking.__enter__()
        _HELD.append(checking)  # (not collected, which would end it): the child exits mid-check

    _in_children(1, die_while_checking)
    guard = SignInGuard(1, 900, shared=state)
    assert _try(guard, "carol@example.com") == BUSY
    later = time.time() + signin._PENDING_S + 1
    monkeypatch.setattr(signin, "time", SimpleNamespace(time=lambda: later))
    with guard.attempt("carol@example.com") as attempt:
        assert attempt.failed()  # admitted, and its failure locks as usual


def _take_the_lock(state: SharedState) -> None:
    state.lock.__enter__()  # and the child exits without releasing it


def _take_the_bare_lock(state: SharedState) -> None:
    state.lock._acquire()  # killed before it wrote its pid in the header


@pytest.mark.parametrize("die_holding", [_take_the_lock, _take_the_bare_lock],
                         ids=["named", "before naming itself"])
def test_a_worker_that_died_holding_the_lock_does_not_stall_the_others(
    monkeypatch: pytest.MonkeyPatch, die_holding: Callable[[SharedState], None],
) -> None:
    monkeypatch.setattr(shared_module, "_STALE_AFTER_S", 0.1)
    state = SharedState.create()
    _in_children(1, lambda _: die_holding(state))

    def hit(_: int) -> bool:
        limiter = RateLimitMiddleware(_never_called, limit_per_minute=10, shared=state)
        return limiter._hit("ip:198.51.100.1", time.monotonic())[2]

    assert _in_children(2, hit, timeout=10) == [True, True]
    assert RateLimitMiddleware(_never_called, limit_per_minute=10,
                               shared=state)._hit("ip:198.51.100.1", time.monotonic())[0] == 7


def test_the_rate_limit_table_is_bounded_and_drops_the_oldest_window() -> None:
    limiter = RateLimitMiddleware(_never_called, limit_per_minute=10, max_windows=8)
    assert limiter.max_windows == 8  # one bucket of 8 slots
    for n in range(9):  # the ninth window replaces the first
        assert limiter._hit(f"ip:10.0.0.{n}", 1000.0 + n)[0] == 9
    assert sum(1 for _ in limiter.shared.rate.entries()) == 8
    assert limiter._hit("ip:10.0.0.8", 1010.0)[0] == 8  # the newest still counts
    assert limiter._hit("ip:10.0.0.1", 1010.0)[0] == 8  # so does the second oldest
    assert limiter._hit("ip:10.0.0.0", 1010.0)[0] == 9  # the oldest was dropped: a new one
    assert limiter._hit("ip:10.0.0.3", 1010.0)[0] == 8
    assert limiter._hit("ip:10.0.0.9", 1069.5)[0] == 9  # an expired window made room,
    assert limiter._hit("ip:10.0.0.0", 1069.5)[0] == 8  # not the one still running


def test_the_sign_in_table_is_bounded_and_never_drops_an_attempt_being_checked() -> None:
    guard = SignInGuard(1, 900, max_entries=8)
    assert guard.max_entries == 8  # one bucket of 8 slots
    with guard.attempt("old@example.com") as attempt:
        assert attempt.failed()
    with ExitStack() as checks:
        for n in range(7):
            checks.enter_context(guard.attempt(f"user{n}@example.com"))
        # full: a ninth account takes the oldest streak's slot (the lock is dropped, as in
        # any bounded table), never the slot of an attempt being checked
        checks.enter_context(guard.attempt("new@example.com"))
        assert _try(guard, "another@example.com") == BUSY  # every slot is being checked
        assert [_try(guard, f"user{n}@example.com") for n in range(7)] == [BUSY] * 7
    assert _try(guard, "another@example.com") is None
    assert _try(guard, "old@example.com") is None
    assert list(guard.shared.sign_in.entries()) == []  # nothing counts any more: all freed
