"""`helpdesk ticket rate`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import TicketArg
from commands.state import get_state


def rate(
    ctx: typer.Context,
    ticket_id: TicketArg,
    score: Annotated[int, typer.Argument(metavar="SCORE", min=1, max=5,
                                         help="1 (bad) to 5 (great).", show_default=False)],
    comment: Annotated[str | None, typer.Option(
        "--comment", "-m", metavar="TEXT", help="A word for the team. Rating again without "
        "-m keeps the earlier comment; -m \"\" removes it.", show_default=False)] = None,
) -> None:
    """Rate the support on a solved or closed ticket (changeable for 14 days)."""
    from commands.output import safe

    state = get_state(ctx)
    with state.client() as hd:
        if comment is None:
            # The API replaces the whole rating, so a new score alone would wipe the comment
            # written the first time: resend it unless -m says otherwise.
            earlier = hd.tickets.get(ticket_id).rating
            comment = earlier.comment if earlier is not None else None
        rating = hd.tickets.rate(ticket_id, score, comment=comment)
    state.out.success(rating, render=lambda c: c.print(safe(
        f"Rated {ticket_id} {rating.score}/5. Thank you!")))
