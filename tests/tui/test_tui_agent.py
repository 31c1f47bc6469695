"""The agent's side of the TUI against the real server: the ticket queue opens a ticket whose
thread shows internal notes, a public reply reaches the customer, an internal note does not,
the status changes, and a failed send keeps the text; the inbox counts only the signed-in
agent's chats as "yours" and shows another agent's chat read-only; closing a chat asks."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static, TextArea

from api_client import Client
from screens.agent import AgentChatScreen, AgentInboxScreen, AgentTicketsScreen
from screens.agent_ticket import AgentTicketScreen
from screens.dialogs import Confirm
from tests.helpers import AGENT, LiveServer

from .conftest import ApiFor, SignIn
from .tui_helpers import TIMEOUT_S, RecordingApp, plain, run_palette, screen_text
from .tui_helpers import poll_until as wait

pytestmark = pytest.mark.anyio




def thread_text(screen: AgentTicketScreen) -> str:
    return "\n".join(plain(w) for w in screen.query_one("#aticket-thread").query(Static))


async def open_ticket(pilot: Pilot[Any], app: RecordingApp, ticket_id: str
                      ) -> AgentTicketScreen:
    """From the inbox: t for the ticket queue, the ticket's row, Enter."""
    await wait(pilot, lambda: isinstance(app.screen, AgentInboxScreen), "the agent inbox")
    await pilot.press("t")
    await wait(pilot, lambda: isinstance(app.screen, AgentTicketsScreen)  # and composed
               and app.screen.query_one("#agent-tickets", DataTable) is not None,
               "the ticket queue")
    table = app.screen.query_one("#agent-tickets", DataTable)
    await wait(pilot, lambda: ticket_id in [k.value for k in table.rows], "the ticket's row")
    table.move_cursor(row=table.get_row_index(ticket_id))
    table.focus()
    await pilot.press("enter")
    await wait(pilot, lambda: isinstance(app.screen, AgentTicketScreen)
               and app.screen.ticket is not None, "the agent's ticket screen")
    screen = app.screen
    assert isinstance(screen, AgentTicketScreen)
    return screen


async def write(pilot: Pilot[Any], screen: AgentTicketScreen, text: str) -> None:
    composer = screen.query_one("#aticket-composer", TextArea)
    composer.focus()
    composer.insert(text)
    await pilot.pause()


async def test_queue_opens_a_ticket_reply_reaches_the_customer_and_a_note_does_not(
        live_server: LiveServer, sign_in: SignIn, app: RecordingApp, api_for: ApiFor) -> None:
    customer = api_for(live_server.url)
    ticket = customer.tickets.create(subject=f"Stove leaks gas {uuid.uuid4().hex[:6]}",
                                     body="It smells of gas when I light it.")
    agents = api_for(live_server.url, AGENT).agent
    agents.note(ticket.id, "Earlier note: ask for the batch number.")
    sign_in(live_server.url, AGENT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_ticket(pilot, app, ticket.id)
        head = plain(screen.query_one("#aticket-head", Static))
        assert ticket.subject in head and "Alice Martin" in head and "new" in head
        shown = thread_text(screen)
        assert "It smells of gas" in shown
        assert "INTERNAL NOTE" in shown and "ask for the batch number" in shown

        await write(pilot, screen, "Please stop using it; a replacement is on its way.")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: app.noted("Reply sent"), "the reply sent")
        seen = [m.body for m in customer.tickets.get(ticket.id).messages]
        assert "Please stop using it; a replacement is on its way." in seen
        assert screen.query_one("#aticket-composer", TextArea).text == ""

        await pilot.press("ctrl+n")  # the composer now writes an internal note
        assert "Internal note" in str(screen.query_one("#aticket-composer").border_title)
        await write(pilot, screen, "Escalated to the safety team.")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: app.noted("Internal note added"), "the note added")
        await wait(pilot, lambda: "Escalated to the safety team." in thread_text(screen),
                   "the note in the thread")
        assert all("Escalated" not in m.body for m in customer.tickets.get(ticket.id).messages)
        assert [n.body for n in agents.ticket(ticket.id).notes][-1] == \
            "Escalated to the safety team."

        customer.tickets.reply(ticket.id, "Thanks, I turned it off.")  # live, no Ctrl+R
        await wait(pilot, lambda: "I turned it off" in thread_text(screen),
                   "the customer's reply")


async def test_ticket_queue_fits_80_columns_and_speaks_as_to_an_agent(
        live_server: LiveServer, sign_in: SignIn, app: RecordingApp) -> None:
    sign_in(live_server.url, AGENT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: isinstance(app.screen, AgentInboxScreen), "the agent inbox")
        await pilot.press("t")
        await wait(pilot, lambda: isinstance(app.screen, AgentTicketsScreen)
                   and app.screen.query_one("#agent-tickets", DataTable).row_count,
                   "the ticket queue")
        table = app.screen.query_one("#agent-tickets", DataTable)
        for _ in range(2):  # the first fill, then after Ctrl+R
            # Every column is as wide as set from the first paint on (no header-wide
            # squash), and the table is no wider than the screen (nothing falls off).
            assert all(c.width and not c.auto_width for c in table.columns.values())
            assert table.virtual_size.width <= table.size.width
            text = screen_text(pilot)
            assert "awaiting customer" in text and "waiting for you" not in text
            await pilot.press("ctrl+r")
            # The reload's worker (gone from the list once done): its rows, not the old ones.
            loads = [w for w in app.workers if w.group == "agent-tickets"]
            if loads:
                with contextlib.suppress(Exception):
                    await app.workers.wait_for_complete(loads)
            await pilot.pause()
            await wait(pilot, lambda: table.row_count, "the reloaded queue")
        await pilot.press("down", "down")  # moving the cursor keeps every row aligned
        await pilot.pause()
        lines = screen_text(pilot).splitlines()
        header = next(x for x in lines if "TICKET" in x and "SUBJECT" in x)
        for key in list(table.rows)[:5]:
            subject = table.get_cell(key, "subject").plain[:10]
            row = next(x for x in lines if x.startswith(f" {key.value} "))
            assert row.index(subject) == header.index("SUBJECT"), row


async def test_status_changes_and_closing_is_confirmed(
        live_server: LiveServer, sign_in: SignIn, app: RecordingApp, api_for: ApiFor) -> None:
    customer = api_for(live_server.url)
    ticket = customer.tickets.create(subject=f"Tent zip {uuid.uuid4().hex[:6]}",
                                     body="The zip is stuck.")
    sign_in(live_server.url, AGENT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_ticket(pilot, app, ticket.id)
        await run_palette(pilot, "status awai", "Set status: awaiting customer")
        await wait(pilot, lambda: customer.tickets.get(ticket.id).status == "pending",
                   "the status set")
        await wait(pilot, lambda: "awaiting customer" in plain(
            screen.query_one("#aticket-head", Static)), "the new status on screen")
        assert "waiting for you" not in screen_text(pilot)  # the customer's words
        assert screen.query_one("#aticket-status", Select).value == "pending"

        await run_palette(pilot, "status clos", "Set status: closed")
        await wait(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        assert customer.tickets.get(ticket.id).status == "pending"  # not before the answer
        await pilot.press("enter")
        await wait(pilot, lambda: customer.tickets.get(ticket.id).status == "closed",
                   "the ticket closed")
        await wait(pilot, lambda: screen.note, "the composer switched to notes")
        await write(pilot, screen, "Unsent thought")
        await pilot.press("ctrl+q")  # not kept anywhere: the first Ctrl+Q only warns
        await wait(pilot, lambda: app.noted("Ctrl+Q again quits"), "the warning")
        assert app.is_running and app.screen is screen


@pytest.fixture
def own_server(server_factory: Any) -> LiveServer:
    server: LiveServer = server_factory()
    return server


async def test_a_failed_send_keeps_the_text_and_a_resend_arrives_once(
        own_server: LiveServer, sign_in: SignIn, app: RecordingApp, api_for: ApiFor) -> None:
    customer = api_for(own_server.url)
    ticket = customer.tickets.create(subject="Headlamp flickers", body="It flickers.")
    sign_in(own_server.url, AGENT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_ticket(pilot, app, ticket.id)
        await write(pilot, screen, "Try fresh batteries first.")
        own_server.stop()
        await pilot.press("ctrl+s")
        composer = screen.query_one("#aticket-composer", TextArea)
        await wait(pilot, lambda: app.notes and not composer.read_only, "the failed send")
        assert composer.text == "Try fresh batteries first."
        own_server.start()
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: app.noted("Reply sent"), "the resent reply")
        bodies = [m.body for m in customer.tickets.get(ticket.id).messages]
        assert bodies.count("Try fresh batteries first.") == 1
        assert composer.text == ""


# --- the inbox: whose chats ----------------------------------------------------------------

class SimulatedAgentServer(LiveServer):
    """A server whose simulated agent (Riley) claims queued chats, one at most at a time."""

    def _command(self) -> list[str]:
        return [*super()._command(), "--simulated-agent", "--simulated-agent-delay", "0.2",
                "--agent-max-chats", "1", "--event-poll", "0.2", "--sse-keepalive", "0.5"]


@pytest.fixture
def riley_server(tmp_path: Path) -> Iterator[LiveServer]:
    server = SimulatedAgentServer(tmp_path / "riley.db")
    server.start()
    yield server
    server.stop()


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def queued_chat(customer: Client, text: str) -> str:
    chat = customer.chats.create()
    customer.chats.send(chat.id, text, client_message_id=str(uuid.uuid4()))
    customer.chats.handoff(chat.id)
    return chat.id


async def test_inbox_yours_are_only_mine_and_another_agents_chat_is_read_only(
        riley_server: LiveServer, sign_in: SignIn, app: RecordingApp, api_for: ApiFor) -> None:
    customer = api_for(riley_server.url)
    me = api_for(riley_server.url, AGENT).agent
    rileys = queued_chat(customer, "my stove leaks")
    until(lambda: customer.chats.get(rileys).state == "assigned", "Riley to take the chat")
    mine = queued_chat(customer, "my tent zip is stuck")  # Riley is at the limit of one
    me.claim(mine)
    me.reply(mine, "Hello, I'm looking at your zip.", client_message_id="m1")
    waiting = queued_chat(customer, "where is my parcel")
    sign_in(riley_server.url, AGENT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: isinstance(app.screen, AgentInboxScreen)  # and composed
                   and app.screen.query_one("#inbox-table", DataTable) is not None,
                   "the agent inbox")
        inbox = app.screen
        table = inbox.query_one("#inbox-table", DataTable)
        await wait(pilot, lambda: table.row_count == 3, "the three chats")
        assert plain(inbox.query_one("#inbox-count", Static)) == \
            "1 waiting · 1 yours · 1 with other agents"
        rows = {str(k.value): [str(c) for c in table.get_row(k)] for k in table.rows}
        assert "you" in rows[mine] and "unassigned" in rows[waiting]
        assert any("Riley" in cell for cell in rows[rileys])

        table.move_cursor(row=table.get_row_index(rileys))
        table.focus()
        await pilot.press("enter")
        await wait(pilot, lambda: isinstance(app.screen, AgentChatScreen)
                   and "Riley" in plain(app.screen.query_one("#agent-banner", Static)),
                   "Riley's chat")
        screen = app.screen
        assert isinstance(screen, AgentChatScreen)
        await wait(pilot, lambda: "Riley (simulated agent)" in "\n".join(
            plain(w) for w in screen.query_one("#agent-log").query(Static)), "Riley's message")
        log = "\n".join(plain(w) for w in screen.query_one("#agent-log").query(Static))
        assert "You" not in [line.split("  ")[0] for line in log.splitlines()]
        assert "read-only" in plain(screen.query_one("#agent-banner", Static))
        assert not screen.query_one("#agent-composer", TextArea).display
        keys = {b.binding.action for b in screen.active_bindings.values()}
        assert not keys & {"send", "transfer", "close_chat", "to_ticket"}
        assert customer.chats.get(rileys).state == "assigned"  # nothing was taken

        await pilot.press("escape")
        await wait(pilot, lambda: app.screen is inbox, "the inbox again")
        table.move_cursor(row=table.get_row_index(mine))
        table.focus()
        await pilot.press("enter")
        await wait(pilot, lambda: isinstance(app.screen, AgentChatScreen)
                   and app.screen.chat_id == mine and app.screen.state == "assigned",
                   "my chat")
        screen = app.screen
        await wait(pilot, lambda: "I'm looking at your zip" in "\n".join(
            plain(w) for w in screen.query_one("#agent-log").query(Static)), "my message")
        log = "\n".join(plain(w) for w in screen.query_one("#agent-log").query(Static))
        assert "You" in [line.split("  ")[0] for line in log.splitlines()]
        assert screen.query_one("#agent-composer", TextArea).display

        await pilot.press("f8")
        await wait(pilot, lambda: isinstance(app.screen, Confirm), "the close question")
        assert customer.chats.get(mine).state == "assigned"  # nothing closed yet
        await pilot.press("enter")
        await wait(pilot, lambda: customer.chats.get(mine).state == "closed", "the chat closed")
