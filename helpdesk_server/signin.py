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

The table lives in memory, like the rate limiter's: a restart lifts every lock (which an
attacker cannot cause), and each entry costs a guesser one argon2 check, so the bounded
table cannot be flooded to evict a lock within its 15 minutes.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from helpdesk_server.errors import ProblemError


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


@dataclass
class _Streak:
    failures: int = 0
    last_failed: float = 0.0
    locked_until: float = 0.0


class SignInGuard:
    """The limit of one server process; every method is thread-safe."""

    def __init__(self, max_failures: int, lock_seconds: int, max_entries: int = 100_000) -> None:
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds
        self.max_entries = max_entries
        self._mutex = threading.Lock()
        self._streaks: dict[str, _Streak] = {}  # oldest update first
        self._in_flight: dict[str, int] = {}

    def _current(self, key: str, now: float) -> _Streak:
        """The streak that still counts (a lifted lock or an old streak counts as none)."""
        streak = self._streaks.get(key)
        if streak is None or (streak.locked_until and streak.locked_until <= now) or (
                not streak.locked_until and streak.last_failed < now - self.lock_seconds):
            return _Streak()
        return streak

    @contextmanager
    def attempt(self, email: str) -> Iterator[Attempt]:
        """Admit one attempt, or raise the lock (or a 429 while the last tries are checked)."""
        key = account_key(email)
        with self._mutex:
            now = time.time()
            streak = self._current(key, now)
            if streak.locked_until > now:
                raise locked_problem(self.max_failures, streak.locked_until - now)
            pending = self._in_flight.get(key, 0)
            if streak.failures + pending >= self.max_failures:
                raise ProblemError(
                    429, "rate-limited",
                    "Other sign-in attempts for this account are still being checked.",
                    hint="Retry in a moment.", headers={"Retry-After": "1"},
                )
            self._in_flight[key] = pending + 1
        try:
            yield Attempt(self, key)
        finally:
            with self._mutex:
                left = self._in_flight[key] - 1
                if left:
                    self._in_flight[key] = left
                else:
                    del self._in_flight[key]

    def record_failure(self, key: str) -> bool:
        """Count a wrong password; True if it locked the account."""
        with self._mutex:
            now = time.time()
            streak = self._current(key, now)
            failures = streak.failures + 1
            locked_until = now + self.lock_seconds if failures >= self.max_failures else 0.0
            self._streaks.pop(key, None)  # re-insert: dict order stays oldest-first
            self._streaks[key] = _Streak(failures, now, locked_until)
            self._bound(now)
            return bool(locked_until)

    def clear(self, email: str) -> None:
        """End a streak and lift its lock (a successful sign-in or a password change)."""
        with self._mutex:
            self._streaks.pop(account_key(email), None)

    def _bound(self, now: float) -> None:
        if len(self._streaks) <= self.max_entries:
            return
        self._streaks = {k: s for k, s in self._streaks.items()
                         if self._current(k, now).failures}
        while len(self._streaks) > self.max_entries:
            del self._streaks[next(iter(self._streaks))]


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
