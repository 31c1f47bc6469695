"""`helpdesk chat show ID`: a chat's transcript."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from commands.state import get_state

if TYPE_CHECKING:
    from rich.console import Console

    from api_client.chat_models import ChatDetail

ChatArg = Annotated[str, typer.Argument(metavar="CHAT_ID", help="ch_12, or just 12.",
                                        show_default=False)]


def chat_id(value: str) -> str:
    """`12` and `ch_12` mean the same chat: people copy the number."""
    text = value.strip()
    return f"ch_{text}" if text.isascii() and text.isdigit() else text


def show(ctx: typer.Context, chat: ChatArg) -> None:
    """Show a chat's transcript: the assistant's answers, the agent's and yours."""
    state = get_state(ctx)
    with state.client() as hd:
        detail = hd.chats.get(chat_id(chat))
    state.out.success(detail, render=lambda c: render_transcript(c, detail))


def render_transcript(console: Console, chat: ChatDetail) -> None:
    from rich.console import Group, RenderableType
    from rich.constrain import Constrain
    from rich.rule import Rule

    from commands._render import when
    from commands.output import safe

    meta = f"{chat.id} · {chat.state} · started {when(chat.created_at)}"
    if chat.agent:
        meta += f" · agent {chat.agent.name}"
    for label, value in (("ticket", chat.ticket_id), ("order", chat.order_id),
                         ("became ticket", chat.converted_ticket_id)):
        if value:
            meta += f" · {label} {value}"
    if chat.rating:
        meta += f" · rated {chat.rating.score}/5"
    parts: list[RenderableType] = [safe(meta, "bold")]
    for m in chat.messages:
        parts.append(Rule(safe(f"{m.author.name} ({m.author.role}) · {when(m.created_at)}"),
                          align="left", style="dim"))
        parts.append(safe(m.body))
        for a in m.articles:
            parts.append(safe(f"  {a.id} {a.title}  (helpdesk faq show {a.id})", "cyan"))
    console.print(Constrain(Group(*parts), 100))
