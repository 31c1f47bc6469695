"""Per-account limit on failed sign-ins: the lock the FAQ article "account-locked" promises.

After `max_failures` wrong passwords in a row an account's sign-in is paused for
`lock_seconds`; during the lock even the right password is refused, and attempts do not
extend it. It lifts by itself, and a password change lifts it at once. The per-IP rate
limit alone would let many addresses guess one account's password without end.

Streaks are kept per address as typed (trimmed, lower-cased), known account or not, so the
lock answers alike for every address and does not reveal which accounts exist; a streak
older than the lock is forgotten. Attempts still being checked count against the limit
too: otherwise a burst of parallel guesses, each argon2-checked before any failure is
recorded, would get far more than `max_failures` tries.

The table lives in memory every worker process of the server shares (`shared`), like the
rate limiter's: `--workers N` gives a guesser no more tries, an attempt being checked in
one worker counts in the others, and a lock set by one is kept by all. A restart lifts
every lock (which an attacker cannot cause); each entry costs a guesser one argon2 check,
and the table's buckets are picked by a keyed hash, so the bounded table cannot be
flooded to evict a lock within its 15 minutes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from helpdesk_server.errors import ProblemError
from helpdesk_server.shared import SharedState


def account_key(email: str) -> str:
    """The address as the limit counts it (so `Alice@` and `alice@` share one streak)."""
    return email.strip().lower()


def _minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def locked_problem(max_failures: int, remaining: float) -> ProblemError:
    """429 `account-locked`: the client waits `Retry-After` seconds (or resets the password)."""
    return ProblemError(
        429,
        "account-locked",
        f"Sign-in to this account is paused after {max_failures} failed attempts in a row; "
        f"the lock lifts by itself in {_minutes(remaining)}. Until then even the correct "
        "password is refused.",
        hint="Wait for the lock to lift, or reset your password (which lifts it at once). "
             "See the help article `account-locked`.",
        headers={"Retry-After": str(max(1, math.ceil(remaining)))},
    )


_PENDING_S = 60.0
"""Attempts admitted longer ago no longer count as being checked: one takes about 50 ms,
and a worker that died mid-check must not hold its account's budget (or slot) for good."""

_Record = tuple[int, int, float, float, float]  # shared.SIGN_IN_RECORD's fields
_NONE: _Record = (0, 0, 0.0, 0.0, 0.0)


class SignInGuard:
    """The limit of one server, kept in `shared` (a private one when None, of `max_entries`
    streaks): every method is safe across the server's threads and worker processes."""

    def __init__(self, max_failures: int, lock_seconds: int, max_entries: int = 100_000,
                 shared: SharedState | None = None) -> None:
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds
        self.shared = shared or SharedState.create(rate_windows=1, sign_in_entries=max_entries)
        self._table = self.shared.sign_in
        self.max_entries = self._table.slots

    def _current(self, at: int, now: float) -> _Record:
        """The record at `at` (-1: none) with only what still counts: a lifted lock or an
        old streak counts as none, attempts admitted `_PENDING_S` ago as finished."""
        if at < 0:
            return _NONE
        failures, pending, last_failed, locked_until, admitted = self._table.get(at)
        if (locked_until and locked_until <= now) or (
                not locked_until and last_failed < now - self.lock_seconds):
            failures, last_failed, locked_until = 0, 0.0, 0.0
        if admitted < now - _PENDING_S:
            pending = 0
        return failures, pending, last_failed, locked_until, admitted

    def _rank(self, now: float) -> Callable[[tuple[Any, ...]], float | None]:
        """Which streak a new one replaces when its bucket is full: never one with attempts
        being checked, first one that no longer counts, else the oldest."""
        def rank(record: tuple[Any, ...]) -> float | None:
            failures, pending, last_failed, locked_until, admitted = record
            if pending and admitted >= now - _PENDING_S:
                return None
            if (locked_until > now) or (not locked_until and failures
                                        and last_failed >= now - self.lock_seconds):
                return float(last_failed)
            return -math.inf
        return rank

    def _store(self, at: int, record: _Record) -> None:
        """Write the record, or free its slot if nothing in it counts any more."""
        if record[0] or record[1]:
            self._table.put(at, *record)
        else:
            self._table.free(at)

    @contextmanager
    def attempt(self, email: str) -> Iterator[Attempt]:
        """Admit one attempt, or raise the lock (or a 429 while the last tries are checked)."""
        key = account_key(email)
        digest, bucket = self._table.locate(key)
        with self._table.lock:
            now = time.time()
            at = self._table.find(digest, bucket)
            failures, pending, last_failed, locked_until, _ = self._current(at, now)
            if locked_until > now:
                raise locked_problem(self.max_failures, locked_until - now)
            busy = failures + pending >= self.max_failures
            if not busy and at < 0:
                at = self._table.claim(digest, bucket, self._rank(now))
                busy = at < 0  # every streak of its bucket has attempts being checked
            if busy:
                raise ProblemError(
                    429, "rate-limited",
                    "Other sign-in attempts for this account are still being checked.",
                    hint="Retry in a moment.", headers={"Retry-After": "1"},
                )
            self._table.put(at, failures, pending + 1, last_failed, locked_until, now)
        try:
            yield Attempt(self, key)
        finally:
            with self._table.lock:
                at = self._table.find(digest, bucket)
                if at >= 0:  # (gone only if its admission was older than _PENDING_S)
                    failures, pending, last_failed, locked_until, admitted = \
                        self._current(at, time.time())
                    self._store(at, (failures, max(0, pending - 1), last_failed,
                                     locked_until, admitted))

    def record_failure(self, key: str) -> bool:
        """Count a wrong password; True if it locked the account."""
        digest, bucket = self._table.locate(key)
        with self._table.lock:
            now = time.time()
            at = self._table.find(digest, bucket)
            failures, pending, _, _, admitted = self._current(at, now)
            if at < 0:  # not within `attempt`
                at = self._table.claim(digest, bucket, self._rank(now))
                if at < 0:
                    return False
            failures += 1
            locked_until = now + self.lock_seconds if failures >= self.max_failures else 0.0
            self._table.put(at, failures, pending, now, locked_until, admitted)
            return bool(locked_until)

    def clear(self, email: str) -> None:
        """End a streak and lift its lock (a successful sign-in or a password change)."""
        digest, bucket = self._table.locate(account_key(email))
        with self._table.lock:
            at = self._table.find(digest, bucket)
            if at >= 0:
                _, pending, _, _, admitted = self._current(at, time.time())
                self._store(at, (0, pending, 0.0, 0.0, admitted))


@dataclass
class Attempt:
    """One sign-in being checked; the route reports how it ended."""

    guard: SignInGuard
    key: str

    def failed(self) -> bool:
        """Count a wrong password; True if this one locked the account."""
        return self.guard.record_failure(self.key)

    def succeeded(self) -> None:
        """End the streak."""
        self.guard.clear(self.key)
