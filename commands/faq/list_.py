"""`helpdesk faq list`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import AllOpt, LimitOpt
from commands.state import get_state


def list_articles(
    ctx: typer.Context,
    category: Annotated[str | None, typer.Option(
        "--category", "-c", metavar="SLUG",
        help="Only this category (slugs: helpdesk faq categories).", show_default=False)
    ] = None,
    limit: LimitOpt = 30,
    all_: AllOpt = False,
) -> None:
    """Browse the articles by title (no search words needed)."""
    from commands import tty
    from commands._common import fetch_list, note_more
    from commands.output import safe

    state = get_state(ctx)
    with state.client(auth=False) as hd:
        articles, cursor = fetch_list(hd.faq.list, hd.faq.iter, limit=limit, all_=all_,
                                      category=category)
    rows = [[a.id, safe(a.title, "bold"), safe(a.category.name)] for a in articles]

    def render(_c: object) -> None:
        state.out.table(["ID", "TITLE", "CATEGORY"], rows, empty="No articles.")
        note_more(state, cursor, "articles")
        if rows and tty.stdout_is_tty():
            state.out.note("Read one with: helpdesk faq show ID")

    state.out.success({"data": articles, "next_cursor": cursor}, render=render)
