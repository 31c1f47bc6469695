"""`helpdesk agent search-gaps`: what customers search for and do not find."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import LimitOpt
from commands.state import get_state


def search_gaps(
    ctx: typer.Context,
    days: Annotated[int, typer.Option("--days", "-d", min=1, max=365,
                                      help="Look back this many days.")] = 30,
    limit: LimitOpt = 20,
) -> None:
    """The searches that most often found nothing, or nothing helpful: articles to write."""
    from commands.output import safe

    state = get_state(ctx)
    with state.client() as hd:
        page = hd.faq.search_gaps(days=days, limit=limit)
    rows = [[safe(g.query, "bold"), str(g.searches), str(g.no_results), str(g.not_helped),
             str(g.tickets), str(g.helped), g.last_seen] for g in page.data]

    def render(_c: object) -> None:
        state.out.table(["SEARCH", "TIMES", "NO RESULT", "NOT HELPED", "TICKETS", "HELPED",
                         "LAST SEEN"], rows, right=("TIMES", "NO RESULT", "NOT HELPED",
                                                    "TICKETS", "HELPED"),
                        empty=f"No unanswered searches in the last {days} days.")

    state.out.success({"data": page.data, "next_cursor": page.next_cursor}, render=render)
