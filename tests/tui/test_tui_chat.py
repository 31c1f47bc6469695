"""Live chat in the TUI against the real server: the customer's chat screen (assistant,
handoff, an agent's reply, the connection state) and the agent's inbox with the customer's
context."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from textual.widgets import DataTable, Static, TextArea

from screens.agent import AgentChatScreen, AgentInboxScreen
from screens.chat import ChatScreen
from screens.widgets import FollowLog
from tests.helpers import AGENT, LiveServer

from .conftest import ApiFor, SignIn
from .tui_helpers import RecordingApp, plain, screen_text, type_text
from .tui_helpers import poll_until as wait

pytestmark = pytest.mark.anyio




def log_text(screen: ChatScreen | AgentChatScreen, log: str) -> str:
    return "\n".join(plain(w) for w in screen.query_one(log).query(Static))


async def test_customer_chat_assistant_then_a_person(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ChatScreen(order_id="nw-48102"))
        await wait(pilot, lambda: app.screen.chat_id and app.screen.connection == "connected",
                   "the chat stream")
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        assert "live" in plain(screen.query_one("#chat-banner", Static))
        screen.query_one("#chat-composer", TextArea).focus()
        await type_text(pilot, "where is my parcel")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: "Did that solve it?" in log_text(screen, "#chat-log"),
                   "the assistant's answer")
        assert "where is my parcel" in log_text(screen, "#chat-log")
        assert screen.query_one("#chat-composer", TextArea).text == ""
        assert not screen._session.pending()  # type: ignore[union-attr]  # echoed

        await pilot.press("ctrl+t")  # talk to a person
        await wait(pilot, lambda: screen.chat_state == "queued", "the queue")
        agent = api_for(alice.url, AGENT).agent
        assert screen.chat_id is not None
        packet = agent.claim(screen.chat_id)
        assert packet.context_order is not None and packet.context_order.id == "SO10001"
        agent.reply(screen.chat_id, "Hi, it ships tomorrow.", client_message_id=str(uuid.uuid4()))
        await wait(pilot, lambda: "it ships tomorrow" in log_text(screen, "#chat-log"),
                   "the agent's reply")
        assert screen.chat_state == "assigned"
        assert "With" in plain(screen.query_one("#chat-banner", Static))
        messages = log_text(screen, "#chat-log")
        assert messages.count("it ships tomorrow") == 1  # shown once, however it arrived


async def test_the_log_follows_only_while_at_the_bottom(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    """Scrolled up to read, new messages do not move the log; a marker counts them and Ctrl+B
    jumps to them; sending a message goes to the bottom."""
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ChatScreen(order_id="SO10001"))
        await wait(pilot, lambda: app.screen.connection == "connected", "the chat stream")
        screen = app.screen
        assert isinstance(screen, ChatScreen) and screen.chat_id is not None
        log = screen.query_one("#chat-log", FollowLog)
        below = screen.query_one("#chat-below", Static)
        screen.query_one("#chat-composer", TextArea).insert("where is my parcel")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: "Ctrl+O opens: KB201" in screen_text(pilot),
                   "the end of the answer on screen")
        assert log.max_scroll_y > 0 and log.scroll_y == log.max_scroll_y

        await pilot.press("ctrl+t")
        await wait(pilot, lambda: screen.chat_state == "queued", "the queue")
        agent = api_for(alice.url, AGENT).agent
        agent.claim(screen.chat_id)
        await wait(pilot, lambda: "joined the chat" in screen_text(pilot), "the agent joining")
        log.scroll_home(animate=False)
        await wait(pilot, lambda: log.scroll_y == 0 and not log.following, "scrolled up")
        agent.reply(screen.chat_id, "Your parcel left today.", client_message_id="a1")
        await wait(pilot, lambda: "1 new message below" in plain(below), "the marker")
        await pilot.pause(0.2)
        assert log.scroll_y == 0 and "Your parcel left today." not in screen_text(pilot)

        await pilot.press("ctrl+b")
        await wait(pilot, lambda: "Your parcel left today." in screen_text(pilot),
                   "the newest message on screen")
        assert log.scroll_y == log.max_scroll_y and plain(below) == ""

        log.scroll_home(animate=False)
        await wait(pilot, lambda: not log.following, "scrolled up again")
        screen.query_one("#chat-composer", TextArea).insert("great, thanks")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: "great, thanks" in screen_text(pilot).split("left today.")[-1],
                   "the sent message on screen")
        assert log.following and plain(below) == ""


async def test_cited_articles_open_and_an_ended_chat_offers_only_what_is_left(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    from screens.article import ArticleScreen
    from screens.chat import ArticlePicker

    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ChatScreen(order_id="SO10001"))
        await wait(pilot, lambda: app.screen.connection == "connected", "the chat stream")
        screen = app.screen
        assert isinstance(screen, ChatScreen) and screen.chat_id is not None
        assert "^o" not in screen_text(pilot).splitlines()[-1]  # nothing cited yet
        screen.query_one("#chat-composer", TextArea).insert("where is my parcel")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: "Ctrl+O opens: KB201 · KB606 · KB210" in screen_text(pilot),
                   "the cited articles")
        await pilot.press("ctrl+o")
        await wait(pilot, lambda: isinstance(app.screen, ArticlePicker), "the article picker")
        await pilot.press("enter")  # the best match of the newest answer comes first
        await wait(pilot, lambda: isinstance(app.screen, ArticleScreen)
                   and "Track your order" in screen_text(pilot), "article KB201")
        await pilot.press("escape")
        await wait(pilot, lambda: app.screen is screen, "back in the chat")

        # Typed, then "talk to a person" at once: the question goes along.
        screen.query_one("#chat-composer", TextArea).insert("and can I change the address?")
        await pilot.press("ctrl+t")
        await wait(pilot, lambda: screen.chat_state == "queued"
                   and "change the address" in log_text(screen, "#chat-log"),
                   "the question sent with the handoff")
        assert screen.query_one("#chat-composer", TextArea).text == ""
        footer = screen_text(pilot).splitlines()[-1]
        assert "Talk to a person" not in footer and "f8 End chat" in footer

        agent = api_for(alice.url, AGENT).agent
        agent.claim(screen.chat_id)
        agent.close(screen.chat_id)
        await wait(pilot, lambda: screen.chat_state == "closed"
                   and app.focused is screen.query_one("#chat-rate"),
                   "the ended chat, asking for a rating")
        footer = screen_text(pilot).splitlines()[-1]
        assert "End chat" not in footer and "^s" not in footer
        assert "live" not in plain(screen.query_one("#chat-banner", Static))


async def test_leaving_a_chat_with_an_unsent_message_asks_first(
        alice: LiveServer, app: RecordingApp) -> None:
    """A chat message has no draft on disk: Esc with one typed asks; Ctrl+Q warns once."""
    from screens.dialogs import Confirm
    from screens.home import HomeScreen

    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ChatScreen())
        await wait(pilot, lambda: app.screen.connection == "connected", "the chat stream")
        screen = app.screen
        screen.query_one("#chat-composer", TextArea).insert("half a question")
        await pilot.press("escape")
        await wait(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        await pilot.press("escape")  # no: stay, the text still there
        await wait(pilot, lambda: app.screen is screen, "the chat again")
        assert screen.query_one("#chat-composer", TextArea).text == "half a question"
        await pilot.press("ctrl+q")
        await wait(pilot, lambda: app.noted("Ctrl+Q again quits anyway"), "the warning")
        assert app.is_running
        await pilot.press("escape")
        await wait(pilot, lambda: isinstance(app.screen, Confirm), "the question again")
        await pilot.press("enter")  # Leave
        await wait(pilot, lambda: isinstance(app.screen, HomeScreen), "home")


async def test_server_text_in_palette_titles_is_inert(
        alice: LiveServer, app: RecordingApp) -> None:
    """A cited article's title reaches the command palette, which reads titles as markup:
    "[/]" in one crashed the palette's worker and the app."""
    from textual.command import CommandPalette

    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ChatScreen())
        await wait(pilot, lambda: app.screen.connection == "connected", "the chat stream")
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        screen.cited["KB999"] = "Broken [/] title [bold red]x\x1b[2J"
        await pilot.press("ctrl+p")
        await wait(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"KB999")
        await wait(pilot, lambda: "Open KB999 Broken [/] title [bold red]x" in screen_text(pilot),
                   "the title, as text")
        assert "\x1b" not in screen_text(pilot)
        await pilot.press("escape")
        await wait(pilot, lambda: app.screen is screen, "the chat again")


async def test_agent_inbox_takes_a_chat_and_shows_the_customer(
        live_server: LiveServer, sign_in: SignIn, app: RecordingApp, api_for: ApiFor) -> None:
    customer = api_for(live_server.url)
    chat = customer.chats.create(order_id="SO10001")
    customer.chats.send(chat.id, "my boots are too small", client_message_id="c1")
    customer.chats.handoff(chat.id)
    sign_in(live_server.url, AGENT)
    async with app.run_test(size=(120, 40)) as pilot:
        # Pushed is not yet composed: wait for the table itself (CI once queried too soon).
        await wait(pilot, lambda: isinstance(app.screen, AgentInboxScreen)
                   and app.screen.query_one("#inbox-table", DataTable) is not None,
                   "the agent inbox")
        inbox = app.screen
        table = inbox.query_one("#inbox-table", DataTable)
        await wait(pilot, lambda: chat.id in [k.value for k in table.rows], "the queued chat")
        table.move_cursor(row=table.get_row_index(chat.id))
        table.focus()
        await pilot.press("enter")
        await wait(pilot, lambda: isinstance(app.screen, AgentChatScreen)
                   and "Alice Martin" in plain(app.screen.query_one("#agent-context", Static)),
                   "the handoff packet")
        screen = app.screen
        assert isinstance(screen, AgentChatScreen)
        assert "my boots are too small" in log_text(screen, "#agent-log")
        assert "About order" in plain(screen.query_one("#agent-context", Static))
        assert customer.chats.get(chat.id).state == "assigned"  # the screen claimed it


async def test_server_restart_mid_chat_shows_reconnecting_and_loses_nothing(
        server_factory: Any, sign_in: SignIn, app: RecordingApp) -> None:
    server = server_factory()
    sign_in(server.url)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ChatScreen())
        await wait(pilot, lambda: app.screen.connection == "connected", "the chat stream")
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        server.stop()
        await wait(pilot, lambda: screen.connection in ("reconnecting", "offline"),
                   "the reconnecting state")
        banner = plain(screen.query_one("#chat-banner", Static))
        assert "reconnecting" in banner or "offline" in banner, banner
        screen.query_one("#chat-composer", TextArea).insert("typed while offline")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: "sending" in plain(screen.query_one("#chat-pending", Static)),
                   "the pending message")
        server.start()  # same port, same database
        await wait(pilot, lambda: "typed while offline" in log_text(screen, "#chat-log")
                   and not screen._session.pending(),  # type: ignore[union-attr]
                   "the message sent after the reconnect")
        assert screen.connection == "connected"
        assert log_text(screen, "#chat-log").count("typed while offline") == 1
