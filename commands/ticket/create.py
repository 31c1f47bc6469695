"""`helpdesk ticket create`."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from commands._common import (
    AttachOpt,
    BodyFileOpt,
    BodyOpt,
    EditorOpt,
    PromptInterrupted,
    ask_text,
    id_completer,
    read_body,
    ticket_id_param,
)
from commands.state import AppState, get_state

if TYPE_CHECKING:
    from api_client.models import TicketDetail
    from helpdesk_cli import drafts


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
    order: Annotated[str | None, typer.Option(
        "--order", "-o", metavar="ORDER_ID", help="The order this is about.",
        show_default=False, autocompletion=id_completer("orders"))] = None,
    follow_up_of: Annotated[str | None, typer.Option(
        "--follow-up-of", metavar="TICKET_ID", help="Follow up a closed ticket (checked "
        "first: an open one takes a reply instead).",
        show_default=False, callback=ticket_id_param,
        autocompletion=id_completer("tickets"))] = None,
    attach: AttachOpt = None,
    idempotency_key: Annotated[str | None, typer.Option(
        "--idempotency-key", metavar="KEY",
        help="Reuse a key so retries never create a second ticket.", show_default=False)
    ] = None,
    recover: Annotated[str | None, typer.Option(
        "--recover", metavar="DRAFT_ID", help="Resend a draft saved after a failure.",
        show_default=False)] = None,
    any_server: Annotated[bool, typer.Option(
        "--any-server", help="With --recover: send a draft written for another server or "
        "profile to the current one.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y",
                                      help="Skip the FAQ suggestions.")] = False,
    editor: EditorOpt = False,
) -> None:
    """Open a ticket. On a terminal, missing fields are asked for (the description in
    $VISUAL/$EDITOR when one is set) and matching FAQ articles are suggested first."""
    from commands import tty
    from commands.errors import resend_command, usage
    from commands.ticket._send import send_or_save
    from helpdesk_cli import drafts, submit

    state = get_state(ctx)
    typed = False
    if recover:
        given = [subject, body, body_file, priority, category, order, follow_up_of, attach,
                 idempotency_key, editor]
        if any(v for v in given):
            raise usage("--recover resends the draft as saved; drop the other options.")
        draft = drafts.check_origin(drafts.load(recover), state.resolved, anywhere=any_server)
        if draft.kind != "ticket":
            raise usage(f"Draft {recover} is a reply.",
                        f"use `{resend_command(draft.kind, draft.id, draft.ticket_id)}`")
    else:
        text = read_body(body, body_file)
        asking = tty.interactive()
        if subject is not None:
            subject = submit.check_subject(subject)  # before anything else is asked
        if text is not None and text.strip():
            submit.check_body(text)
        if follow_up_of:
            _check_follow_up(state, follow_up_of)  # before any text is asked for
        if not subject:
            if not asking:
                raise usage("--subject is required.", "prompts need a terminal")
            subject = _ask_subject(state)
        if not text or not text.strip():
            if not asking:
                raise usage("A body is required.", "use --body or --body-file - (stdin)")
            try:
                text = ask_text("Describe the problem", editor=editor)
            except PromptInterrupted as exc:
                _keep_typed(state, subject, exc.text, category, order, follow_up_of,
                            priority.value if priority else None)
                raise
            typed = True
            submit.check_body(text)
        draft = submit.ticket_draft(
            state.resolved, subject=subject, body=text,
            priority=priority.value if priority else None, category=category,
            order_id=order, follow_up_of=follow_up_of, attach=list(attach or []),
            idempotency_key=idempotency_key)
        if asking and not yes and not state.json:
            try:
                if _solved_by_faq(state, subject, text):
                    return
            except (KeyboardInterrupt, typer.Abort):
                if typed:
                    _save_interrupted(state, draft)
                raise

    ticket = send_or_save(state, draft, bool(recover), submit.create_ticket, typed=typed)
    _print(state, ticket)


def _check_follow_up(state: AppState, ticket_id: str) -> None:
    """Only a closed ticket takes a follow-up; for any other the answer is a reply."""
    from dataclasses import replace

    from helpdesk_cli.errors import HelpdeskError
    from helpdesk_cli.tickets import check_follow_up_target

    with state.client() as hd:
        target = hd.tickets.get(ticket_id)
    try:
        check_follow_up_target(target)
    except HelpdeskError as exc:
        raise replace(exc, hint=f"{exc.hint}: `helpdesk ticket reply {target.id}`") from None


def _ask_subject(state: AppState) -> str:
    """Ask until the subject is one the API takes, so the body is never typed in vain."""
    from helpdesk_cli import submit
    from helpdesk_cli.errors import HelpdeskError

    while True:
        try:
            return submit.check_subject(typer.prompt("Subject", err=True))
        except HelpdeskError as exc:
            state.out.note(exc.message + (f" ({exc.hint})" if exc.hint else ""))


def _save_interrupted(state: AppState, draft: drafts.Draft) -> None:
    """Ctrl-C after the text was typed (at the suggestions): keep it as a draft, name it."""
    from commands.errors import resend_command
    from helpdesk_cli import drafts, submit

    drafts.save(draft)
    state.out.note(f"\nInterrupted; what you typed was saved as draft {draft.id}: "
                   f"{resend_command(draft.kind, draft.id)}")
    raise submit.DraftInterrupted(draft.id)


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
    """Show up to 3 matching articles; a number opens that article, and only a "yes" after
    reading it ends here (with a helpful vote, so the next person finds it first)."""
    from commands.output import highlight_marks, safe
    from helpdesk_cli.suggest import suggest

    with state.client(auth=False) as hd:
        hits = suggest(hd, subject, text)
    if not hits:
        return False
    err = state.out.err_console
    choices = "1" if len(hits) == 1 else f"1-{len(hits)}"
    while True:
        from rich.padding import Padding

        err.print("These articles might answer your question:", markup=False)
        for n, hit in enumerate(hits, 1):
            err.print(safe(f"  {n}. {hit.id}  ", "bold") + safe(hit.title, "bold"))
            err.print(Padding(highlight_marks(hit.snippet), (0, 0, 0, 7)))
        answer = typer.prompt(f"Read one? Its number ({choices}), or Enter to open the "
                              "ticket", default="", show_default=False,
                              err=True).strip().lower()
        if answer in ("", "n", "no"):
            return False
        picked = [h for n, h in enumerate(hits, 1) if answer in (str(n), h.id.lower())]
        if not picked:
            state.out.note(f"Type a number ({choices}), or press Enter to open the ticket.")
            continue
        if _read_and_ask(state, picked[0].id):
            return True


def _read_and_ask(state: AppState, article_id: str) -> bool:
    """Show the article; True (after a helpful vote) when the reader says it solved it."""
    from api_client import errors as api_errors
    from commands.faq.show import render_article
    from helpdesk_cli.errors import HelpdeskError

    with state.client(auth=False) as hd:
        article = hd.faq.get(article_id)
    render_article(state.out.console, article)
    if not typer.confirm("Did this solve your problem?", default=False, err=True):
        return False
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
