"""`helpdesk chat list`: your chats, newest first."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import AllOpt, LimitOpt, fetch_list, note_more
from commands.state import get_state

STATES = ("assistant", "queued", "assigned", "closed")


def list_chats(
    ctx: typer.Context,
    state_filter: Annotated[list[str] | None, typer.Option(
        "--state", "-s", metavar="STATE",
        help=f"Only chats in this state ({', '.join(STATES)}); repeatable or comma-separated.",
        show_default=False)] = None,
    limit: LimitOpt = 20,
    all_: AllOpt = False,
) -> None:
    """List your chats with support, newest first."""
    from commands._common import parse_statuses
    from commands._render import when
    from commands.output import safe

    state = get_state(ctx)
    wanted = parse_statuses(state_filter, STATES) or None
    with state.client() as hd:
        chats, cursor = fetch_list(hd.chats.list, hd.chats.iter, limit=limit, all_=all_,
                                   state=wanted)

    def render(_c: object) -> None:
        rows = []
        for c in chats:
            about = c.ticket_id or c.order_id or ""
            last = c.last_message.body if c.last_message else ""
            rows.append([c.id, c.state, safe(c.agent.name if c.agent else ""), about,
                         when(c.updated_at), safe(last[:60])])
        state.out.table(["ID", "STATE", "AGENT", "ABOUT", "UPDATED", "LAST MESSAGE"], rows,
                        empty="No chats yet: start one with `helpdesk chat`.")
        note_more(state, cursor, "chats")

    state.out.success({"data": chats, "next_cursor": cursor}, render=render)
