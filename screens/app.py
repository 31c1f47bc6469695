"""The helpdesk TUI: one Textual app over the same core as the CLI.

Screens never talk HTTP themselves: they call the core (`helpdesk_cli`) and the typed client
from thread workers, so the UI never waits on the network or the keyring.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType

from helpdesk_cli.errors import Action, Kind
from helpdesk_cli.session import Session
from screens.errors import describe

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from api_client import Client
    from api_client.models import User

# Where each area lives; the palette, the home screen and the help list all use this table.
AREAS = {
    "home": ("Home", "Open tickets, recent orders and search"),
    "faq": ("Help center", "Search and browse the FAQ"),
    "tickets": ("Tickets", "Your support tickets and drafts"),
    "new_ticket": ("New ticket", "Ask support for help"),
    "orders": ("Orders", "Order history, shipments and returns"),
    "account": ("Account", "Profile, password and personal tokens"),
    "chat": ("Chat with us", "The assistant answers first, then a person"),
    "inbox": ("Agent inbox", "Agents: queued and assigned chats, the ticket queue"),
}


QUIT_AGAIN_WITHIN = 5.0  # seconds: a second Ctrl+Q after a warning quits anyway
OFFLINE = "offline · what you see may be out of date · Ctrl+R retries"


class HelpdeskApp(App[None]):
    """Help desk and account self-service, full screen."""

    TITLE = "helpdesk"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, session: Session | None = None, *,
                 chat: tuple[str | None, str | None] | None = None,
                 notice: str | None = None) -> None:
        """`chat` = (order id, ticket id): open straight on a chat about them; `notice`:
        told once the app is up (the demo says how to reach its server from elsewhere)."""
        super().__init__()
        self.session = session or Session()
        self.start_chat = chat
        self.notice = notice
        self.user: User | None = None
        self._client: Client | None = None
        self._client_lock = threading.Lock()
        self._theme_loaded = False
        self._watching = False
        self.started = False  # Textual's start is over: frames reach the terminal
        self._quit_warned = -QUIT_AGAIN_WITHIN  # when Ctrl+Q last warned of unkept text
        self._on_start: list[Callable[[], object]] = []

    # --- the signed-in client -------------------------------------------------------------

    def api(self) -> Client:
        """The client of the signed-in session, built on first use in a worker thread."""
        with self._client_lock:
            if self._client is None:
                self._client = self.session.client()
            return self._client

    def forget_client(self) -> None:
        """After signing in or out (or switching profile): the next call builds a new one."""
        with self._client_lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    # --- start, theme, failures ----------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        """Home is the bottom of the stack. (Under a blank default screen it was repainted
        whole whenever that one was touched, as after the first push.)"""
        from screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self._load_theme()
        if self.start_chat is not None:
            from screens.chat import ChatScreen

            order_id, ticket_id = self.start_chat
            self.push_screen(ChatScreen(order_id=order_id, ticket_id=ticket_id))

    def on_ready(self) -> None:
        """The first frame is painted: what waited for it (screens' first loads) runs."""
        self.started = True
        if self.notice:  # on Home's toast rack (there is none yet at mount)
            self.notify(self.notice, timeout=20, markup=False)
        waiting, self._on_start = self._on_start, []
        for callback in waiting:
            callback()

    def when_started(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the app's start is over (at once when it is)."""
        if self.started:
            callback()
        else:
            self._on_start.append(callback)

    def _load_theme(self) -> None:
        """Apply the theme kept in the config (a local file: no network)."""
        from helpdesk_cli import config
        from helpdesk_cli.errors import HelpdeskError

        try:
            saved = config.load().theme
        except HelpdeskError as exc:
            self.notify(exc.message, severity="warning", markup=False)
            saved = None
        if saved and saved in self.available_themes:
            self.theme = saved
        self._theme_loaded = True

    def watch_theme(self, theme: str) -> None:
        if self._theme_loaded:
            self._save_theme(theme)

    @work(thread=True, exclusive=True, group="theme", exit_on_error=False)
    def _save_theme(self, theme: str) -> None:
        from helpdesk_cli import config

        cfg = config.load()
        cfg.theme = theme
        config.save(cfg)

    def report(self, exc: BaseException) -> None:
        """Show a worker's failure; a lost login leads to the sign-in screen."""
        problem = describe(exc)
        if problem.bug:
            self.log.error(repr(exc))
        if getattr(exc, "code", None) == "not-logged-in":
            self.show_sign_in()  # the sign-in screen says it; a notification would repeat it
            return
        if problem.kind is Kind.UNAVAILABLE:
            self.sub_title = OFFLINE  # stays in the header until a request succeeds again
        severity: SeverityLevel = "warning" if problem.kind is Kind.UNAVAILABLE else "error"
        self.notify(problem.text, title="Offline" if problem.kind is Kind.UNAVAILABLE else "",
                    severity=severity, markup=False, timeout=8)
        if problem.kind is Kind.AUTH and problem.action is Action.LOGIN:
            self.show_sign_in()

    def back_online(self) -> None:
        """A request succeeded: drop the offline marker."""
        if self.sub_title == OFFLINE:
            self.sub_title = ""

    # --- live ticket updates ----------------------------------------------------------------

    def watch_tickets(self) -> None:
        """Once signed in as a customer: notify replies and status changes of your tickets
        while the app is open (and refresh the screen that shows that ticket)."""
        if not self._watching:
            self._watching = True
            self._watch_tickets()

    @work(exclusive=True, group="ticket-events", exit_on_error=False)
    async def _watch_tickets(self) -> None:
        client = self.session.async_client()
        try:
            stream = await client.events.stream(wait_for_server=True)
            async for event in stream:
                self._ticket_event(event)
        finally:
            self._watching = False
            await client.aclose()

    def _ticket_event(self, event: object) -> None:
        from helpdesk_cli.sanitize import one_line
        from screens.base import BaseScreen
        from screens.text import STATUS_WORDS

        kind = getattr(event, "type", None)
        ticket = one_line(str(getattr(event, "ticket_id", "") or ""))
        if kind == "ticket_message":
            message = getattr(event, "message", None)
            author = getattr(message, "author", None)
            if message is None or getattr(author, "role", "customer") == "customer":
                return  # our own reply: nothing new to tell
            name = one_line(getattr(author, "name", "Support"))
            self.notify(f"{name}: {one_line(getattr(message, 'body', ''))[:140]}",
                        title=f"New reply on {ticket}", markup=False, timeout=10)
        elif kind == "ticket_status":
            status = str(getattr(event, "status", ""))
            told = isinstance(self.screen, BaseScreen) and self.screen.announced(ticket, status)
            if not told:
                self.notify(f"{ticket} is now {STATUS_WORDS.get(status, status)}.",
                            title="Ticket update", markup=False, timeout=8)
        else:
            return
        screen = self.screen
        if isinstance(screen, BaseScreen) and screen.shows_ticket(ticket):
            screen.reload()

    def stop_watching(self) -> None:
        self.workers.cancel_group(self, "ticket-events")
        self._watching = False

    def show_sign_in(self) -> None:
        """Ask for credentials (once, however many workers found the login missing)."""
        from screens.signin import SignInScreen

        if not any(isinstance(s, SignInScreen) for s in self.screen_stack):
            self.stop_watching()
            self.forget_client()
            self.push_screen(SignInScreen())

    def signed_in(self, user: User) -> None:
        """Called by the sign-in screen: back to where the person was, with fresh data."""
        from screens.base import BaseScreen

        self.user = user
        self.forget_client()
        self.pop_screen()
        if isinstance(self.screen, BaseScreen):
            self.screen.reload()

    # --- navigation and the palette ---------------------------------------------------------

    def action_go(self, area: str) -> None:
        """Open an area on top of Home (Home itself clears the stack back to it)."""
        if area == "home":
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        if not self.area_is_for_me(area):
            # Refused here, not by a 403 after the screen opened (which stranded customers
            # in an empty inbox whose Escape stays put).
            who = "agents" if area == "inbox" else "customers"
            self.notify(f"{AREAS[area][0]} is for {who}.", severity="warning", markup=False)
            return
        self.push_screen(make_area(area))

    def area_is_for_me(self, area: str) -> bool:
        """The inbox is the agents'; a chat is opened by customers (agents take them)."""
        role = self.user.role if self.user is not None else None
        if area == "inbox":
            return role == "agent"
        return not (area == "chat" and role == "agent")

    async def action_quit(self) -> None:
        """Ctrl+Q keeps unsent text on every open form as a draft first, as Esc does (the
        screens' widgets are gone by their unmount). When one cannot be kept, a second
        Ctrl+Q quits anyway."""
        from screens.base import BaseScreen

        kept = all([screen.keep_typed() for screen in reversed(self.screen_stack)
                    if isinstance(screen, BaseScreen)])
        now = time.monotonic()
        if not kept and now - self._quit_warned > QUIT_AGAIN_WITHIN:
            self._quit_warned = now
            self.notify("Not everything typed could be kept; Ctrl+Q again quits anyway.",
                        severity="warning", markup=False)
            return
        await super().action_quit()

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the app and of the current screen, not only Textual's own."""
        from screens.base import BaseScreen

        for key, (title, help_text) in AREAS.items():
            if not self.area_is_for_me(key):
                continue
            yield SystemCommand(f"Go to {title}", help_text,
                                partial(self.action_go, key))
        if isinstance(screen, BaseScreen):
            from textual.markup import escape

            from helpdesk_cli.sanitize import one_line

            # The palette reads titles as markup, and a screen's titles can carry server
            # text (a cited article's title): "[/]" in one crashed the palette's worker.
            for title, help_text, callback in screen.palette_commands():
                yield SystemCommand(escape(one_line(title)), escape(one_line(help_text)),
                                    callback)
        yield SystemCommand("Help: keys", "Every key binding of this screen", self.action_help)
        yield SystemCommand("Sign out", "Revoke this session and forget the token",
                            self.sign_out)
        yield from super().get_system_commands(screen)

    def sign_out(self) -> None:
        from screens.dialogs import Confirm

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._sign_out()

        self.push_screen(Confirm("Sign out and forget the stored token?", "Sign out"),
                         confirmed)

    @work(thread=True, exclusive=True, group="auth", exit_on_error=False)
    def _sign_out(self) -> None:
        from helpdesk_cli import auth

        self.forget_client()
        done = auth.sign_out(self.session)
        self.call_from_thread(self._signed_out, done.warning)

    def _signed_out(self, warning: str | None) -> None:
        self.user = None
        if warning:
            self.notify(warning, severity="warning", markup=False)
        self.notify("Signed out.", markup=False)
        self.show_sign_in()

    def on_worker_state_changed(self, event: object) -> None:
        """Workers of the app itself (theme, sign-out) report like every screen's."""
        from textual.worker import Worker, WorkerState

        if (isinstance(event, Worker.StateChanged) and event.state is WorkerState.ERROR
                and event.worker.error is not None):
            self.report(event.worker.error)


def make_area(area: str) -> Screen[None]:
    """A fresh screen for an area of AREAS."""
    from screens.account import AccountScreen
    from screens.agent import AgentInboxScreen
    from screens.chat import ChatScreen
    from screens.faq import FaqScreen
    from screens.new_ticket import NewTicketScreen
    from screens.orders import OrdersScreen
    from screens.tickets import TicketsScreen

    factories: dict[str, Callable[[], Screen[None]]] = {
        "faq": FaqScreen, "tickets": TicketsScreen, "new_ticket": NewTicketScreen,
        "orders": OrdersScreen, "account": AccountScreen, "chat": ChatScreen,
        "inbox": AgentInboxScreen}
    return factories[area]()
