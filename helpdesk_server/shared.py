"""Security state shared by every worker process of one server: rate-limit windows and
sign-in streaks.

With `--workers N` each worker is a forked process; budgets kept in a per-process dict
would give a client N times its limit. `SharedState.create()` runs before the fork and
puts both tables in one anonymous shared mapping (`mmap.mmap(-1, size)` is MAP_SHARED, so
forked children see the parent's pages, not copies), guarded by one cross-process lock.
One process works the same way: `create_app` without `shared` makes a private one.

Tables are fixed-size and set-associative: a key's digest picks a bucket of a few slots,
so a lookup probes at most `WAYS` slots and the memory never grows. A new key takes an
empty slot of its bucket, else one whose entry has expired, else the oldest entry's (the
"bounded table, oldest dropped" of the old in-memory dicts). Digests are keyed with a
secret made at `create`, so a client cannot choose keys that land in a victim's bucket
to push the victim's entry out. Nothing is persisted: a restart forgives everybody.
"""

from __future__ import annotations

import hashlib
import logging
import math
import mmap
import multiprocessing
import os
import secrets
import struct
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any

logger = logging.getLogger("helpdesk_server")

DIGEST_SIZE = 16
WAYS = 8
_EMPTY = bytes(DIGEST_SIZE)
_OWNER = struct.Struct("<q")  # header: pid of the lock's holder, 0 when free or unknown
_UNNAMED_CHECKS = 3  # waits of _STALE_AFTER_S on a held lock naming no holder: one died
_STALE_AFTER_S = 1.0  # nobody holds the lock for microseconds longer than this but the dead

_pid = os.getpid()  # os.getpid() is a system call: kept, and refreshed in forked children
_pid_bytes = _OWNER.pack(_pid)
_NOBODY = _OWNER.pack(0)
_DIGEST_CACHE = 4096  # per process: the keys of recent requests repeat


def _refresh_pid() -> None:
    global _pid, _pid_bytes
    _pid = os.getpid()
    _pid_bytes = _OWNER.pack(_pid)


os.register_at_fork(after_in_child=_refresh_pid)


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie does not: its parent has not reaped it yet)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[0] not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: the signal check alone
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


class ProcessLock:
    """A lock between the processes forked after it was made, and their threads.

    A `multiprocessing` fork-context Lock is a POSIX semaphore in shared memory: taking and
    releasing a free one are atomic instructions in user space, no system call (~0.2 us
    here), where an fcntl record lock costs two system calls per request (~2.3 us) and,
    being owned by a process, would not exclude the threads of one worker from each other.

    What the semaphore lacks is a fcntl lock's release at process death: a worker killed
    (SIGKILL, OOM) in the microseconds it holds the lock would leave it held for good.
    So the holder writes its pid in the shared header; a waiter that has waited
    `_STALE_AFTER_S` checks that pid, and if that process is gone it takes the lock over
    (under a second lock, so only one waiter does) instead of hanging every worker. A death
    in the few instructions between taking the lock and naming itself (or between clearing
    its name and releasing) leaves a held lock that names nobody: after `_UNNAMED_CHECKS`
    waits in a row that find it so, which no live holder comes near, it is taken over too.
    """

    def __init__(self, buf: mmap.mmap) -> None:
        context = multiprocessing.get_context("fork")
        self._lock = context.Lock()
        self._acquire = self._lock.acquire  # bound once: this runs on every request
        self._release = self._lock.release
        self._repair = context.Lock()
        self._buf = buf

    def __enter__(self) -> None:
        if not self._acquire(True, _STALE_AFTER_S):
            self._wait_or_take_over()
        self._buf[:8] = _pid_bytes  # the header: _OWNER

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._buf[:8] = _NOBODY  # else a waiter could blame a new holder's predecessor,
        self._release()          # gone since, before the new one writes its pid

    def _wait_or_take_over(self) -> None:
        unnamed = 0
        while not self._acquire(True, _STALE_AFTER_S):
            with self._repair:
                (owner,) = _OWNER.unpack_from(self._buf, 0)
                unnamed = unnamed + 1 if owner == 0 else 0
                if (owner and owner != _pid and not _alive(owner)) or (
                        unnamed >= _UNNAMED_CHECKS):
                    logger.error("shared state: process %s died holding the lock; "
                                 "process %d takes it over", owner or "(unnamed)", _pid)
                    self._buf[:8] = _pid_bytes  # still held, now by us
                    return


class Table:
    """Fixed-size hash table in a shared buffer: slots of a 16-byte key digest and a
    `record`, in buckets of `ways` slots. A slot is named by its record's offset.

    Callers hold `lock` around every use but `locate`.
    """

    def __init__(self, buf: mmap.mmap, offset: int, entries: int, record: struct.Struct,
                 secret: bytes, lock: ProcessLock) -> None:
        if entries < 1:
            raise ValueError("a table needs at least one entry")
        self.ways = min(WAYS, entries)
        self.buckets = entries // self.ways
        self.slots = self.ways * self.buckets  # at most `entries`
        self.record = record
        self.lock = lock
        self._buf = buf
        self._slot = DIGEST_SIZE + record.size
        self._bucket = self._slot * self.ways
        self._start = offset
        self.end = offset + self._slot * self.slots
        self._secret = secret
        self._located: dict[str, tuple[bytes, int]] = {}

    @staticmethod
    def size(entries: int, record: struct.Struct) -> int:
        """Bytes a table of `entries` takes (an upper bound: the slot count rounds down)."""
        return entries * (DIGEST_SIZE + record.size)

    def locate(self, key: str) -> tuple[bytes, int]:
        """The key's digest (keyed, so clients cannot pick their bucket) and its bucket's
        offset; memoised for recent keys, as the hash is a third of a lookup's cost."""
        found = self._located.get(key)
        if found is None:
            digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"),
                                     digest_size=DIGEST_SIZE, key=self._secret).digest()
            bucket = int.from_bytes(digest, "little") % self.buckets
            found = digest, self._start + self._bucket * bucket
            if len(self._located) >= _DIGEST_CACHE:
                self._located.clear()
            self._located[key] = found
        return found

    def find(self, digest: bytes, bucket: int) -> int:
        """The record of `digest` in its bucket, or -1."""
        end = bucket + self._bucket
        pos = self._buf.find(digest, bucket, end)
        while pos >= 0 and (pos - bucket) % self._slot:  # not at a slot's start: go on
            pos = self._buf.find(digest, pos + 1, end)
        return -1 if pos < 0 else pos + DIGEST_SIZE

    def claim(self, digest: bytes, bucket: int,
              rank: Callable[[tuple[Any, ...]], float | None]) -> int:
        """A record for a new `digest`, which the caller then writes: an empty slot of its
        bucket, else the one whose record ranks lowest (None: must not be evicted); -1 if
        every one is pinned."""
        at = self.find(_EMPTY, bucket)
        if at < 0:
            best: float | None = None
            for slot in range(bucket + DIGEST_SIZE, bucket + self._bucket, self._slot):
                score = rank(self.get(slot))
                if score is not None and (best is None or score < best):
                    at, best = slot, score
            if at < 0:
                return -1
        self._buf[at - DIGEST_SIZE:at] = digest
        return at

    def get(self, at: int) -> tuple[Any, ...]:
        return self.record.unpack_from(self._buf, at)

    def put(self, at: int, *values: float) -> None:
        self.record.pack_into(self._buf, at, *values)

    def free(self, at: int) -> None:
        self._buf[at - DIGEST_SIZE:at] = _EMPTY

    def entries(self) -> Iterator[tuple[Any, ...]]:
        """The records of the slots in use (for tests and diagnostics; O(slots))."""
        for at in range(self._start + DIGEST_SIZE, self.end, self._slot):
            if self._buf[at - DIGEST_SIZE:at] != _EMPTY:
                yield self.get(at)


class Windows(Table):
    """Fixed windows: per key the window's start (`time.monotonic()`, one clock for every
    process of the machine) and the requests counted in it."""

    RECORD = struct.Struct("<dq")

    def hit(self, key: str, now: float, length: float, limit: int) -> tuple[float, int, bool]:
        """Count one request of `key` against `limit` per `length` seconds; return the
        window's start, its count and whether this one was allowed."""
        digest, bucket = self.locate(key)
        with self.lock:
            at = self.find(digest, bucket)
            if at >= 0:
                start, count = self.RECORD.unpack_from(self._buf, at)
                if start + length <= now:
                    start, count = now, 0
            else:  # a new window takes an empty slot, else an expired one, else the oldest
                at = self.claim(digest, bucket,
                                lambda r: r[0] if r[0] + length > now else -math.inf)
                assert at >= 0  # (no window is pinned)
                start, count = now, 0
            allowed = count < limit
            if allowed:
                count += 1
            self.RECORD.pack_into(self._buf, at, start, count)
        return start, count, allowed

    def live(self, now: float, length: float) -> int:
        """How many windows still count (O(table); for tests and diagnostics)."""
        with self.lock:
            return sum(start + length > now for start, _ in self.entries())


# Sign-in streak (see `signin`): failures, attempts being checked, last failure, lock end
# and last admission, all on `time.time()`.
SIGN_IN_RECORD = struct.Struct("<iiddd")


class SharedState:
    """The shared mapping, its lock and the two tables; make it before forking workers."""

    def __init__(self, rate_windows: int, sign_in_entries: int) -> None:
        size = (_OWNER.size + Table.size(rate_windows, Windows.RECORD)
                + Table.size(sign_in_entries, SIGN_IN_RECORD))
        self._buf = mmap.mmap(-1, size)  # anonymous, MAP_SHARED: one copy for all children
        self.lock = ProcessLock(self._buf)
        secret = secrets.token_bytes(16)  # inherited by the forked workers
        self.rate = Windows(self._buf, _OWNER.size, rate_windows, Windows.RECORD, secret,
                            self.lock)
        self.sign_in = Table(self._buf, self.rate.end, sign_in_entries, SIGN_IN_RECORD,
                             secret, self.lock)

    @classmethod
    def create(cls, rate_windows: int = 100_000, sign_in_entries: int = 100_000) -> SharedState:
        """Room for `rate_windows` rate-limit windows and `sign_in_entries` sign-in streaks
        (32 and 48 bytes each; pages never touched stay unallocated)."""
        return cls(rate_windows, sign_in_entries)
