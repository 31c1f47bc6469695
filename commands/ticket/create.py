"""`helpdesk ticket create`."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from commands._common import (
    AttachOpt,
    BodyFileOpt,
    BodyOpt,
    PromptInterrupted,
    prompt_text,
    read_body,
    ticket_id_param,
)
from commands.state import AppState, get_state

if TYPE_CHECKING:
    from api_client.models import TicketDetail


class Priority(StrEnum):
    """Ticket priorities of the API."""

    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


def create(
    ctx: typer.Context,
    subject: Annotated[str | None, typer.Option("--subject", "-s", help="One-line summary.",
                                                show_default=False)] = None,
    body: BodyOpt = None,
    body_file: BodyFileOpt = None,
    priority: Annotated[Priority | None, typer.Option(
        "--priority", "-p", help="Default: normal.", show_default=False)] = None,
    category: Annotated[str | None, typer.Option(
        "--category", "-c", metavar="TEXT",
        help="Free-text label for the agents (not checked against `faq categories`).",
        show_default=False)] = None,
    order: Annotated[str | None, typer.Option("--order", "-o", metavar="ORDER_ID",
                                              help="The order this is about.",
                                              show_default=False)] = None,
    follow_up_of: Annotated[str | None, typer.Option(
        "--follow-up-of", metavar="TICKET_ID", help="Follow up a closed ticket.",
        show_default=False, callback=ticket_id_param)] = None,
    attach: AttachOpt = None,
    idempotency_key: Annotated[str | None, typer.Option(
        "--idempotency-key", metavar="KEY",
        help="Reuse a key so retries never create a second ticket.", show_default=False)
    ] = None,
    recover: Annotated[str | None, typer.Option(
        "--recover", metavar="DRAFT_ID", help="Resend a draft saved after a failure.",
        show_default=False)] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y",
                                      help="Skip the FAQ suggestions.")] = False,
) -> None:
    """Open a ticket. On a terminal, missing fields are prompted and matching FAQ articles
    are suggested first."""
    from commands import tty
    from commands.errors import resend_command, usage
    from commands.ticket._send import send_or_save
    from helpdesk_cli import drafts, submit

    state = get_state(ctx)
    if recover:
        given = [subject, body, body_file, priority, category, order, follow_up_of, attach,
                 idempotency_key]
        if any(v for v in given):
            raise usage("--recover resends the draft as saved; drop the other options.")
        draft = drafts.load(recover)
        if draft.kind != "ticket":
            raise usage(f"Draft {recover} is a reply.",
                        f"use `{resend_command(draft.kind, draft.id, draft.ticket_id)}`")
    else:
        text = read_body(body, body_file)
        asking = tty.interactive()
        if not subject:
            if not asking:
                raise usage("--subject is required.", "prompts need a terminal")
            subject = typer.prompt("Subject", err=True).strip()
        if not text or not text.strip():
            if not asking:
                raise usage("A body is required.", "use --body or --body-file - (stdin)")
            try:
                text = prompt_text("Describe the problem")
            except PromptInterrupted as exc:
                _keep_typed(state, subject, exc.text, category, order, follow_up_of,
                            priority.value if priority else None)
                raise
            if not text.strip():
                raise usage("A body is required.")
        if asking and not yes and not state.json and _solved_by_faq(state, subject, text):
            return
        draft = submit.ticket_draft(
            state.resolved, subject=subject, body=text,
            priority=priority.value if priority else None, category=category,
            order_id=order, follow_up_of=follow_up_of, attach=list(attach or []),
            idempotency_key=idempotency_key)

    ticket = send_or_save(state, draft, bool(recover), submit.create_ticket)
    _print(state, ticket)


def _keep_typed(state: AppState, subject: str, text: str, category: str | None,
                order: str | None, follow_up_of: str | None, priority: str | None) -> None:
    """Ctrl-C at the body prompt: save what was typed as a draft, and name it."""
    from commands.errors import resend_command
    from helpdesk_cli import drafts, submit

    if not text.strip():
        return
    draft = submit.ticket_draft(state.resolved, subject=subject, body=text, priority=priority,
                                category=category, order_id=order, follow_up_of=follow_up_of)
    drafts.save(draft)
    state.out.note(f"\nInterrupted; what you typed was saved as draft {draft.id}: "
                   f"{resend_command(draft.kind, draft.id)}")
    raise submit.DraftInterrupted(draft.id)


def _solved_by_faq(state: AppState, subject: str, text: str) -> bool:
    """Show up to 3 matching articles and ask whether one solved it (gh-style prompt);
    the one that did gets a helpful vote, so the next person finds it first."""
    from rich.padding import Padding

    from api_client import errors as api_errors
    from commands.output import highlight_marks, safe
    from helpdesk_cli.errors import HelpdeskError
    from helpdesk_cli.suggest import suggest

    with state.client(auth=False) as hd:
        hits = suggest(hd, subject, text)
    if not hits:
        return False
    err = state.out.err_console
    err.print("These articles might answer your question:", markup=False)
    for n, hit in enumerate(hits, 1):
        err.print(safe(f"  {n}. {hit.id}  ", "bold") + safe(hit.title, "bold"))
        err.print(Padding(highlight_marks(hit.snippet), (0, 0, 0, 7)))
    err.print(safe("  Read one with: helpdesk faq show ID", "dim"))
    choices = "1" if len(hits) == 1 else f"1-{len(hits)}"
    while True:
        answer = typer.prompt(f"Did one of these solve your problem? Its number ({choices}), "
                              "or Enter to open the ticket", default="", show_default=False,
                              err=True).strip().lower()
        if answer in ("", "n", "no"):
            return False
        if answer in ("y", "yes"):
            if len(hits) == 1:
                answer = "1"
            else:
                state.out.note(f"Which one? Type its number ({choices}).")
                continue
        picked = [h for n, h in enumerate(hits, 1) if answer in (str(n), h.id.lower())]
        if picked:
            break
        state.out.note(f"Type a number ({choices}), or press Enter to open the ticket.")
    article = picked[0]
    try:
        with state.client() as hd:  # votes are per user
            hd.faq.vote(article.id, helpful=True)
        voted = f"Marked {article.id} as helpful. "
    except (api_errors.ApiError, HelpdeskError):
        voted = ""
    state.out.note(f"Glad it helped. {voted}Your ticket text was not sent; "
                   "no ticket was created.")
    return True


def _print(state: AppState, ticket: TicketDetail) -> None:
    from commands.output import safe

    state.out.success(ticket, render=lambda c: c.print(safe(
        f"Created ticket {ticket.id} ({ticket.status}): {ticket.subject}\n"
        f"Follow it with: helpdesk ticket show {ticket.id}")))
