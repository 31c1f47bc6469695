"""`helpdesk chat`, `helpdesk ticket watch` and the agent's commands through the real CLI
and server."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from typing import Any

import httpx
import pytest
from conftest import HELPDESK, Run, err_json, ok_json
from helpers import AGENT, ALICE, auth_headers, login_token

WAIT = 20.0


class Api:
    """Raw API calls that arrange what a test needs (not the code under test)."""

    def __init__(self, url: str, email: str) -> None:
        self.url = url
        self.token = login_token(url, email)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        r = httpx.post(f"{self.url}{path}", json=body or {}, headers=auth_headers(self.token))
        assert r.status_code < 300, r.text
        return r.json() if r.content else None


@pytest.fixture
def people(server_env: str) -> tuple[Api, Api]:
    return Api(server_env, ALICE), Api(server_env, AGENT)


def env(api: Api) -> dict[str, str]:
    return {"HELPDESK_TOKEN": api.token}


# --- chat ------------------------------------------------------------------------------------


def test_chat_list_and_show(run: Run, people: tuple[Api, Api]) -> None:
    alice, _agent = people
    chat = alice.post("/v1/chats")
    alice.post(f"/v1/chats/{chat['id']}/messages",
               {"body": "where is my parcel?", "client_message_id": "cli-test-1"})
    listed = ok_json(run("chat", "list", "--json", env=env(alice)))
    assert chat["id"] in [c["id"] for c in listed["data"]]
    shown = ok_json(run("chat", "show", chat["id"], "--json", env=env(alice)))
    assert "where is my parcel?" in [m["body"] for m in shown["messages"]]
    assert shown["messages"][0]["author"]["role"] == "assistant"
    number = chat["id"].removeprefix("ch_")
    human = run("chat", "show", number, env=env(alice))
    assert human.exit_code == 0 and "where is my parcel?" in human.stdout
    assert err_json(run("chat", "show", "ch_999999", "--json", env=env(alice)), 4)


def test_bare_chat_needs_a_terminal(run: Run, people: tuple[Api, Api]) -> None:
    """Without a terminal the live chat cannot open its screen: one line, exit 2 (the
    screen itself is tested in tests/tui)."""
    alice, _agent = people
    result = run("chat", "--order", "SO10001", env=env(alice))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "needs a terminal" in result.stderr


# --- ticket watch ----------------------------------------------------------------------------


class Watch:
    """`helpdesk ticket watch` in a subprocess, its output read as it comes."""

    def __init__(self, api: Api, *args: str) -> None:
        self.proc = subprocess.Popen(
            [str(HELPDESK), "ticket", "watch", *args], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env={**os.environ, **env(api)})
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, sink in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, sink), daemon=True).start()

    @staticmethod
    def _read(stream: Any, sink: list[str]) -> None:
        for line in stream:
            sink.append(line)

    def wait_for(self, predicate: Any, what: str, poke: Any = None) -> None:
        deadline = time.monotonic() + WAIT
        while not predicate():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.proc.kill()
                raise AssertionError(f"no {what}: {self.out} {self.err}")
            if poke is not None:
                poke()
            time.sleep(0.2)

    def finish(self) -> int:
        code = self.proc.wait(timeout=WAIT)
        time.sleep(0.1)  # let the readers drain
        return code


def test_watch_prints_replies_and_status_changes_until_solved(people: tuple[Api, Api]) -> None:
    alice, agent = people
    ticket = alice.post("/v1/tickets", {"subject": "Watch me", "body": "Any news?"})
    watch = Watch(alice, ticket["id"], "--exit-status")
    watch.wait_for(lambda: any("Watching" in line for line in watch.err), "start line")
    agent.post(f"/v1/agent/tickets/{ticket['id']}/messages",
               {"body": "Shipped today.", "status": "pending"})
    watch.wait_for(lambda: any("pending" in line for line in watch.out), "status line")
    agent.post(f"/v1/agent/tickets/{ticket['id']}/status", {"status": "solved"})
    assert watch.finish() == 0
    text = "".join(watch.out)
    assert "Shipped today." in text and "Sam Rivera" in text
    assert "open → pending" in text or "new → pending" in text
    assert "solved" in text


def test_watch_json_lines_and_exit_status_when_closed_unsolved(
        people: tuple[Api, Api]) -> None:
    alice, agent = people
    ticket = alice.post("/v1/tickets", {"subject": "Watch as JSON", "body": "Hello?"})
    path = f"/v1/agent/tickets/{ticket['id']}/messages"
    watch = Watch(alice, ticket["id"], "--json", "--exit-status")
    # Scripts get no start line: reply until the watch shows it is listening.
    watch.wait_for(lambda: bool(watch.out), "first event",
                   poke=lambda: agent.post(path, {"body": "ping"}))
    agent.post(f"/v1/agent/tickets/{ticket['id']}/status", {"status": "closed"})
    assert watch.finish() == 1  # ended closed, not solved
    events = [json.loads(line) for line in watch.out]
    assert {e["type"] for e in events} <= {"ticket_message", "ticket_status"}
    assert events[-1]["type"] == "ticket_status" and events[-1]["status"] == "closed"
    assert all(e["ticket_id"] == ticket["id"] for e in events)
    assert "".join(watch.err) == ""


def test_watch_of_a_finished_ticket_returns_at_once(run: Run, people: tuple[Api, Api]) -> None:
    alice, agent = people
    ticket = alice.post("/v1/tickets", {"subject": "Already done", "body": "Thanks"})
    agent.post(f"/v1/agent/tickets/{ticket['id']}/status", {"status": "solved"})
    assert run("ticket", "watch", ticket["id"], "--exit-status", env=env(alice)).exit_code == 0
    agent.post(f"/v1/agent/tickets/{ticket['id']}/status", {"status": "closed"})
    result = run("ticket", "watch", ticket["id"], "--exit-status", "--json", env=env(alice))
    assert result.exit_code == 1 and result.stdout == ""
    assert run("ticket", "watch", "T999999", env=env(alice)).exit_code == 4


# --- agent -----------------------------------------------------------------------------------


def test_every_agent_command_with_json(run: Run, people: tuple[Api, Api]) -> None:
    alice, agent = people
    a = env(agent)
    chat = alice.post("/v1/chats")
    alice.post(f"/v1/chats/{chat['id']}/handoff")
    queue = ok_json(run("agent", "queue", "--state", "queued", "--json", env=a))
    assert chat["id"] in [c["id"] for c in queue["data"]]
    packet = ok_json(run("agent", "claim", chat["id"], "--json", env=a))
    assert packet["state"] == "assigned" and packet["customer"]["email"] == ALICE
    assert ok_json(run("agent", "queue", chat["id"], "--json", env=a))["id"] == chat["id"]
    sent = ok_json(run("agent", "reply", chat["id"], "--body", "Hello from Sam", "--json",
                       env=a))
    assert sent["body"] == "Hello from Sam" and sent["client_message_id"]
    moved = ok_json(run("agent", "transfer", chat["id"], "--json", env=a))
    assert moved["state"] == "queued"
    ok_json(run("agent", "claim", chat["id"], "--json", env=a))
    made = ok_json(run("agent", "to-ticket", chat["id"], "--subject", "From chat", "--json",
                       env=a))
    assert made["subject"] == "From chat"
    other = alice.post("/v1/chats")
    alice.post(f"/v1/chats/{other['id']}/handoff")
    ok_json(run("agent", "claim", other["id"], "--json", env=a))
    assert ok_json(run("agent", "close", other["id"], "--json", env=a))["state"] == "closed"

    ticket = alice.post("/v1/tickets", {"subject": "Agent CLI", "body": "Help"})
    listed = ok_json(run("agent", "tickets", "--all", "--json", env=a))
    assert ticket["id"] in [t["id"] for t in listed["data"]]
    reply = ok_json(run("agent", "reply", ticket["id"], "--body", "On it", "--status",
                        "pending", "--json", env=a))
    assert reply["body"] == "On it"
    note = ok_json(run("agent", "note", ticket["id"], "--body", "VIP", "--json", env=a))
    assert note["body"] == "VIP"
    assert ok_json(run("agent", "status", ticket["id"], "on hold", "--json",
                       env=a))["status"] == "on_hold"
    detail = ok_json(run("agent", "tickets", ticket["id"], "--json", env=a))
    assert [n["body"] for n in detail["notes"]] == ["VIP"]
    assert detail["status"] == "on_hold"
    human = run("agent", "tickets", ticket["id"], env=a)
    assert human.exit_code == 0 and "VIP" in human.stdout


@pytest.mark.parametrize("args", [
    ["queue"], ["claim", "ch_1"], ["reply", "ch_1", "--body", "x"], ["close", "ch_1"],
    ["transfer", "ch_1"], ["to-ticket", "ch_1"], ["tickets"], ["note", "T1001", "--body", "x"],
    ["status", "T1001", "open"],
])
def test_a_customer_gets_exit_3_on_agent_commands(run: Run, people: tuple[Api, Api],
                                                  args: list[str]) -> None:
    alice, _agent = people
    doc = err_json(run("agent", *args, "--json", env=env(alice)), 3)
    assert doc["code"] == "forbidden"
