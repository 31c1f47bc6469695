"""`helpdesk ticket reply`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import (
    AttachOpt,
    BodyFileOpt,
    BodyOpt,
    TicketArg,
    prompt_text,
    read_body,
)
from commands.state import get_state


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
    from commands import tty
    from commands.errors import resend_command, usage
    from commands.output import safe
    from commands.ticket._send import send_or_save
    from helpdesk_cli import drafts, submit

    state = get_state(ctx)
    if recover:
        if body is not None or body_file is not None or attach or idempotency_key:
            raise usage("--recover resends the draft as saved; drop --body/--attach.")
        draft = drafts.load(recover)
        if draft.kind != "reply" or draft.ticket_id != ticket_id:
            raise usage(f"Draft {recover} is not a reply to {ticket_id}.",
                        f"use `{resend_command(draft.kind, draft.id, draft.ticket_id)}`")
    else:
        text = read_body(body, body_file)
        if not text or not text.strip():
            if not tty.interactive():
                raise usage("A body is required.", "use --body or --body-file - (stdin)")
            text = prompt_text("Reply")
            if not text.strip():
                raise usage("A body is required.")
        draft = submit.reply_draft(state.resolved, ticket_id, text, attach=list(attach or []),
                                   idempotency_key=idempotency_key)

    message = send_or_save(state, draft, bool(recover), submit.send_reply)
    state.out.success(message, render=lambda c: c.print(safe(
        f"Replied to {message.ticket_id} (message {message.id}).")))
