"""Orders in the TUI: "Get help with this order" as a ticket that carries it, or a return."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable, Input, Select

from screens.dialogs import OrderHelp, ReturnDialog
from screens.home import HomeScreen
from screens.new_ticket import NewTicketScreen
from screens.order_detail import OrderDetailScreen
from screens.orders import OrdersScreen
from screens.thread import ThreadScreen
from tests.helpers import LiveServer

from .conftest import ApiFor, SignIn
from .tui_helpers import RecordingApp, on_screen, type_text
from .tui_helpers import wait_until as wait

pytestmark = pytest.mark.anyio


async def open_order_help(pilot: Any) -> OrderDetailScreen:
    """On a loaded order's screen, press h for the help dialog."""
    screen = pilot.app.screen
    assert isinstance(screen, OrderDetailScreen)
    await wait(pilot, lambda: screen.order is not None, "the order")
    await pilot.press("h")
    await wait(pilot, lambda: on_screen(pilot, OrderHelp), "the order-help dialog")
    return screen


async def test_order_help_opens_a_ticket_that_carries_the_order(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        await pilot.press("o")
        await wait(pilot, lambda: on_screen(pilot, OrdersScreen)
                   and app.screen.query_one("#order-table", DataTable).row_count > 0,
                   "the orders")
        await pilot.press("enter")
        await wait(pilot, lambda: on_screen(pilot, OrderDetailScreen), "the order")
        order = (await open_order_help(pilot)).order
        assert order is not None
        await pilot.click("#ticket")
        await wait(pilot, lambda: on_screen(pilot, NewTicketScreen), "the new-ticket form")
        assert app.screen.query_one("#subject", Input).value == f"Help with order {order.number}"
        await type_text(pilot, "One item is missing from the box.")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: on_screen(pilot, ThreadScreen)
                   and app.screen.ticket is not None, "the new ticket")
        ticket_id = app.screen.ticket_id
    ticket = api_for(alice.url).tickets.get(ticket_id)
    assert ticket.order_id == order.id
    assert ticket.messages[0].body == "One item is missing from the box."


async def test_return_request_from_an_order(server_factory: Any, sign_in: SignIn,
                                            app: RecordingApp, api_for: ApiFor) -> None:
    server = server_factory()  # a return changes the order: not on the shared server
    sign_in(server.url)
    hd = api_for(server.url)
    order = next(iter(hd.orders.list(status="delivered").data))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(OrderDetailScreen(order.id))
        await open_order_help(pilot)
        await pilot.click("#return")
        await wait(pilot, lambda: on_screen(pilot, ReturnDialog), "the return dialog")
        dialog = app.screen
        first = dialog.query(Select).first()
        first.focus()
        await pilot.press("enter", "down", "enter")  # quantity 1 of the first item
        assert first.value == 1
        dialog.query_one("#reason", Input).focus()
        await type_text(pilot, "Too small")
        await pilot.press("enter")
        await wait(pilot, lambda: app.noted("requested; follow it on ticket"),
                   "the return's confirmation")
    detail = hd.orders.get(order.id)
    assert [(r.reason, r.ticket_id is not None) for r in detail.returns][-1] == ("Too small", True)
