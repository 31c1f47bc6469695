"""Issue 9: a hung server means a waiting line on a terminal and an overall deadline, not
minutes of silence; a create that times out keeps its draft."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from conftest import run_sub
from ptyrun import run_pty


@pytest.fixture
def hung_url() -> Iterator[str]:
    """A loopback server that accepts connections and reads requests but never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


ENV = {"HELPDESK_TIMEOUT": "3", "HELPDESK_TOKEN": "hdp_test"}


def test_hung_server_shows_progress_on_a_terminal_and_gives_up(hung_url: str) -> None:
    started = time.monotonic()
    result = run_pty(["--server", hung_url, "faq", "search", "refund"], env=ENV)
    assert time.monotonic() - started < 20
    assert result.exit_code == 6, result.screen
    assert f"Waiting for {hung_url}" in result.screen
    assert "did not answer within 3 s" in result.screen


def test_hung_create_times_out_keeps_a_draft_and_says_nothing_when_piped(
        hung_url: str) -> None:
    started = time.monotonic()
    result = run_sub(["--server", hung_url, "--json", "ticket", "create", "-s", "Stuck",
                      "-b", "Typed text"], env=ENV, timeout=30)
    assert time.monotonic() - started < 20
    assert result.returncode == 6, result.stderr
    assert "Waiting" not in result.stderr
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "timeout" and error["draft_id"]
    drafts = json.loads(run_sub(["--server", hung_url, "--json", "ticket", "drafts"]).stdout)
    assert [d["body"] for d in drafts["data"] if d["id"] == error["draft_id"]] == ["Typed text"]
