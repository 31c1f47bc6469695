"""`helpdesk faq list`."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk_cli.state import get_state


def list_articles(
    ctx: typer.Context,
    category: Annotated[str | None, typer.Option(
        "--category", "-c", metavar="SLUG",
        help="Only this category (slugs: helpdesk faq categories).", show_default=False)
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-L", min=1, max=100,
                                       help="How many articles.")] = 30,
    all_: Annotated[bool, typer.Option("--all", help="Every page, not just the first.")
                    ] = False,
) -> None:
    """Browse the articles by title (no search words needed)."""
    from helpdesk_cli import tty
    from helpdesk_cli.output import safe
    from helpdesk_cli.session import make_client

    state = get_state(ctx)
    with make_client(state, auth=False) as hd:
        if all_:
            articles = list(hd.faq.iter(category=category))
            cursor = None
        else:
            page = hd.faq.list(category=category, limit=limit)
            articles, cursor = page.data, page.next_cursor
    rows = [[a.id, safe(a.title, "bold"), safe(a.category.name)] for a in articles]

    def render(_c: object) -> None:
        state.out.table(["ID", "TITLE", "CATEGORY"], rows, empty="No articles.")
        if cursor and tty.stdout_is_tty():
            state.out.note("More articles exist: use --all or a larger --limit.")
        if rows and tty.stdout_is_tty():
            state.out.note("Read one with: helpdesk faq show ID")

    state.out.success({"data": articles, "next_cursor": cursor}, render=render)
