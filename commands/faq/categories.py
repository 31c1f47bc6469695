"""`helpdesk faq categories`."""

from __future__ import annotations

import typer

from commands.state import get_state


def categories(ctx: typer.Context) -> None:
    """List the knowledge-base categories."""
    from commands import tty
    from commands.output import safe

    state = get_state(ctx)
    with state.client(auth=False) as hd:
        cats = hd.faq.categories()
    rows = [[c.slug, safe(c.name, "bold"), str(c.article_count), safe(c.description)]
            for c in cats]

    def render(_c: object) -> None:
        state.out.table(["SLUG", "NAME", "ARTICLES", "DESCRIPTION"], rows)
        if rows and tty.stdout_is_tty():
            state.out.note("Browse one with: helpdesk faq list --category SLUG")

    state.out.success({"data": cats, "next_cursor": None}, render=render)
