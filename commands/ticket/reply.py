"""`helpdesk ticket reply`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import (
    AttachOpt,
    BodyFileOpt,
    BodyOpt,
    EditorOpt,
    PromptInterrupted,
    TicketArg,
    ask_text,
    read_body,
)
from commands.state import AppState, get_state


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
    any_server: Annotated[bool, typer.Option(
        "--any-server", help="With --recover: send a draft written for another server or "
        "profile to the current one.")] = False,
    editor: EditorOpt = False,
) -> None:
    """Add a message to a ticket (a pending or solved ticket goes back to open). On a
    terminal without --body, the text is written in $VISUAL/$EDITOR when one is set."""
    from commands import tty
    from commands.errors import resend_command, usage
    from commands.output import safe
    from commands.ticket._send import send_or_save
    from helpdesk_cli import drafts, submit

    state = get_state(ctx)
    typed = False
    if recover:
        if body is not None or body_file is not None or attach or idempotency_key or editor:
            raise usage("--recover resends the draft as saved; drop --body/--attach.")
        draft = drafts.check_origin(drafts.load(recover), state.resolved, anywhere=any_server)
        if draft.kind != "reply" or draft.ticket_id != ticket_id:
            raise usage(f"Draft {recover} is not a reply to {ticket_id}.",
                        f"use `{resend_command(draft.kind, draft.id, draft.ticket_id)}`")
    else:
        text = read_body(body, body_file)
        files = submit.check_files(list(attach or []))  # before the text is typed
        if not text or not text.strip():
            if not tty.interactive():
                raise usage("A body is required.", "use --body or --body-file - (stdin)")
            if _closed_so_follow_up(ctx, state, ticket_id):
                return
            try:
                text = ask_text(f"Reply to {ticket_id}", editor=editor)
            except PromptInterrupted as exc:
                _keep_typed(state, ticket_id, exc.text, files)
                raise
            typed = True
        submit.check_body(text)
        draft = submit.reply_draft(state.resolved, ticket_id, text, attach=list(attach or []),
                                   idempotency_key=idempotency_key)

    message = send_or_save(state, draft, bool(recover), submit.send_reply, typed=typed)
    state.out.success(message, render=lambda c: c.print(safe(
        f"Replied to {message.ticket_id} (message {message.id}).")))


def _closed_so_follow_up(ctx: typer.Context, state: AppState, ticket_id: str) -> bool:
    """Before asking for a reply, check that the ticket takes one: a closed ticket is final,
    so offer a follow-up ticket instead (True when that was handled here)."""
    from commands.errors import usage
    from commands.ticket.create import create

    with state.client() as hd:
        ticket = hd.tickets.get(ticket_id)
    if ticket.status != "closed":
        return False
    state.out.note(f"{ticket.id} is closed, so it takes no more replies; a follow-up ticket "
                   "links to it.")
    if not typer.confirm("Open a follow-up ticket instead?", default=True, err=True):
        raise usage(f"{ticket.id} is closed.",
                    f"continue in a follow-up: helpdesk ticket create --follow-up-of {ticket.id}")
    create(ctx, subject=None, body=None, body_file=None, priority=None, category=None,
           order=None, follow_up_of=ticket.id, attach=None, idempotency_key=None,
           recover=None, any_server=False, yes=True, editor=False)
    return True


def _keep_typed(state: AppState, ticket_id: str, text: str, files: list[str]) -> None:
    """Ctrl-C while typing the reply: keep what was typed as a draft, and name it."""
    from pathlib import Path

    from commands.errors import resend_command
    from helpdesk_cli import drafts, submit

    if not text.strip():
        return
    draft = submit.reply_draft(state.resolved, ticket_id, text, attach=[Path(f) for f in files])
    drafts.save(draft)
    state.out.note(f"\nInterrupted; what you typed was saved as draft {draft.id}: "
                   f"{resend_command(draft.kind, draft.id, ticket_id)}")
    raise submit.DraftInterrupted(draft.id)
