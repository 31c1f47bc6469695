"""`helpdesk ticket watch`: follow a ticket live until it is solved or closed."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from commands._common import TicketArg
from commands.state import get_state

if TYPE_CHECKING:
    from api_client import ConnectionState
    from commands.state import AppState

FINAL = ("solved", "closed")


def watch(
    ctx: typer.Context,
    ticket_id: TicketArg,
    exit_status: Annotated[bool, typer.Option(
        "--exit-status", help="Exit with status 1 unless the ticket ends solved "
        "(closed without being solved, like a failed run in `gh run watch`).")] = False,
) -> None:
    """Print new replies and status changes as they happen, until solved or closed.

    With --json, one JSON object per event and line (the API's Event). A lost connection
    is resumed without missing anything; a server gone for HELPDESK_TIMEOUT seconds
    (default 30) ends the watch with exit code 6.
    """
    from commands.waiting import deadline

    state = get_state(ctx)
    found = state.session.require_tokens()
    limit = deadline()
    client = state.session.client(found=found)  # no overall deadline: a watch runs long
    with client:
        # The stream first, then the ticket: nothing that happens in between is missed.
        stream = client.events.stream(give_up_after=limit if limit > 0 else None,
                                      on_state=lambda s: _connection(state, s))
        with stream:
            ticket = client.tickets.get(ticket_id)
            status = ticket.status
            state.out.note(f"Watching {ticket.id} ({_words(status)}): {ticket.subject} "
                           "· Ctrl-C to stop")
            for event in ([] if status in FINAL else stream):
                if getattr(event, "ticket_id", None) != ticket.id:
                    continue
                _show(state, event)
                new = getattr(event, "status", None) if event.type == "ticket_status" else None
                if new is not None:
                    status = new
                    if status in FINAL:
                        break
    state.out.note(f"{ticket.id} is {_words(status)}.")
    if exit_status and status != "solved":
        raise typer.Exit(1)


def _words(status: str) -> str:
    return status.replace("_", " ")


def _show(state: AppState, event: Any) -> None:
    """One event: a JSON line for scripts, a few readable lines for people."""
    if state.json:
        from commands.output import to_jsonable

        sys.stdout.write(json.dumps(to_jsonable(event), sort_keys=True, ensure_ascii=True)
                         + "\n")
        sys.stdout.flush()
        return
    from commands._render import when
    from commands.output import safe

    console = state.out.console
    if event.type == "ticket_message":
        m = event.message
        console.print(safe(f"{m.author.name} ({m.author.role}) · {when(m.created_at)}",
                           "bold"))
        console.print(safe(m.body))
        for a in m.attachments:
            console.print(safe(f"  📎 {a.filename} ({a.size} bytes) {a.id}", "cyan"))
    elif event.type == "ticket_status":
        before = f"{_words(event.previous_status)} → " if event.previous_status else ""
        console.print(safe(f"status: {before}{_words(event.status)} · "
                           f"{when(event.created_at)}", "yellow"))


def _connection(state: AppState, connection: ConnectionState) -> None:
    """Say on stderr when the live connection drops and comes back (people only)."""
    messages = {"reconnecting": "Connection lost; reconnecting…",
                "offline": "Still offline; retrying…"}
    text = messages.get(str(connection))
    if text:
        state.out.note(text)
