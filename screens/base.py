"""What every screen of the app shares: the way back, reload, and worker error reporting."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from api_client import Client
    from screens.app import HelpdeskApp

PaletteEntry = tuple[str, str, Callable[[], object]]


class BaseScreen(Screen[None]):
    """A screen that loads its data in workers and reports their failures in one place."""

    # List screens show what changed elsewhere (a reply sent, a ticket opened) on return.
    RELOAD_ON_RESUME: ClassVar[bool] = False
    # A composer whose text has no draft on disk (chats, agents' replies): leaving with text
    # in it asks first, and quitting with text in it takes a second Ctrl+Q.
    UNSENT: ClassVar[str | None] = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "reload", "Reload", show=False),
    ]

    @property
    def helpdesk(self) -> HelpdeskApp:
        """The app, typed."""
        from screens.app import HelpdeskApp

        assert isinstance(self.app, HelpdeskApp)
        return self.app

    def api(self) -> Client:
        """The signed-in client; call it from worker threads only (it may read the keyring)."""
        return self.helpdesk.api()

    def on_mount(self) -> None:
        # Textual calls this for every class of the screen, so subclasses that add their own
        # on_mount do not call it again.
        self.after_paint(self.first_load)

    def first_load(self) -> None:
        """Start filling the screen once it is painted; by default what Ctrl+R does."""
        self.reload()

    def after_paint(self, callback: Callable[[], object]) -> None:
        """Run `callback` once this screen's next frame is on its way to the terminal (at
        once when the screen is not shown).

        Workers start this way: a worker thread started before the paint competes with it
        for the interpreter (importing the HTTP stack, building the client), and the screen
        is what a person waits for first (benchmarks/tui_bench.py).
        """
        app = self.helpdesk
        if not app.started:
            # Textual says it is ready once the first frame is out.
            app.when_started(partial(self.call_after_refresh, callback))
            return
        # Textual runs after-refresh callbacks at once when the screen has nothing to paint,
        # and it may not yet have heard from its widgets: marking it dirty makes the callback
        # wait for the frame.
        self.refresh()
        self.call_after_refresh(callback)

    def on_screen_resume(self) -> None:
        if self.RELOAD_ON_RESUME and getattr(self, "_shown_once", False):
            self.reload()
        self._shown_once = True

    def reload(self) -> None:
        """Start the workers that fill this screen; the screen is already painted."""

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        from screens.dialogs import Confirm

        if len(self.app.screen_stack) <= 1:  # Home, at the bottom, stays
            return
        if not self._unsent():
            self.app.pop_screen()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(Confirm("Leave? What you typed has not been sent and is "
                                     "dropped.", "Leave"), confirmed)

    def _unsent(self) -> bool:
        from textual.css.query import NoMatches
        from textual.widgets import TextArea

        if self.UNSENT is None:
            return False
        try:
            return bool(self.query_one(self.UNSENT, TextArea).text.strip())
        except NoMatches:
            return False

    def shows_ticket(self, ticket_id: str) -> bool:
        """Whether this screen shows `ticket_id` (a live update then reloads it)."""
        return self.RELOAD_ON_RESUME  # list screens show every ticket

    def keep_typed(self) -> bool:
        """Keep what was typed here and not sent (as a draft) before the screen goes; False
        when it could not be kept. Screens with a form override it; Esc and quitting call it.
        A screen with an UNSENT composer has nowhere to keep it: False while it holds text."""
        return not self._unsent()

    def announced(self, ticket_id: str, status: str) -> bool:
        """Whether this screen itself told of `ticket_id` becoming `status` (it made the
        change): the app's live update of it then adds no second notification."""
        return False

    def palette_commands(self) -> Iterable[PaletteEntry]:
        """This screen's actions for the command palette: (title, help, callback)."""
        return ()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures are shown (workers run with exit_on_error=False)."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.helpdesk.report(event.worker.error)
        elif event.state is WorkerState.SUCCESS:
            self.helpdesk.back_online()
