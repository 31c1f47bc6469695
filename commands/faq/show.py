"""`helpdesk faq show`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from helpdesk_cli.state import get_state

if TYPE_CHECKING:
    from rich.console import Console

    from api_client.models import Article


def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ID|SLUG", help="Article id or slug.",
                                       show_default=False)],
) -> None:
    """Read an article (Markdown rendered; paged on a terminal when long)."""
    from helpdesk_cli.session import make_client

    state = get_state(ctx)
    with make_client(state, auth=False) as hd:
        article = hd.faq.get(ref)
    state.out.success(article, render=lambda c: _render(c, article))


def _render(console: Console, article: Article) -> None:
    from rich.markdown import Markdown

    from commands._render import when
    from helpdesk_cli import tty
    from helpdesk_cli.output import safe
    from helpdesk_cli.sanitize import clean

    def body() -> None:
        console.print(safe(article.title, "bold underline"))
        console.print(safe(f"{article.id} · {article.slug} · {article.category.name} · "
                           f"updated {when(article.updated_at)}", "dim"))
        console.print()
        console.print(Markdown(clean(article.body), hyperlinks=False))
        console.print()
        console.print(safe(f"Helpful: {article.helpful_count} yes / "
                           f"{article.not_helpful_count} no.  Vote: helpdesk faq vote "
                           f"{article.id} --helpful", "dim"))
        if article.related:
            console.print(safe("Related:", "bold"))
            for rel in article.related:
                console.print(safe(f"  {rel.id}  {rel.title}"))

    long = article.body.count("\n") + 8 > console.height
    if tty.interactive() and long:
        with console.pager(styles=True):
            body()
    else:
        body()
