"""`helpdesk faq search`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands.state import get_state


def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(metavar="QUERY...", help="Words to look for.",
                                               show_default=False)],
    category: Annotated[str | None, typer.Option(
        "--category", "-c", metavar="SLUG", help="Only this category.", show_default=False)
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-L", min=1, max=100,
                                       help="How many results.")] = 10,
) -> None:
    """Search articles, best match first (matched words highlighted)."""
    from commands.errors import usage

    state = get_state(ctx)
    q = " ".join(query).strip()
    if not q:
        raise usage("The search query is empty.")
    with state.client(auth=False) as hd:
        page = hd.faq.search(q, category=category, limit=limit)

    def render(_c: object) -> None:
        from commands.output import highlight_marks, safe

        rows = [[hit.id, safe(hit.title, "bold"), safe(hit.category.name),
                 highlight_marks(hit.snippet)] for hit in page.data]
        if page.did_you_mean and page.data:
            state.out.note(f"Nothing matched {q!r}; showing results for "
                           f"{page.did_you_mean!r}.")
        state.out.table(["ID", "TITLE", "CATEGORY", "MATCH"], rows,
                        empty=f"No articles match {q!r}.", leading=1)

    state.out.success({"data": page.data, "next_cursor": page.next_cursor,
                       "did_you_mean": page.did_you_mean, "search_id": page.search_id},
                      render=render)
