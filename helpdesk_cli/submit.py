"""Send a ticket or a reply, or keep it as a draft: what a person typed is never lost.

Both front ends submit through here, so a failed submit in the TUI becomes a draft the CLI
can resend (and the other way round), with the same idempotency key on every attempt.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from helpdesk_cli import drafts
from helpdesk_cli.errors import Action, HelpdeskError, Kind, bad_input, from_api_error

if TYPE_CHECKING:
    from api_client import Client
    from api_client.models import Message, Priority, TicketDetail
    from helpdesk_cli.config import Resolved

T = TypeVar("T")
ProgressFn = Callable[[int, int | None], None]
ProgressFor = Callable[[Path], AbstractContextManager[ProgressFn | None]]


# The API's limits (docs/openapi.json), checked as each field is typed: a person should hear
# that the subject is too long before writing the body, not after sending both.
SUBJECT_MAX = 200
BODY_MAX = 20_000


def check_subject(subject: str) -> str:
    """A subject the API will take (stripped), or the validation error the server would
    give (same kind, so the exit code does not depend on where it was caught)."""
    subject = subject.strip()
    if not subject:
        raise _invalid("subject", "The subject", "must not be empty")
    if len(subject) > SUBJECT_MAX:
        raise _invalid("subject", "The subject", f"has {len(subject)} characters; at most "
                       f"{SUBJECT_MAX} are allowed", "keep it to one line; details go in the body")
    return subject


def check_body(body: str) -> str:
    """A message text the API will take, or a validation error."""
    if not body.strip():
        raise _invalid("body", "The message", "must not be empty")
    if len(body) > BODY_MAX:
        raise _invalid("body", "The message", f"has {len(body)} characters; at most {BODY_MAX} "
                       "are allowed", "attach long logs as files instead")
    return body


def _invalid(field: str, what: str, problem: str, hint: str | None = None) -> HelpdeskError:
    """A field error like the server's: the sentence for people, and `problem` alone under
    the field's name, so a front end can name the field its own way (the CLI: a flag)."""
    return HelpdeskError(f"{what} {problem}.", Kind.CONFLICT, hint, "validation",
                         {"field_errors": [{"field": field, "message": problem}]})


class DraftInterrupted(KeyboardInterrupt):
    """Ctrl-C during a send, after the draft was saved; the error report names the draft."""

    def __init__(self, draft_id: str) -> None:
        super().__init__(draft_id)
        self.draft_id = draft_id


def check_files(paths: list[Path]) -> list[str]:
    """Refuse attachments that cannot be read, before anything is sent; absolute paths, so a
    draft can be resent from any directory."""
    for path in paths:
        if not path.is_file():
            raise bad_input(f"Cannot attach {path}: not a readable file.")
    return [str(path.resolve()) for path in paths]


def ticket_draft(r: Resolved, *, subject: str, body: str, priority: str | None = None,
                 category: str | None = None, order_id: str | None = None,
                 follow_up_of: str | None = None, attach: list[Path] | None = None,
                 idempotency_key: str | None = None) -> drafts.Draft:
    """A new ticket, not yet sent, with the key that makes its every attempt the same one."""
    return drafts.Draft(kind="ticket", subject=subject, body=body,
                        idempotency_key=idempotency_key or str(uuid.uuid4()),
                        server=r.server, profile=r.profile, priority=priority,
                        category=category, order_id=order_id, follow_up_of=follow_up_of,
                        attach=check_files(list(attach or [])))


def reply_draft(r: Resolved, ticket_id: str, body: str, *, attach: list[Path] | None = None,
                idempotency_key: str | None = None) -> drafts.Draft:
    """A new reply to `ticket_id`, not yet sent."""
    return drafts.Draft(kind="reply", ticket_id=ticket_id, body=body,
                        idempotency_key=idempotency_key or str(uuid.uuid4()),
                        server=r.server, profile=r.profile,
                        attach=check_files(list(attach or [])))


def upload_all(hd: Client, draft: drafts.Draft, progress_for: ProgressFor | None = None) -> None:
    """Upload the draft's pending files, moving each to `attachment_ids` once stored (so a
    resend does not upload it again)."""
    while draft.attach:
        path = Path(draft.attach[0])
        key = f"{draft.idempotency_key}-att{len(draft.attachment_ids)}"
        with (progress_for(path) if progress_for else nullcontext(None)) as progress:
            att = hd.attachments.upload(path, progress=progress, idempotency_key=key)
        draft.attachment_ids.append(att.id)
        draft.attach.pop(0)


def send_or_save(hd: Client, draft: drafts.Draft, send: Callable[[Client], T], *,
                 recovered: bool = False, progress_for: ProgressFor | None = None,
                 keep_refused: bool = False) -> T:
    """Upload and send; on a transient failure (or an ended session) keep everything as a
    draft and raise an error naming it. A successful resend removes the draft.

    With `keep_refused` (the text was typed, not given by a flag or file), a refusal (4xx)
    keeps the draft too: it cannot be resent as is, but nothing typed is lost.
    """
    from api_client import errors as api_errors

    try:
        upload_all(hd, draft, progress_for)
        result = send(hd)
    except (api_errors.TransportError, api_errors.ServerError, api_errors.RateLimitedError,
            api_errors.AuthenticationError) as exc:
        base = from_api_error(exc)
        draft.error = base.message
        drafts.save(draft)
        login_first = isinstance(exc, api_errors.AuthenticationError)
        raise HelpdeskError(
            f"{base.message.rstrip('.')}. Your text was saved as draft {draft.id}.",
            base.kind, base.hint, base.code,
            {**base.extra, "draft_id": draft.id, "draft_kind": draft.kind,
             "ticket_id": draft.ticket_id},
            Action.LOGIN_THEN_RESEND if login_first else Action.RESEND_DRAFT) from exc
    except api_errors.ApiError as exc:
        if not keep_refused or exc.status is None or not 400 <= exc.status < 500:
            raise
        base = from_api_error(exc)
        draft.error = base.message
        drafts.save(draft)
        raise HelpdeskError(
            f"{base.message.rstrip('.')}. What you typed was kept in draft {draft.id}.",
            base.kind, base.hint, base.code, {**base.extra, "draft_id": draft.id},
            base.action or Action.SHOW_DRAFT) from exc
    except KeyboardInterrupt:
        drafts.save(draft)
        raise DraftInterrupted(draft.id) from None
    if recovered:
        drafts.delete(draft.id)
    return result


def create_ticket(hd: Client, draft: drafts.Draft, *, recovered: bool = False,
                  progress_for: ProgressFor | None = None,
                  keep_refused: bool = False) -> TicketDetail:
    """Send a ticket draft (see `send_or_save`)."""
    def send(c: Client) -> TicketDetail:
        return c.tickets.create(
            subject=draft.subject or "", body=draft.body,
            priority=cast("Priority | None", draft.priority), category=draft.category,
            order_id=draft.order_id, attachment_ids=tuple(draft.attachment_ids),
            follow_up_of=draft.follow_up_of, idempotency_key=draft.idempotency_key)

    return send_or_save(hd, draft, send, recovered=recovered, progress_for=progress_for,
                        keep_refused=keep_refused)


def send_reply(hd: Client, draft: drafts.Draft, *, recovered: bool = False,
               progress_for: ProgressFor | None = None, keep_refused: bool = False) -> Message:
    """Send a reply draft (see `send_or_save`)."""
    if draft.kind != "reply" or not draft.ticket_id:
        raise HelpdeskError(f"Draft {draft.id} is not a reply.", Kind.USAGE, code="usage")
    ticket_id = draft.ticket_id

    def send(c: Client) -> Message:
        return c.tickets.reply(ticket_id, draft.body, attachment_ids=tuple(draft.attachment_ids),
                               idempotency_key=draft.idempotency_key)

    return send_or_save(hd, draft, send, recovered=recovered, progress_for=progress_for,
                        keep_refused=keep_refused)
