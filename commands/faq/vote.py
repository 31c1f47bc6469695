"""`helpdesk faq vote`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands.state import get_state


def vote(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(metavar="ARTICLE_ID", show_default=False)],
    helpful: Annotated[bool | None, typer.Option(
        "--helpful/--not-helpful", help="Was the article helpful? One of the two is required.",
        show_default=False)] = None,
) -> None:
    """Say whether an article helped (one vote per user; voting again replaces it)."""
    from commands.errors import usage

    if helpful is None:  # click's own message would name only --helpful
        raise usage("Say --helpful or --not-helpful.",
                    f"e.g. `helpdesk faq vote {article_id} --helpful`")
    state = get_state(ctx)
    with state.client() as hd:
        result = hd.faq.vote(article_id, helpful)
    state.out.success(result, render=lambda c: state.out.note(
        f"Thanks! {result.article_id}: {result.helpful_count} found it helpful, "
        f"{result.not_helpful_count} did not."))
