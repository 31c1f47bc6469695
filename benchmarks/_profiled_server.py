"""`python -m helpdesk_server` under yappi (all threads, CPU clock), for chat_bench --profile.

    python benchmarks/_profiled_server.py PREFIX [server options...]

SIGUSR1 clears what was recorded so far (chat_bench sends it when the measured window opens).
Writes PREFIX.txt (functions by own CPU time, then by total time, all threads together) and
PREFIX.pstat (for pstats / snakeviz) when the server stops. yappi is not a dependency of the
project: `pip install yappi` first.
"""

from __future__ import annotations

import io
import signal
import sys

import yappi

from helpdesk_server.__main__ import main


def _write(prefix: str) -> None:
    stats = yappi.get_func_stats()
    stats.save(f"{prefix}.pstat", type="pstat")
    out = io.StringIO()
    for key in ("tsub", "ttot"):
        out.write(f"=== by {key} ===\n")
        stats.sort(key, "desc").print_all(out=out, columns={
            0: ("name", 90), 1: ("ncall", 10), 2: ("tsub", 8), 3: ("ttot", 8), 4: ("tavg", 8)})
    out.write("=== threads ===\n")
    yappi.get_thread_stats().print_all(out=out)
    with open(f"{prefix}.txt", "w") as fh:
        fh.write(out.getvalue())


if __name__ == "__main__":
    prefix = sys.argv.pop(1)
    # uvicorn re-raises SIGTERM once it has shut down: exit through `finally` then.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # SIGUSR1 (chat_bench sends it when its window opens): forget start-up and setup.
    signal.signal(signal.SIGUSR1, lambda *_: yappi.clear_stats())
    yappi.set_clock_type("cpu")
    yappi.start(builtins=True, profile_threads=True)
    try:
        code = main(sys.argv[1:])
    finally:
        yappi.stop()
        _write(prefix)
    sys.exit(code)
