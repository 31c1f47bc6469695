"""TUI speed and memory: keystroke → updated FAQ results, start → first paint → home data.

Run: `.venv/bin/python benchmarks/tui_bench.py [--articles 10000] [--starts 7]`.

The app always runs as its own process in a pseudo-terminal, as a person runs it; the server
(the demo store plus N synthetic articles) runs in this process, so the two never share an
interpreter lock, as they never do for a user.

- Keystrokes: `helpdesk tui` at 120×40, F opens the help center, then each character is
  written to the terminal as a key press and the clock stops when the frame that shows the
  results for the text typed so far is handed to the terminal. The app reports that moment
  over a pipe (a hook on the screen's paint, installed by `--child`, the only difference from
  a plain `helpdesk tui`); both sides read the same monotonic clock. One key at a time, each
  after the previous key's results: debounce, key handling, search, rendering and painting
  are all in the figure. Budget p95 ≤ 100 ms.
- Start: `helpdesk tui` as a person starts it, in a pseudo-terminal of 80×24; the clock stops
  when the whole first screen has reached the terminal (the "Loading…" greeting, both panel
  titles and the footer's keys: Textual may send a frame in parts, and its footer fills in
  after the first frame) and then when the home data ("Hello …") has. Budgets (medians) 0.6 s
  and 1.0 s. Bytecode is allowed to be cached (PYTHONDONTWRITEBYTECODE is unset for the
  children and one warm-up start is not counted), or it measures compiling.
- Memory: peak RSS (VmHWM) of each app process, read from /proc once its home data is shown
  (starts) and after all the typing (keystrokes); ru_maxrss of children would count the
  parent's pages copied at fork. Budget 120 MiB.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

HELPDESK = Path(sys.executable).with_name("helpdesk")
# The home screen is on the terminal once all of these are (the footer's keys last).
FIRST_SCREEN = (b"Loading", b"Open tickets", b"Recent orders", b"Help center")
TYPED = ("refund not received", "reset password", "where is my parcel", "tent pole broke",
         "cancel order", "change delivery address")


@contextlib.contextmanager
def server(articles: int) -> Iterator[str]:
    """The reference server in this process: the demo store plus synthetic articles."""
    from search_bench import build_db

    from helpdesk_server.config import ServerSettings
    from helpdesk_server.runner import start_in_thread

    with tempfile.TemporaryDirectory(prefix="tui-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        build_db(db, articles)
        running = start_in_thread(ServerSettings(db_path=db, seed_demo=True,
                                                 rate_limit_per_minute=10**9), "127.0.0.1", 0)
        try:
            yield running.url
        finally:
            running.stop()


def token_for(url: str) -> str:
    response = httpx.post(f"{url}/v1/auth/token",
                          json={"email": "alice@example.com", "password": "helpdesk-demo"})
    response.raise_for_status()
    return str(response.json()["access_token"])


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


class Terminal:
    """`helpdesk tui` (or the benchmark's child mode) in a pseudo-terminal of a given size."""

    def __init__(self, argv: list[str], env: dict[str, str], rows: int, cols: int,
                 pass_fds: tuple[int, ...] = ()) -> None:
        import fcntl
        import struct
        import termios

        self.master, slave = pty.openpty()
        os.set_blocking(self.master, False)
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     close_fds=True, pass_fds=pass_fds,
                                     start_new_session=True)
        os.close(slave)
        self.seen = b""

    def drain(self, wait: float = 0.0) -> bool:
        """Read what the app wrote (it blocks once the pty buffer is full); True if any."""
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return False
        with contextlib.suppress(BlockingIOError, OSError):
            self.seen += os.read(self.master, 65536)
        return True

    def wait_for(self, text: bytes, limit: float = 30.0) -> float:
        """Seconds from the start until `text` was written to the terminal."""
        while text not in self.seen:
            if time.perf_counter() - self.started > limit or self.proc.poll() is not None:
                raise RuntimeError(f"the TUI never wrote {text!r}; its last output: "
                                   f"{self.seen[-600:]!r}")
            self.drain(0.01)
        return time.perf_counter() - self.started

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def peak_mib(self) -> float:
        return _peak_mib(self.proc.pid)

    def cpu_seconds(self) -> float:
        """User and system CPU time of the app so far, from /proc."""
        with open(f"/proc/{self.proc.pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.send(b"\x11")  # Ctrl+Q
        try:
            deadline = time.perf_counter() + 10
            while self.proc.poll() is None and time.perf_counter() < deadline:
                self.drain(0.01)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            os.close(self.master)


def keystrokes(url: str, token: str) -> tuple[list[float], float, float]:
    """Milliseconds from each key written to the terminal to its results painted, the app's
    CPU milliseconds per key (less noisy than the clock on a busy machine) and its peak MiB
    after the typing."""
    read_fd, write_fd = os.pipe()
    env = dict(os.environ, HELPDESK_TOKEN=token, HELPDESK_SERVER=url,
               TUI_BENCH_FD=str(write_fd))
    term = Terminal([sys.executable, str(Path(__file__).resolve()), "--child"], env, 40, 120,
                    pass_fds=(write_fd,))
    os.close(write_fd)
    reports = Reports(read_fd, term)
    timings: list[float] = []
    try:
        term.wait_for(b"Hello")
        term.send(b"f")  # the help center, search box focused, every article listed
        reports.wait_for("")
        cpu = term.cpu_seconds()
        for i, text in enumerate(TYPED):
            if i:
                term.send(b"\x15")  # Ctrl+U: the box is empty again
                reports.wait_for("")
            for n in range(1, len(text) + 1):
                sent = time.perf_counter_ns()
                term.send(text[n - 1].encode())
                painted = reports.wait_for(text[:n].strip())
                timings.append((painted - sent) / 1e6)
        cpu_ms = (term.cpu_seconds() - cpu) * 1000 / len(timings)
        peak = term.peak_mib()
    finally:
        term.close()
        os.close(read_fd)
    return timings, cpu_ms, peak


class Reports:
    """The child's "frame with the results for QUERY handed to the terminal at T" lines."""

    def __init__(self, fd: int, term: Terminal) -> None:
        self.fd, self.term, self.buffer = fd, term, b""

    def wait_for(self, query: str, limit: float = 10.0) -> int:
        """The paint time (perf_counter_ns) of the next frame of results for `query`;
        earlier frames (an older query's results) are skipped."""
        deadline = time.perf_counter() + limit
        while True:
            while b"\n" in self.buffer:
                row, self.buffer = self.buffer.split(b"\n", 1)
                stamp, shown = row.decode().split("\t", 1)
                if shown == query:
                    return int(stamp)
            if time.perf_counter() > deadline or self.term.proc.poll() is not None:
                raise RuntimeError(f"results for {query!r} never painted; the TUI's last "
                                   f"output: {self.term.seen[-600:]!r}")
            ready, _, _ = select.select([self.fd, self.term.master], [], [], 0.05)
            if self.fd in ready:
                self.buffer += os.read(self.fd, 65536)
            if self.term.master in ready:
                self.term.drain()


def child() -> None:
    """`helpdesk tui`, plus a report over TUI_BENCH_FD each time a frame is handed to the
    terminal after the help center showed a new set of results (its sequence number moved)."""
    from textual.app import App

    from screens.faq import FaqScreen

    fd = int(os.environ.pop("TUI_BENCH_FD"))
    reported: dict[int, int] = {}
    display = App._display

    def display_and_report(app: App[object], screen: object, renderable: object) -> None:
        display(app, screen, renderable)  # type: ignore[arg-type]
        if (renderable is not None and isinstance(screen, FaqScreen)
                and reported.get(id(screen)) != screen.shown_seq
                and screen.shown_query is not None):
            reported[id(screen)] = screen.shown_seq
            os.write(fd, f"{time.perf_counter_ns()}\t{screen.shown_query}\n".encode())

    App._display = display_and_report  # type: ignore[method-assign]
    sys.argv = ["helpdesk", "tui"]
    from commands.entry import run

    run()


def start_once(url: str, token: str) -> tuple[float, float, float]:
    """Seconds to the first frame and to the home data, and peak MiB, of one start."""
    term = Terminal([str(HELPDESK), "tui"], dict(os.environ, HELPDESK_TOKEN=token,
                                                   HELPDESK_SERVER=url), 24, 80)
    try:
        painted = max(term.wait_for(part) for part in FIRST_SCREEN)
        shown = term.wait_for(b"Hello")
        peak = term.peak_mib()
    finally:
        term.close()
    return painted, shown, peak


def _peak_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for row in status:
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
    return float("nan")


def main() -> None:
    if sys.argv[1:] == ["--child"]:
        child()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--starts", type=int, default=7)
    args = parser.parse_args()
    with server(args.articles) as url:
        token = token_for(url)
        start_once(url, token)  # warm-up: bytecode cache, page cache
        ms, cpu_ms, typing_peak = keystrokes(url, token)
        print(f"keystroke → results painted ({args.articles} articles, {len(ms)} keys): "
              f"p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, "
              f"p99 {percentile(ms, 99):.1f} ms (budget p95 ≤ 100 ms); "
              f"app CPU {cpu_ms:.1f} ms per key")
        runs = [start_once(url, token) for _ in range(args.starts)]
        painted = statistics.median(r[0] for r in runs)
        shown = statistics.median(r[1] for r in runs)
        print(f"helpdesk tui start ({args.starts} runs, medians): first screen painted "
              f"{painted:.2f} s (budget 0.6 s), home data shown {shown:.2f} s (budget 1.0 s)")
        peak = max([typing_peak] + [r[2] for r in runs])
        print(f"peak memory of helpdesk tui: {peak:.0f} MiB after typing, "
              f"{max(r[2] for r in runs):.0f} MiB at home (budget 120 MiB)")


if __name__ == "__main__":
    main()
