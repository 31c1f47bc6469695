"""`helpdesk ticket list`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from commands._common import AllOpt, LimitOpt, parse_statuses, status_completer
from commands.state import get_state

if TYPE_CHECKING:
    from api_client import Client
    from api_client.models import Ticket

STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")
NEW_REPLY = "●"  # a reply from support the customer has not answered yet


def list_tickets(
    ctx: typer.Context,
    status: Annotated[list[str] | None, typer.Option(
        "--status", "-S", metavar="STATUS",
        help="Filter: new, open, pending, on_hold, solved, closed (repeatable or a,b).",
        show_default=False, autocompletion=status_completer(STATUSES))] = None,
    waiting: Annotated[bool, typer.Option(
        "--waiting", "-w", help="Only tickets waiting for your reply (status pending; with "
        "-S, added to those statuses).")] = False,
    limit: LimitOpt = 30,
    all_: AllOpt = False,
) -> None:
    """List your tickets, newest first (by when they were opened)."""
    from commands import tty
    from commands._common import fetch_list, note_more
    from commands._render import ago, when
    from commands._render import status as status_text
    from commands.output import safe
    from helpdesk_cli.tickets import WAITING_STATUSES

    state = get_state(ctx)
    wanted = parse_statuses(status, STATUSES)
    if waiting:
        wanted += [s for s in WAITING_STATUSES if s not in wanted]
    terminal = not state.json and tty.stdout_is_tty()
    with state.client() as hd:
        tickets, cursor = fetch_list(hd.tickets.list, hd.tickets.iter, limit=limit, all_=all_,
                                     status=wanted or None)
        replied = _with_new_replies(hd, tickets) if terminal else set()
    if terminal:  # a person: dates and "2 h ago" leave the subject room at 80 columns
        rows = [[t.id, status_text(t.status), t.priority, safe(t.subject),
                 f"{t.created_at.astimezone():%Y-%m-%d}",
                 safe(f"{NEW_REPLY} {ago(t.updated_at)}", "bold yellow") if t.id in replied
                 else ago(t.updated_at)] for t in tickets]
    else:  # scripts: exact times, the columns of before plus UPDATED at the end
        rows = [[t.id, status_text(t.status), t.priority, safe(t.subject), when(t.created_at),
                 when(t.updated_at)] for t in tickets]

    def render(_c: object) -> None:
        state.out.table(["ID", "STATUS", "PRIORITY", "SUBJECT", "OPENED", "UPDATED"], rows,
                        empty="No tickets.")
        notes = []  # for people at a terminal; piped rows stay alone, like gh
        if replied:
            notes.append(f"{NEW_REPLY} support replied after your last message")
        if terminal and any(t.status in WAITING_STATUSES for t in tickets) and not waiting:
            notes.append("pending: waiting for your reply (list only those with --waiting)")
        if notes:
            state.out.note("; ".join(notes) + ".")
        note_more(state, cursor, "tickets")

    state.out.success({"data": tickets, "next_cursor": cursor}, render=render)


def _with_new_replies(hd: Client, tickets: list[Ticket]) -> set[str]:
    """Ids of the tickets whose last messages are support's, unanswered.

    A ticket in the list does not say who wrote last, so the thread is read, but only where
    a reply can be: not closed, and more than the customer's first message. For people at a
    terminal only; scripts read `ticket show --json`.
    """
    from helpdesk_cli.tickets import new_support_replies

    return {t.id for t in tickets if t.status != "closed" and t.message_count > 1
            and new_support_replies(hd.tickets.get(t.id).messages)}
