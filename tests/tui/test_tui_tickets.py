"""Tickets in the TUI against the real server: create with suggestions, reply, close and
reopen, rate, untrusted text, and a server that goes away while someone is typing."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from helpdesk_cli import drafts
from helpdesk_cli.session import Session
from screens.dialogs import Confirm, RateDialog
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.new_ticket import NewTicketScreen
from screens.thread import ThreadScreen
from screens.tickets import TicketsScreen
from tests.helpers import AGENT, LiveServer, sql, ticket_row_id

from .conftest import ApiFor, SignIn
from .tui_helpers import RecordingApp, on_screen, plain, run_palette, screen_text, type_text
from .tui_helpers import wait_until as wait

pytestmark = pytest.mark.anyio


def solved_ticket(server: LiveServer, api_for: ApiFor, subject: str) -> str:
    """A fresh ticket of Alice's, marked solved as an agent would (not possible via the API)."""
    ticket = api_for(server.url).tickets.create(subject=subject, body="It broke.")
    sql(server.db_path, "UPDATE tickets SET status = 'solved' WHERE id = ?",
        ticket_row_id(ticket.id))
    return ticket.id


async def open_thread(pilot: Any, ticket_id: str) -> ThreadScreen:
    """Open a ticket's thread and wait until its messages are shown."""
    pilot.app.push_screen(ThreadScreen(ticket_id))
    await wait(pilot, lambda: pilot.app.screen.ticket is not None, f"thread {ticket_id}")
    screen = pilot.app.screen
    assert isinstance(screen, ThreadScreen)
    return screen


def head(screen: ThreadScreen) -> str:
    return plain(screen.query_one("#thread-head", Static))


def status_of(screen: ThreadScreen) -> str:
    """The status line under the subject ("solved · normal priority · opened …")."""
    return head(screen).splitlines()[1]


def footer(pilot: Any) -> str:
    return screen_text(pilot).splitlines()[-1]


async def test_new_ticket_shows_suggestions_then_appears_in_the_list(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    subject = "My refund has not arrived"
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        await pilot.press("n")
        await wait(pilot, lambda: on_screen(pilot, NewTicketScreen), "the new-ticket form")
        await type_text(pilot, subject)
        suggestions = app.screen.query_one("#suggestions", OptionList)
        await wait(pilot, lambda: suggestions.display and suggestions.option_count > 0,
                   "article suggestions for the subject")
        assert "refund" in screen_text(pilot).lower()
        await pilot.press("enter")  # subject done: on to the description
        await type_text(pilot, "Returned the stove two weeks ago.")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: on_screen(pilot, ThreadScreen)
                   and app.screen.ticket is not None, "the new ticket's thread")
        ticket_id = app.screen.ticket_id
        assert app.noted(f"Ticket {ticket_id} created")
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home again")
        await pilot.press("t")
        await wait(pilot, lambda: on_screen(pilot, TicketsScreen)
                   and ticket_id in app.screen.query_one("#ticket-table", DataTable).rows,
                   "the new ticket in the list")
        row = app.screen.query_one("#ticket-table", DataTable).get_row(ticket_id)
        assert subject in str(row[2])
    created = api_for(alice.url).tickets.get(ticket_id)
    assert created.subject == subject
    assert created.messages[0].body == "Returned the stove two weeks ago."


async def test_a_subject_given_up_front_is_searched_once(
        alice: LiveServer, app: RecordingApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Open a ticket" from the help center or a chat passes the subject along: the form
    shows suggestions for it with one search, not one per way it heard of the subject."""
    import helpdesk_cli.suggest

    asked: list[str] = []
    real = helpdesk_cli.suggest.suggestions

    def counting(client: Any, subject: str, **kwargs: Any) -> Any:
        asked.append(subject)
        return real(client, subject, **kwargs)

    monkeypatch.setattr(helpdesk_cli.suggest, "suggestions", counting)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        app.push_screen(NewTicketScreen(subject="Refund for my cancelled order"))
        await wait(pilot, lambda: on_screen(pilot, NewTicketScreen)
                   and app.screen.query_one("#suggestions", OptionList).option_count,
                   "the suggestions")
        await pilot.pause(0.6)  # twice the typing delay: a second search would have started
        await wait(pilot, lambda: True, "any search still running")
        assert asked == ["Refund for my cancelled order"]
        app.screen.query_one("#subject").focus()
        await pilot.press("end")  # focusing selects the whole subject
        await type_text(pilot, " fast")  # typing still searches again
        await wait(pilot, lambda: len(asked) == 2, "a search for the new subject")
        assert asked[1] == "Refund for my cancelled order fast"


async def test_reply_in_a_thread(alice: LiveServer, app: RecordingApp,
                                 api_for: ApiFor) -> None:
    hd = api_for(alice.url)
    ticket = hd.tickets.create(subject="Zip of my tent is stuck", body="It will not move.")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_thread(pilot, ticket.id)
        composer = screen.query_one("#composer", TextArea)
        assert composer.has_focus
        await type_text(pilot, "Tried soap, still stuck.")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: app.noted("Reply sent.") and composer.text == ""
                   and len(screen.ticket.messages) == 2, "the reply in the thread")
        shown = [plain(m) for m in screen.query(".msg").results(Static)]
        assert "Tried soap, still stuck." in shown[-1]
    assert hd.tickets.get(ticket.id).messages[-1].body == "Tried soap, still stuck."


async def test_reopen_and_close_from_the_palette(alice: LiveServer, app: RecordingApp,
                                                 api_for: ApiFor) -> None:
    ticket_id = solved_ticket(alice, api_for, "Stove will not light")
    hd = api_for(alice.url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_thread(pilot, ticket_id)
        assert "solved" in head(screen)
        await run_palette(pilot, "reopen", "Reopen this ticket")
        await wait(pilot, lambda: app.noted(f"{ticket_id} reopened.")
                   and "open" in head(screen), "the reopened ticket")
        assert hd.tickets.get(ticket_id).status == "open"
        await run_palette(pilot, "close", "Close this ticket")
        await wait(pilot, lambda: on_screen(pilot, Confirm), "the close confirmation")
        await pilot.press("enter")
        await wait(pilot, lambda: app.noted(f"{ticket_id} closed.")
                   and "closed" in head(screen), "the closed ticket")
        assert hd.tickets.get(ticket_id).status == "closed"
        # Closed is for good: a reopen is refused with a notification, not a crash.
        await run_palette(pilot, "reopen", "Reopen this ticket")
        await wait(pilot, lambda: any(n.severity == "error" for n in app.notes),
                   "the refusal to reopen")
        assert app.is_running
    assert hd.tickets.get(ticket_id).status == "closed"


@pytest.mark.parametrize("key", ["f7", "f8"])
async def test_footer_keys_reopen_and_close_from_the_composer(
        key: str, alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    """F7 is also TextArea's "select all": the screen's Reopen must win in the composer.
    Both keys are in the footer at 80 columns, and the close question is shown whole."""
    ticket_id = solved_ticket(alice, api_for, f"Key {key} test")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_thread(pilot, ticket_id)
        await type_text(pilot, "half a reply")
        composer = screen.query_one("#composer", TextArea)
        assert composer.has_focus
        for shown in ("f7 Reopen", "f8 Close", "^s Send", "^n Chat", "^p palette"):
            assert shown in footer(pilot), footer(pilot)
        composer.move_cursor((0, 4))  # the cursor mid-line, as after an edit
        await pilot.press(key)
        assert composer.text == "half a reply", "the key deleted typed text"
        if key == "f8":
            await wait(pilot, lambda: on_screen(pilot, Confirm), "the close confirmation",
                       within=3)
            shown = screen_text(pilot)
            for part in (f"Close {ticket_id} for good? A closed ticket cannot be reopened;",
                         "later questions go in a follow-up."):
                assert part in shown, shown
            await pilot.press("enter")
        word = "open" if key == "f7" else "closed"
        await wait(pilot, lambda: status_of(screen).startswith(word), f"the ticket {word}",
                   within=5)
        assert composer.text == "half a reply"
    assert api_for(alice.url).tickets.get(ticket_id).status == word


async def test_closing_is_told_once(alice: LiveServer, app: RecordingApp,
                                    api_for: ApiFor) -> None:
    """The thread says "T… closed."; the app's live update of the same change ("T… is now
    closed.") is not shown as well. Live updates of changes made elsewhere still are."""
    hd, agent = api_for(alice.url), api_for(alice.url, AGENT)
    probe = hd.tickets.create(subject="Live update probe", body="x")
    ticket = hd.tickets.create(subject="Close me once", body="Done with it.")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        # The live stream tells only what happens after it connected: change a ticket
        # elsewhere until the app tells of it.
        statuses = itertools.cycle(["pending", "open"])
        for _ in range(60):
            agent.agent.set_status(probe.id, next(statuses))
            await pilot.pause(0.5)
            if app.noted(f"{probe.id} is now"):
                break
        assert app.noted(f"{probe.id} is now"), "the live updates never arrived"
        screen = await open_thread(pilot, ticket.id)
        await pilot.press("f8")
        await wait(pilot, lambda: on_screen(pilot, Confirm), "the close confirmation")
        await pilot.press("enter")
        await wait(pilot, lambda: app.noted(f"{ticket.id} closed.")
                   and status_of(screen).startswith("closed"), "the closed ticket")
        await wait(pilot, lambda: app.noted(f"{ticket.id} is now")
                   or not screen._announcing, "the live update of the close")
        told = [n.message for n in app.notes if ticket.id in n.message]
        assert told == [f"{ticket.id} closed."]


async def test_leaving_the_new_ticket_form_keeps_a_draft_that_comes_back(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    """Esc with typed text: a draft (the CLI's), said in a notification, no dialog; `n`
    brings it back, also after a restart; submitting it removes it."""
    subject, body = "Tent pole snapped", "Snapped on the first night."
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        await pilot.press("n")
        await wait(pilot, lambda: on_screen(pilot, NewTicketScreen), "the new-ticket form")
        await type_text(pilot, subject)
        await pilot.press("enter")
        await type_text(pilot, body)
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home again")
        assert app.noted("Kept as a draft")
        kept = [(d.kind, d.subject, d.body) for d in drafts.list_all()]
        assert kept == [("ticket", subject, body)]
        await pilot.press("n")
        await wait(pilot, lambda: on_screen(pilot, NewTicketScreen), "the form again")
        form = app.screen
        assert form.query_one("#subject", Input).value == subject
        assert form.query_one("#body", TextArea).text == body
        await pilot.press("escape")  # unchanged: still the one draft
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        assert len(drafts.list_all()) == 1
    restarted = RecordingApp(Session())  # drafts are files: a new app finds them
    async with restarted.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home after a restart")
        await pilot.press("n")
        await wait(pilot, lambda: on_screen(pilot, NewTicketScreen)
                   and restarted.screen.query_one("#body", TextArea).text == body,
                   "the draft in the form after a restart")
        await type_text(pilot, " Spare pole?")  # the cursor is at the end of the text
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: on_screen(pilot, ThreadScreen)
                   and restarted.screen.ticket is not None, "the new ticket")
        ticket_id = restarted.screen.ticket_id
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home, not the sent form")
        assert not restarted.noted("Kept as a draft")
    assert drafts.list_all() == []
    created = api_for(alice.url).tickets.get(ticket_id)
    assert (created.subject, created.messages[0].body) == (subject, body + " Spare pole?")


async def test_quitting_keeps_what_every_open_form_holds(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    """Ctrl+Q with a reply typed in a thread and a new ticket typed over it: both kept."""
    ticket = api_for(alice.url).tickets.create(subject="Quit test", body="Before quitting.")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        await open_thread(pilot, ticket.id)
        await type_text(pilot, "half a reply")
        app.push_screen(NewTicketScreen())
        await wait(pilot, lambda: on_screen(pilot, NewTicketScreen), "the new-ticket form")
        await type_text(pilot, "Stove will not light")
        await pilot.press("ctrl+q")
        await wait(pilot, lambda: not app.is_running, "the app to quit")
    kept = sorted((d.kind, d.ticket_id or d.subject, d.body) for d in drafts.list_all())
    assert kept == [("reply", ticket.id, "half a reply"), ("ticket", "Stove will not light", "")]


async def test_text_moved_to_a_follow_up_is_not_also_a_reply_draft(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    """A reply draft of a ticket that was closed since: the thread brings it back, Ctrl+S
    moves it to a follow-up form, and left there it is kept once, as the follow-up ticket's
    draft, not also as a reply that could never be sent (a review feared it would be)."""
    from helpdesk_cli import submit

    ticket = solved_ticket(alice, api_for, "Closed for follow-up")
    drafts.save(submit.reply_draft(Session().resolved, ticket, "It broke again"))
    sql(alice.db_path, "UPDATE tickets SET status = 'closed' WHERE id = ?",
        ticket_row_id(ticket))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        screen = await open_thread(pilot, ticket)
        await wait(pilot, lambda: screen.query_one("#composer", TextArea).text
                   == "It broke again", "the reply draft in the composer")
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: on_screen(pilot, NewTicketScreen), "the follow-up form")
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, ThreadScreen), "the thread again")
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
    kept = [(d.kind, d.body, d.follow_up_of) for d in drafts.list_all()]
    assert kept == [("ticket", "It broke again", ticket)]


async def test_leaving_a_thread_keeps_the_reply_as_a_draft_that_comes_back(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    hd = api_for(alice.url)
    ticket = hd.tickets.create(subject="Stove gasket leaks", body="Hisses when lit.")
    other = hd.tickets.create(subject="Another ticket", body="Unrelated.")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        screen = await open_thread(pilot, ticket.id)
        await type_text(pilot, "Photo follows")
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home again")
        assert app.noted("Kept as a draft") and app.noted(ticket.id)
        kept = [(d.kind, d.ticket_id, d.body) for d in drafts.list_all()]
        assert kept == [("reply", ticket.id, "Photo follows")]
        elsewhere = await open_thread(pilot, other.id)  # another ticket's reply is its own
        assert elsewhere.query_one("#composer", TextArea).text == ""
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        screen = await open_thread(pilot, ticket.id)
        composer = screen.query_one("#composer", TextArea)
        assert composer.text == "Photo follows"
        await type_text(pilot, " tomorrow.")  # the cursor is at the end of the kept text
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: app.noted("Reply sent.") and composer.text == "",
                   "the reply sent")
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
    assert drafts.list_all() == []
    assert hd.tickets.get(ticket.id).messages[-1].body == "Photo follows tomorrow."


async def test_the_created_ticket_replaces_the_form_even_under_a_dialog(
        alice: LiveServer, app: RecordingApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Escape from the new ticket's thread goes where the form was opened from, also when
    the answer arrived while something covered the form (here the F1 help)."""
    from helpdesk_cli import submit

    gate = threading.Event()
    real = submit.create_ticket

    def slow_create(*args: Any, **kwargs: Any) -> Any:
        gate.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(submit, "create_ticket", slow_create)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home")
        await pilot.press("n")
        await wait(pilot, lambda: on_screen(pilot, NewTicketScreen), "the new-ticket form")
        await type_text(pilot, "Lantern glass cracked")
        await pilot.press("enter")
        await type_text(pilot, "Arrived cracked.")
        await pilot.press("ctrl+s")
        await pilot.press("f1")
        await pilot.pause()
        assert on_screen(pilot, HelpScreen)
        gate.set()
        await wait(pilot, lambda: app.noted("created"), "the created ticket")
        await pilot.press("escape")  # closes the help
        await wait(pilot, lambda: on_screen(pilot, ThreadScreen), "the new ticket's thread")
        await pilot.press("escape")
        await wait(pilot, lambda: on_screen(pilot, HomeScreen), "home, not the sent form")
        assert not any(isinstance(s, NewTicketScreen) for s in app.screen_stack)
        assert not app.noted("Kept as a draft")
    assert drafts.list_all() == []


async def test_ctrl_g_opens_the_editor_from_the_composer(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_EDITOR", "true")
    ticket = api_for(alice.url).tickets.create(subject="Editor key", body="x")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_thread(pilot, ticket.id)
        await type_text(pilot, "a long story")
        await pilot.press("ctrl+g")
        # Tests cannot suspend the app, so the editor step ends in a notification.
        await wait(pilot, lambda: app.noted("editor"), "the editor step", within=3)


async def test_rate_a_solved_ticket(alice: LiveServer, app: RecordingApp,
                                    api_for: ApiFor) -> None:
    ticket_id = solved_ticket(alice, api_for, "Boots sent in the wrong size")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_thread(pilot, ticket_id)
        await pilot.press("ctrl+t")
        await wait(pilot, lambda: on_screen(pilot, RateDialog), "the rating dialog")
        await pilot.press("enter", "down", "enter")  # open the score list, pick "4 – good"
        await pilot.press("tab")
        await type_text(pilot, "Quick and kind")
        await pilot.press("enter")
        await wait(pilot, lambda: "rated 4/5" in head(screen), "the rating in the header")
        assert app.noted(f"Thanks for rating {ticket_id} 4/5.")
    rating = api_for(alice.url).tickets.get(ticket_id).rating
    assert rating is not None
    assert (rating.score, rating.comment) == (4, "Quick and kind")


async def test_markup_and_control_sequences_from_the_server_are_inert(
        alice: LiveServer, app: RecordingApp, api_for: ApiFor) -> None:
    subject = "[bold red]x[/] \x1b]0;pwned\x07 [link=https://evil.example]y[/link]"
    body = "[reverse]body[/reverse] \x1b[2J\x1b[31mred\x1b[0m :smile:"
    ticket = api_for(alice.url).tickets.create(subject=subject, body=body)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_thread(pilot, ticket.id)
        title = app.title
        shown = head(screen)
        assert "[bold red]x[/]" in shown
        assert "[link=https://evil.example]y[/link]" in shown
        message = plain(screen.query(".msg").results(Static).__next__())
        assert "[reverse]body[/reverse]" in message
        assert ":smile:" in message  # no emoji codes either
        text = screen_text(pilot)
        assert "[bold red]x[/]" in text
        assert "[reverse]body[/reverse]" in text
        for control in ("\x1b", "\x07"):
            assert control not in shown + message + text
        assert app.title == title
        styles = {str(span.style) for span in
                  screen.query_one("#thread-head", Static).content.spans}
        assert not any("red" in s or "link" in s for s in styles), styles


async def test_server_gone_mid_session_keeps_the_text_as_a_draft(
        server_factory: Any, sign_in: SignIn, app: RecordingApp, api_for: ApiFor) -> None:
    server = server_factory()
    sign_in(server.url)
    ticket = api_for(server.url).tickets.create(subject="Lantern flickers", body="Help.")
    typed = "It flickers only when cold."
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_thread(pilot, ticket.id)
        await type_text(pilot, typed)
        server.stop()
        await pilot.press("ctrl+s")
        await wait(pilot, lambda: app.noted("draft"), "the offline notification", within=60)
        assert app.is_running
        note = next(n for n in app.notes if "draft" in n.message)
        assert note.severity == "warning" and note.title == "Offline", note
        composer = screen.query_one("#composer", TextArea)
        assert composer.text == typed
        assert ticket.id in head(screen)  # what was loaded stays on screen
    kept = [d for d in drafts.list_all() if d.kind == "reply"]
    assert [(d.ticket_id, d.body) for d in kept] == [(ticket.id, typed)]
