"""`helpdesk faq show`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from commands.state import get_state

MAX_WIDTH = 100

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from api_client.models import Article


def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ARTICLE_ID|SLUG", help="Article id or slug.",
                                       show_default=False)],
) -> None:
    """Read an article (Markdown rendered; paged on a terminal when long)."""

    state = get_state(ctx)
    with state.client(auth=False) as hd:
        article = hd.faq.get(ref)
    state.out.success(article, render=lambda c: render_article(c, article))


def render_article(console: Console, article: Article) -> None:
    """The article for people: rendered Markdown on a terminal (paged when long), the
    Markdown source as it is when piped, so no character is cut or padded away."""
    from rich.constrain import Constrain
    from rich.markdown import Markdown
    from rich.text import Text

    from commands import pager, tty
    from commands._render import when
    from commands.output import safe
    from helpdesk_cli.sanitize import clean

    parts: list[RenderableType] = [
        safe(article.title, "bold underline"),
        safe(f"{article.id} · {article.slug} · {article.category.name} · "
             f"updated {when(article.updated_at)}", "dim"),
        Text(),
        # Prose reads best at a bounded measure, whatever the terminal's width; piped, the
        # source itself (Rich would wrap lists and cut table cells at 80 columns).
        Constrain(Markdown(clean(article.body), hyperlinks=False), MAX_WIDTH)
        if tty.stdout_is_tty() else safe(article.body.strip("\n")),
        Text(),
        safe(f"Helpful: {article.helpful_count} yes / {article.not_helpful_count} no.  "
             f"Vote: helpdesk faq vote {article.id} --helpful", "dim"),
    ]
    if article.related:
        parts.append(safe("Related:", "bold"))
        parts += [safe(f"  {rel.id}  {rel.title}") for rel in article.related]
    pager.print_paged(console, *parts, page=tty.interactive())
