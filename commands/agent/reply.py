"""`helpdesk agent reply`: answer a chat or a ticket."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, cast

import typer

from commands._common import BodyFileOpt, BodyOpt
from commands.state import get_state

if TYPE_CHECKING:
    from api_client.chat_models import ChatMessage
    from api_client.models import Message, TicketStatus


def text_of(body: str | None, body_file: str | None, label: str) -> str:
    """The text from --body/--body-file, else typed at a terminal; never empty."""
    from commands import tty
    from commands._common import ask_text, read_body
    from commands.errors import usage

    text = read_body(body, body_file)
    if text is None and tty.interactive():
        text = ask_text(label)
    if not (text or "").strip():
        raise usage(f"{label} text is empty.", "pass --body TEXT or --body-file FILE")
    assert text is not None
    return text


def reply(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(
        metavar="ID", help="A chat (ch_12) or a ticket (T1001, or 1001).", show_default=False)],
    body: BodyOpt = None,
    body_file: BodyFileOpt = None,
    status: Annotated[str | None, typer.Option(
        "--status", metavar="STATUS",
        help="Tickets only: set this status with the reply (e.g. pending, solved).",
        show_default=False)] = None,
) -> None:
    """Reply in one of your chats, or publicly on a ticket (the customer sees it)."""
    from commands._common import parse_statuses, ticket_id
    from commands.agent.tickets import STATUSES
    from commands.errors import usage
    from commands.output import safe

    state = get_state(ctx)
    is_chat = target.strip().lower().startswith("ch_")
    if is_chat and status is not None:
        raise usage("--status is for tickets; a chat has no status to set.")
    wanted = parse_statuses([status], STATUSES)[0] if status else None
    text = text_of(body, body_file, "Reply")
    sent: ChatMessage | Message
    with state.client() as hd:
        if is_chat:
            sent = hd.agent.reply(target.strip(), text)
        else:
            sent = hd.agent.reply_ticket(ticket_id(target), text,
                                         status=cast("TicketStatus | None", wanted))
    state.out.success(sent, render=lambda c: c.print(safe(f"Replied ({sent.id}).")))
