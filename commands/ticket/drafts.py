"""`helpdesk ticket drafts`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from commands.state import get_state


def drafts(
    ctx: typer.Context,
    discard: Annotated[str | None, typer.Option(
        "--discard", metavar="DRAFT_ID", help="Delete a draft instead of listing.",
        show_default=False)] = None,
    all_: Annotated[bool, typer.Option(
        "--all", help="Drafts of every server and profile, not just the current one.")
    ] = False,
    show: Annotated[str | None, typer.Option(
        "--show", metavar="DRAFT_ID", help="Print a draft's text (e.g. to fix and resend it).",
        show_default=False)] = None,
) -> None:
    """List tickets and replies saved after a failed send, with the command to resend each."""
    from commands.errors import resend_command
    from commands.output import safe
    from helpdesk_cli import drafts as store

    state = get_state(ctx)
    if discard:
        store.load(discard)  # not-found error for unknown ids
        store.delete(discard)
        state.out.success({"discarded": discard},
                          render=lambda c: state.out.note(f"Discarded draft {discard}."))
        return
    if show:
        draft = store.load(show)
        state.out.success(asdict(draft), render=lambda c: c.print(safe(
            (f"Subject: {draft.subject}\n\n" if draft.subject else "") + draft.body)))
        return
    items = store.list_all(None if all_ else state.resolved)
    data = [{**asdict(d), "resend_command": resend_command(d.kind, d.id, d.ticket_id)}
            for d in items]
    rows = [[d.id, d.kind, safe(d.subject if d.kind == "ticket" else f"reply to {d.ticket_id}"),
             _saved(d.created_at), resend_command(d.kind, d.id, d.ticket_id)] for d in items]
    state.out.success({"data": data, "next_cursor": None}, render=lambda c: state.out.table(
        ["DRAFT", "KIND", "ABOUT", "SAVED", "RESEND WITH"], rows, empty="No drafts."))


def _saved(stamp: str) -> str:
    """The draft's RFC 3339 UTC time as people read times (local zone, named)."""
    from datetime import datetime

    from commands._render import when

    try:
        return when(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
    except ValueError:
        return stamp
