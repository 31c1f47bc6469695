"""TUI speed and memory: keystroke → updated FAQ results, start → first paint → home data.

Run: `.venv/bin/python benchmarks/tui_bench.py [--articles 10000] [--starts 7]`.

- Keystrokes: the real app, headless (Textual's own test driver), against the real server on
  loopback with N articles. Each character is typed into the help-center search box and the
  clock stops when the results for the whole text typed so far are on screen (the handler ran
  and the screen refreshed), so the debounce is included. Budget p95 ≤ 100 ms. The text is
  inserted as a key press would (Pilot.press adds waits for idleness of its own).
- Start: `helpdesk tui` as a person starts it, in a pseudo-terminal of 80×24; the clock stops
  when the first frame ("Loading…") and then the home data ("Hello …") reach the terminal.
  Budgets (medians) 0.6 s and 1.0 s. Bytecode is allowed to be cached (PYTHONDONTWRITEBYTECODE
  is unset for the children and one warm-up start is not counted), or it measures compiling.
- Memory: peak RSS (VmHWM) of each `helpdesk tui` process once its home data is shown, read
  from /proc (ru_maxrss of children would count the parent's pages copied at fork). The
  server runs in this process, so it is not counted. Budget 120 MiB.
"""

from __future__ import annotations

import argparse
import asyncio
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


async def keystrokes(url: str) -> list[float]:
    """Milliseconds from each key press to its results painted."""
    from textual.widgets import Input

    from helpdesk_cli.session import Session
    from screens.app import HelpdeskApp
    from screens.faq import FaqScreen

    app = HelpdeskApp(Session(server=url))
    timings: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        screen = FaqScreen()
        await app.push_screen(screen)
        await pilot.pause()
        box = screen.query_one("#faq-query", Input)
        for text in TYPED:
            box.value = ""
            await _until(lambda: screen.shown_query == "")
            await pilot.pause()
            for n in range(1, len(text) + 1):
                start = time.perf_counter()
                # What a key press does to the box; Pilot.press would add its own idle waits.
                box.insert_text_at_cursor(text[n - 1])
                want = text[:n].strip()
                await _until(lambda want=want: screen.shown_query == want)
                await pilot.pause()  # the refresh that paints them
                timings.append((time.perf_counter() - start) * 1000)
    return timings


async def _until(condition: object, limit: float = 10.0) -> None:
    assert callable(condition)
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("results never arrived")
        await asyncio.sleep(0.001)


def start_once(url: str, token: str) -> tuple[float, float, float]:
    """Seconds to the first frame and to the home data, and peak MiB, of one start."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(HELPDESK_TOKEN=token, HELPDESK_SERVER=url, TERM="xterm-256color",
               COLUMNS="80", LINES="24")
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen([str(HELPDESK), "tui"], stdin=slave, stdout=slave, stderr=slave,
                            env=env, close_fds=True, start_new_session=True)
    os.close(slave)
    seen = b""
    painted = shown = None
    try:
        while shown is None and time.perf_counter() - start < 30:
            ready, _, _ = select.select([master], [], [], 0.01)
            if ready:
                with contextlib.suppress(BlockingIOError, OSError):
                    seen += os.read(master, 65536)
            if painted is None and b"Loading" in seen:
                painted = time.perf_counter() - start
            if b"Hello" in seen:
                shown = time.perf_counter() - start
        peak = _peak_mib(proc.pid)
        os.write(master, b"\x11")  # Ctrl+Q
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    if painted is None or shown is None:
        raise RuntimeError("the TUI never showed its home screen")
    return painted, shown, peak


def _peak_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for row in status:
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--starts", type=int, default=7)
    args = parser.parse_args()
    with server(args.articles) as url:
        token = token_for(url)
        os.environ["HELPDESK_TOKEN"] = token
        ms = asyncio.run(keystrokes(url))
        print(f"keystroke → results painted ({args.articles} articles, {len(ms)} keys): "
              f"p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, "
              f"p99 {percentile(ms, 99):.1f} ms (budget p95 ≤ 100 ms)")
        start_once(url, token)  # warm-up: bytecode cache, page cache
        runs = [start_once(url, token) for _ in range(args.starts)]
        painted = statistics.median(r[0] for r in runs)
        shown = statistics.median(r[1] for r in runs)
        print(f"helpdesk tui start ({args.starts} runs, medians): first screen painted "
              f"{painted:.2f} s (budget 0.6 s), home data shown {shown:.2f} s (budget 1.0 s)")
        peak = max(r[2] for r in runs)
        print(f"peak memory of helpdesk tui: {peak:.0f} MiB (budget 120 MiB)")


if __name__ == "__main__":
    main()
