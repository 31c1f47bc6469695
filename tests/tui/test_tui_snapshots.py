"""SVG snapshots of every main screen at 80×24 and 120×40, with deterministic data.

Each test gets its own seeded server whose demo data is dated from a fixed clock
(HELPDESK_SEED_CLOCK, see conftest), so no other test's writes and no date show. Local
times are UTC and cursors do not blink (conftest). The loopback port differs per run, so it
is masked where a screen shows the server URL. Regenerate with
`pytest tests/tui/test_tui_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from helpdesk_cli.session import Session
from screens.account import AccountScreen
from screens.article import ArticleScreen
from screens.faq import FaqScreen
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.new_ticket import NewTicketScreen
from screens.order_detail import OrderDetailScreen
from screens.orders import OrdersScreen
from screens.signin import SignInScreen
from screens.thread import ThreadScreen
from screens.tickets import TicketsScreen
from tests.helpers import LiveServer

from .conftest import SignIn
from .tui_helpers import RecordingApp, on_screen, screen_text
from .tui_helpers import wait_until as wait

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SnapCompare = Callable[..., bool]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


def rows(pilot: Pilot[Any], selector: str) -> int:
    return pilot.app.screen.query_one(selector, DataTable).row_count


def options(pilot: Pilot[Any], selector: str) -> int:
    return pilot.app.screen.query_one(selector, OptionList).option_count


def shows(pilot: Pilot[Any], selector: str, part: str) -> bool:
    content = pilot.app.screen.query_one(selector, Static).content
    return part in (content.plain if isinstance(content, Text) else str(content))


def tables_measured(pilot: Pilot[Any]) -> bool:
    """Whether every table's columns are as wide as their widest cell: DataTable sizes its
    columns when idle, so a capture right after `add_row` can show header-wide columns."""
    for table in pilot.app.screen.query(DataTable):
        for key, column in table.columns.items():
            cells = [Text(cell) if isinstance(cell, str) else cell
                     for cell in table.get_column(key)]
            widest = max((c.cell_len for c in cells if isinstance(c, Text)), default=0)
            if column.content_width < widest:
                return False
    return True


async def wait_painted(pilot: Pilot[Any]) -> None:
    """Wait until two paints in a row agree: a table can still be repainting with its
    measured widths after they were computed."""
    previous = ""
    for _ in range(50):
        await pilot.pause(0.05)
        current = screen_text(pilot)
        if current == previous:
            return
        previous = current
    raise AssertionError("the screen kept changing")


def mask_port(pilot: Pilot[Any], server: LiveServer) -> None:
    """Replace the run's loopback port with a fixed same-length word (styles kept)."""
    port = str(server.port)
    for static in pilot.app.screen.query(Static):
        content = static.content
        if isinstance(content, Text) and port in content.plain:
            masked = content.copy()
            masked.plain = content.plain.replace(port, "P" * len(port))
            static.update(masked)


async def home(pilot: Pilot[Any]) -> None:
    await wait(pilot, lambda: on_screen(pilot, HomeScreen)
               and shows(pilot, "#greeting", "Hello") and rows(pilot, "#home-orders"), "home")


async def faq(pilot: Pilot[Any]) -> None:
    await home(pilot)
    pilot.app.push_screen(FaqScreen("refund"))
    await wait(pilot, lambda: on_screen(pilot, FaqScreen) and options(pilot, "#faq-results")
               and options(pilot, "#faq-categories"), "FAQ results")


async def article(pilot: Pilot[Any]) -> None:
    await faq(pilot)
    await pilot.press("enter", "enter")
    await wait(pilot, lambda: on_screen(pilot, ArticleScreen)
               and pilot.app.screen.article is not None, "the article")


async def tickets(pilot: Pilot[Any]) -> None:
    await home(pilot)
    await pilot.press("t")
    await wait(pilot, lambda: on_screen(pilot, TicketsScreen) and rows(pilot, "#ticket-table"),
               "the ticket list")


async def thread(pilot: Pilot[Any]) -> None:
    await home(pilot)
    pilot.app.push_screen(ThreadScreen("T1004"))  # the seeded ticket waiting for Alice
    await wait(pilot, lambda: on_screen(pilot, ThreadScreen)
               and pilot.app.screen.ticket is not None, "the thread")


async def new_ticket(pilot: Pilot[Any]) -> None:
    await home(pilot)
    pilot.app.push_screen(NewTicketScreen(subject="Refund for my cancelled order"))
    await wait(pilot, lambda: on_screen(pilot, NewTicketScreen)
               and options(pilot, "#suggestions"), "the suggestions")


async def account(pilot: Pilot[Any]) -> None:
    await home(pilot)
    await pilot.press("a")
    await wait(pilot, lambda: on_screen(pilot, AccountScreen)
               and shows(pilot, "#login-source", "Signed in"), "the account")


async def orders(pilot: Pilot[Any]) -> None:
    await home(pilot)
    await pilot.press("o")
    await wait(pilot, lambda: on_screen(pilot, OrdersScreen) and rows(pilot, "#order-table"),
               "the orders")


async def order_detail(pilot: Pilot[Any]) -> None:
    await orders(pilot)
    await pilot.press("enter")
    await wait(pilot, lambda: on_screen(pilot, OrderDetailScreen)
               and pilot.app.screen.order is not None, "the order")


async def help_keys(pilot: Pilot[Any]) -> None:
    await home(pilot)
    await pilot.press("f1")
    await wait(pilot, lambda: on_screen(pilot, HelpScreen), "the help")


SCREENS: dict[str, Steps] = {
    "home": home, "faq": faq, "article": article, "tickets": tickets, "thread": thread,
    "new_ticket": new_ticket, "account": account, "orders": orders,
    "order_detail": order_detail, "help": help_keys,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", SCREENS)
def test_screen(name: str, size: tuple[int, int], clocked_server: LiveServer,
                sign_in: SignIn, snap_compare: SnapCompare) -> None:
    """A signed-in screen with the seeded demo data."""
    sign_in(clocked_server.url)

    async def steps(pilot: Pilot[Any]) -> None:
        await SCREENS[name](pilot)
        await wait(pilot, lambda: tables_measured(pilot), "the tables' column widths")
        await wait_painted(pilot)
        mask_port(pilot, clocked_server)
        pilot.app.clear_notifications()  # toasts are transient, and timed

    assert snap_compare(RecordingApp(Session()), terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
def test_sign_in(size: tuple[int, int], monkeypatch: pytest.MonkeyPatch,
                 snap_compare: SnapCompare) -> None:
    """No credentials: the sign-in screen (for a fixed server URL; nothing is sent)."""
    monkeypatch.setenv("HELPDESK_SERVER", "https://help.example.com")

    async def steps(pilot: Pilot[Any]) -> None:
        await wait(pilot, lambda: on_screen(pilot, SignInScreen), "the sign-in screen")
        pilot.app.clear_notifications()

    assert snap_compare(RecordingApp(Session()), terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
def test_chat(size: tuple[int, int], clocked_server: LiveServer, sign_in: SignIn,
              monkeypatch: pytest.MonkeyPatch, snap_compare: SnapCompare) -> None:
    """The chat screen after a question and the assistant's answer (message times are real
    time, so they are shown as the seed clock's)."""
    import screens.chat

    monkeypatch.setattr(screens.chat, "when", lambda _dt: "2026-11-24 10:15")
    sign_in(clocked_server.url)

    async def steps(pilot: Pilot[Any]) -> None:
        from textual.widgets import TextArea

        await home(pilot)
        pilot.app.push_screen(screens.chat.ChatScreen(order_id="NW-48102"))
        await wait(pilot, lambda: pilot.app.screen.connection == "connected", "the stream")
        pilot.app.screen.query_one("#chat-composer", TextArea).insert("where is my parcel")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: any("Did that solve it?" in str(w.content)
                                      for w in pilot.app.screen.query(".msg")),
                   "the assistant's answer")
        await wait_painted(pilot)
        pilot.app.clear_notifications()

    assert snap_compare(RecordingApp(Session()), terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
def test_agent_inbox(size: tuple[int, int], clocked_server: LiveServer, sign_in: SignIn,
                     monkeypatch: pytest.MonkeyPatch, snap_compare: SnapCompare) -> None:
    """Signed in as the agent: the inbox with a customer's chat waiting."""
    import screens.agent
    from api_client import Client
    from tests.helpers import AGENT, ALICE, login_token

    monkeypatch.setattr(screens.agent, "waited", lambda _s: "1 min")
    with Client(clocked_server.url, token=login_token(clocked_server.url, ALICE)) as alice:
        chat = alice.chats.create(order_id="SO10001")
        alice.chats.handoff(chat.id)
    sign_in(clocked_server.url, AGENT)

    async def steps(pilot: Pilot[Any]) -> None:
        await wait(pilot, lambda: on_screen(pilot, screens.agent.AgentInboxScreen)
                   and rows(pilot, "#inbox-table"), "the agent inbox")
        await wait(pilot, lambda: tables_measured(pilot), "the tables' column widths")
        await wait_painted(pilot)
        pilot.app.clear_notifications()

    assert snap_compare(RecordingApp(Session()), terminal_size=size, run_before=steps)


async def agent_inbox(pilot: Pilot[Any]) -> None:
    import screens.agent

    await wait(pilot, lambda: on_screen(pilot, screens.agent.AgentInboxScreen)
               and shows(pilot, "#inbox-count", "waiting"), "the agent inbox")


async def agent_ticket_queue(pilot: Pilot[Any]) -> None:
    import screens.agent

    await agent_inbox(pilot)
    await pilot.press("t")
    await wait(pilot, lambda: on_screen(pilot, screens.agent.AgentTicketsScreen)
               and rows(pilot, "#agent-tickets"), "the ticket queue")


async def agent_ticket(pilot: Pilot[Any]) -> None:
    from screens.agent_ticket import AgentTicketScreen

    await agent_ticket_queue(pilot)
    await pilot.press("down", "enter")  # T1004: awaiting the customer, with an agent reply
    await wait(pilot, lambda: on_screen(pilot, AgentTicketScreen)
               and pilot.app.screen.ticket is not None, "the agent's ticket screen")
    pilot.app.screen.query_one("#aticket-thread").scroll_end(animate=False)


AGENT_SCREENS: dict[str, Steps] = {"ticket_queue": agent_ticket_queue, "ticket": agent_ticket}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", AGENT_SCREENS)
def test_agent_screen(name: str, size: tuple[int, int], clocked_server: LiveServer,
                      sign_in: SignIn, monkeypatch: pytest.MonkeyPatch,
                      snap_compare: SnapCompare) -> None:
    """Signed in as the agent: the ticket queue, and a ticket with an internal note (the
    note's time is real time, so the ticket screen shows every time as the seed clock's)."""
    import screens.agent_ticket
    from api_client import Client
    from tests.helpers import AGENT, login_token

    monkeypatch.setattr(screens.agent_ticket, "when", lambda _dt: "2026-11-24 10:15")
    with Client(clocked_server.url, token=login_token(clocked_server.url, AGENT)) as agent:
        agent.agent.note("T1004", "UPS redirect requested, reference 1Z-DEMO.")
    sign_in(clocked_server.url, AGENT)

    async def steps(pilot: Pilot[Any]) -> None:
        await AGENT_SCREENS[name](pilot)
        await wait(pilot, lambda: tables_measured(pilot), "the tables' column widths")
        await wait_painted(pilot)
        pilot.app.clear_notifications()

    assert snap_compare(RecordingApp(Session()), terminal_size=size, run_before=steps)
