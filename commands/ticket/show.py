"""`helpdesk ticket show`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from commands._common import TicketArg
from commands.state import get_state

if TYPE_CHECKING:
    from rich.console import Console

    from api_client.models import TicketDetail


def show(
    ctx: typer.Context,
    ticket_id: TicketArg,
) -> None:
    """Show a ticket with its whole thread and attachments."""

    state = get_state(ctx)
    with state.client() as hd:
        ticket = hd.tickets.get(ticket_id)
    state.out.success(ticket, render=lambda c: _render(c, ticket))


MAX_WIDTH = 100  # the same reading measure as `faq show`
NEW_REPLY = "● new reply"  # support wrote after the customer's last message


def _render(console: Console, t: TicketDetail) -> None:
    from rich.console import Group, RenderableType
    from rich.constrain import Constrain
    from rich.rule import Rule

    from commands._render import human_status, size, when
    from commands.output import safe
    from helpdesk_cli.tickets import new_support_replies, status_meaning

    parts: list[RenderableType] = [safe(f"{t.id}  {t.subject}", "bold")]
    status = human_status(t.status)
    if meaning := status_meaning(t.status):
        status += f" ({meaning})"
    meta = (f"status {status} · priority {t.priority} · opened {when(t.created_at)}"
            f" · updated {when(t.updated_at)}")
    if t.category:
        meta += f" · category {t.category}"
    if t.order_id:
        meta += f" · order {t.order_id}"
    if t.follow_up_of:
        meta += f" · follow-up of {t.follow_up_of}"
    if t.rating:
        meta += f" · rated {t.rating.score}/5"
    parts.append(safe(meta, "dim"))
    unanswered = {m.id for m in new_support_replies(t.messages)}
    for m in t.messages:
        parts.append(safe(""))
        title = safe(f"{m.author.name} ({m.author.role}) · {when(m.created_at)}")
        if m.id in unanswered:
            title.append(f" {NEW_REPLY}", "bold yellow")
        parts.append(Rule(title, align="left", style="dim"))
        parts.append(safe(m.body))
        for a in m.attachments:
            parts.append(safe(f"  📎 {a.filename} ({size(a.size)}, {a.content_type}) {a.id}",
                              "cyan"))
    if unanswered and t.status != "closed":
        parts.append(safe(""))
        parts.append(safe(f"Support replied. Answer with: helpdesk ticket reply {t.id}", "dim"))
    if any(m.attachments for m in t.messages):
        parts.append(safe(""))
        parts.append(safe(f"Save the attachments with: helpdesk ticket download {t.id} [ID...]",
                          "dim"))
    # Rules and wrapped bodies stop at a reading measure on a wide terminal.
    console.print(Constrain(Group(*parts), MAX_WIDTH))
