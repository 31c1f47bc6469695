"""`helpdesk agent queue|claim|close|transfer|to-ticket`: the agent's chats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from commands._common import AllOpt, LimitOpt
from commands.state import get_state

if TYPE_CHECKING:
    from rich.console import Console

    from api_client.chat_models import AgentChat, Handoff

ChatArg = Annotated[str, typer.Argument(metavar="CHAT_ID", help="ch_12, or just 12.",
                                        show_default=False)]
QUEUE_STATES = ("queued", "assigned")


def queue(
    ctx: typer.Context,
    chat: Annotated[str | None, typer.Argument(
        metavar="[CHAT_ID]", help="Show this chat's handoff packet instead.",
        show_default=False)] = None,
    state_filter: Annotated[list[str] | None, typer.Option(
        "--state", "-s", metavar="STATE", help="queued or assigned (default both).",
        show_default=False)] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only chats assigned to you.")] = False,
    limit: LimitOpt = 20,
    all_: AllOpt = False,
) -> None:
    """The chat queue: waiting chats (longest first), then assigned ones."""
    from commands._common import fetch_list, note_more, parse_statuses
    from commands.chat.show import chat_id

    state = get_state(ctx)
    if chat is not None:
        with state.client() as hd:
            packet = hd.agent.chat(chat_id(chat))
        state.out.success(packet, render=lambda c: render_handoff(c, packet))
        return
    wanted = parse_statuses(state_filter, QUEUE_STATES) or None
    with state.client() as hd:
        chats, cursor = fetch_list(hd.agent.queue, hd.agent.iter_queue, limit=limit,
                                   all_=all_, state=wanted, mine=mine or None)

    def render(_c: object) -> None:
        state.out.table(["ID", "STATE", "CUSTOMER", "WAITING", "AGENT", "ABOUT", "LAST MESSAGE"],
                        [_row(c) for c in chats], right=("WAITING",),
                        empty="Nobody is waiting.")
        note_more(state, cursor, "chats")

    state.out.success({"data": chats, "next_cursor": cursor}, render=render)


def _row(c: AgentChat) -> list[object]:
    from commands.output import safe

    waiting = "" if c.waiting_seconds is None else _duration(c.waiting_seconds)
    last = c.last_message.body[:50] if c.last_message else ""
    return [c.id, c.state, safe(c.customer.name), waiting, safe(c.agent.name if c.agent else ""),
            c.ticket_id or c.order_id or "", safe(last)]


def _duration(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def claim(ctx: typer.Context, chat: ChatArg) -> None:
    """Take a waiting chat; shows its handoff packet (transcript, account, context)."""
    from commands.chat.show import chat_id

    state = get_state(ctx)
    with state.client() as hd:
        packet = hd.agent.claim(chat_id(chat))
    state.out.success(packet, render=lambda c: render_handoff(c, packet))


def close(ctx: typer.Context, chat: ChatArg) -> None:
    """Close one of your chats (the customer is asked for a rating)."""
    _simple(ctx, chat, "close", "closed")


def transfer(ctx: typer.Context, chat: ChatArg) -> None:
    """Send one of your chats back to the queue, near its front."""
    _simple(ctx, chat, "transfer", "back in the queue")


def _simple(ctx: typer.Context, chat: str, action: str, done: str) -> None:
    from commands.chat.show import chat_id
    from commands.output import safe

    state = get_state(ctx)
    with state.client() as hd:
        result = getattr(hd.agent, action)(chat_id(chat))
    state.out.success(result, render=lambda c: c.print(safe(f"{result.id} is {done}.")))


def to_ticket(
    ctx: typer.Context,
    chat: ChatArg,
    subject: Annotated[str | None, typer.Option(
        "--subject", help="The ticket's subject (default: from the chat).",
        show_default=False)] = None,
) -> None:
    """Turn a chat into a ticket of its customer, with the whole transcript."""
    from commands.chat.show import chat_id
    from commands.output import safe

    state = get_state(ctx)
    with state.client() as hd:
        ticket = hd.agent.to_ticket(chat_id(chat), subject=subject)
    state.out.success(ticket, render=lambda c: c.print(safe(
        f"{ticket.id} opened from the chat: {ticket.subject}")))


def render_handoff(console: Console, h: Handoff) -> None:
    """The packet an agent reads before answering: who, about what, what was said."""
    from commands._render import when
    from commands.output import safe

    console.print(safe(f"{h.id} · {h.state} · {h.customer.name} <{h.customer.email}>", "bold"))
    if h.context_ticket:
        t = h.context_ticket
        console.print(safe(f"about ticket {t.id}: {t.subject} ({t.status})"))
    if h.context_order:
        o = h.context_order
        console.print(safe(f"about order {o.id} ({o.number}, {o.status})"))
    if h.open_tickets:
        console.print(safe("open tickets: " + ", ".join(
            f"{t.id} {t.subject}" for t in h.open_tickets), "dim"))
    if h.recent_orders:
        console.print(safe("recent orders: " + ", ".join(
            f"{o.id} ({o.status})" for o in h.recent_orders), "dim"))
    for m in h.messages:
        console.print(safe(f"{m.author.name} ({m.author.role}) · {when(m.created_at)}", "dim"))
        console.print(safe(m.body))
        for a in m.articles:
            console.print(safe(f"  cited {a.id} {a.title}", "cyan"))
