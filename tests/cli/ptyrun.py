"""Run the installed `helpdesk` on a real pseudo-terminal, as a person would.

CliRunner never is a terminal, so TTY-only behaviour (hidden password prompts, the pager,
the upload progress bar, colour) is checked here through the real entry point. The child
gets the pty as its controlling terminal, so getpass-style prompts really turn echo off.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

from conftest import HELPDESK

# Safety net against a hung child only; no test asserts on time.
_DEADLINE_S = 60.0


@dataclass
class PtyResult:
    """Exit code and everything the terminal showed (stdout and stderr interleaved)."""

    exit_code: int
    screen: str


def _take_terminal() -> None:
    """In the child, after setsid: make stdin (the pty) the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _waiting_for_input(pid: int) -> bool:
    """True once the child sleeps in a terminal read (Linux: /proc wchan).

    A prompt's label is printed before the read starts. Typing in that gap is fine for text,
    but a Ctrl-C landing there is CPython's known signal race: the handler only sets a flag,
    and the read that follows blocks without looking at it. A person is never that fast,
    so the harness waits for the read, like them.
    """
    try:
        with open(f"/proc/{pid}/wchan") as fh:
            wchan = fh.read().strip()
    except OSError:
        return True  # no /proc: fall back to typing at once
    return wchan in {"wait_woken", "n_tty_read"}


def _may_type(master: int, prompt: str, reply: str, pid: int) -> bool:
    """Hidden prompts print their label before turning echo off and flushing the input, so
    typing a password is safe only once echo is off (a person is never that fast)."""
    if "\x03" in reply and not _waiting_for_input(pid):
        return False
    if not any(word in prompt.lower() for word in ("password", "repeat for confirmation")):
        return True
    return not termios.tcgetattr(master)[3] & termios.ECHO


def run_pty(args: Sequence[str], *, env: dict[str, str] | None = None,
            answers: Sequence[tuple[str, str]] = (), rows: int = 40, cols: int = 120
            ) -> PtyResult:
    """Run `helpdesk ARGS` on a pty of rows x cols; when the screen shows an `answers` prompt
    (in order), type its reply (for prompts naming a password: once echo is off). Returns
    once the child exits."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("COLUMNS", "LINES", "VISUAL", "EDITOR")}
    full_env.update({"TERM": "xterm-256color", **(env or {})})
    proc = subprocess.Popen([str(HELPDESK), *args], stdin=slave, stdout=slave, stderr=slave,
                            env=full_env, start_new_session=True,
                            preexec_fn=_take_terminal)
    os.close(slave)
    out = b""
    todo = list(answers)
    seen = 0  # answers match only text that appeared after the previous answer
    deadline = time.monotonic() + _DEADLINE_S
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            if todo and todo[0][0].encode() in out[seen:] and _may_type(
                    master, todo[0][0], todo[0][1], proc.pid):
                prompt, reply = todo.pop(0)
                seen = out.index(prompt.encode(), seen) + len(prompt)
                os.write(master, reply.encode())
            elif not ready and proc.poll() is not None:
                break
        else:
            proc.kill()
            raise AssertionError(f"helpdesk {args} did not finish: {out.decode(errors='replace')}")
        code = proc.wait(timeout=30)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return PtyResult(code, out.decode("utf-8", errors="replace").replace("\r\n", "\n"))
