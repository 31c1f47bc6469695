"""`helpdesk ticket reply`."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

import typer

from commands._common import (
    AttachOpt,
    BodyFileOpt,
    BodyOpt,
    TicketArg,
    prompt_text,
    read_body,
)
from helpdesk_cli.state import get_state

if TYPE_CHECKING:
    from api_client import Client
    from api_client.models import Message


def reply(
    ctx: typer.Context,
    ticket_id: TicketArg,
    body: BodyOpt = None,
    body_file: BodyFileOpt = None,
    attach: AttachOpt = None,
    idempotency_key: Annotated[str | None, typer.Option(
        "--idempotency-key", metavar="KEY",
        help="Reuse a key so retries never post the reply twice.", show_default=False)
    ] = None,
    recover: Annotated[str | None, typer.Option(
        "--recover", metavar="DRAFT_ID", help="Resend a draft saved after a failure.",
        show_default=False)] = None,
) -> None:
    """Add a message to a ticket (a pending or solved ticket goes back to open)."""
    from commands.ticket._send import check_files, send_or_save
    from helpdesk_cli import drafts, tty
    from helpdesk_cli.errors import usage
    from helpdesk_cli.output import safe

    state = get_state(ctx)
    if recover:
        if body is not None or body_file is not None or attach or idempotency_key:
            raise usage("--recover resends the draft as saved; drop --body/--attach.")
        draft = drafts.load(recover)
        if draft.kind != "reply" or draft.ticket_id != ticket_id:
            raise usage(f"Draft {recover} is not a reply to {ticket_id}.",
                        f"use `{draft.resend_command()}`")
    else:
        text = read_body(body, body_file)
        if not text or not text.strip():
            if not tty.interactive():
                raise usage("A body is required.", "use --body or --body-file - (stdin)")
            text = prompt_text("Reply")
            if not text.strip():
                raise usage("A body is required.")
        r = state.resolved
        draft = drafts.Draft(kind="reply", ticket_id=ticket_id, body=text,
                             idempotency_key=idempotency_key or str(uuid.uuid4()),
                             server=r.server,
                             profile=r.profile,
                             attach=check_files(list(attach or [])))

    def send(hd: Client) -> Message:
        return hd.tickets.reply(ticket_id, draft.body,
                                attachment_ids=tuple(draft.attachment_ids),
                                idempotency_key=draft.idempotency_key)

    message = send_or_save(state, draft, bool(recover), send)
    state.out.success(message, render=lambda c: c.print(safe(
        f"Replied to {message.ticket_id} (message {message.id}).")))
