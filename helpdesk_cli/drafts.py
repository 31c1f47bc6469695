"""Drafts: typed text is never lost when a create or reply cannot reach the server.

A draft keeps the text, the options and the idempotency key of the failed attempt. Resending
with `--recover` reuses that key, so a create that did reach the server (the answer was lost)
is replayed by the server instead of duplicated. A successful resend deletes the draft.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from helpdesk_cli.config import Resolved, data_dir
from helpdesk_cli.errors import Action, HelpdeskError, Kind, bad_input
from helpdesk_cli.fsutil import atomic_write

KINDS = ("ticket", "reply")


@dataclass
class Draft:
    """A saved create (`kind="ticket"`) or reply (`kind="reply"`, with `ticket_id`)."""

    kind: str
    body: str
    idempotency_key: str
    server: str
    profile: str
    subject: str | None = None
    ticket_id: str | None = None
    priority: str | None = None
    category: str | None = None
    order_id: str | None = None
    follow_up_of: str | None = None
    attach: list[str] = field(default_factory=list)
    attachment_ids: list[str] = field(default_factory=list)
    error: str | None = None
    id: str = ""
    created_at: str = ""


def drafts_dir() -> Path:
    """Under platformdirs' user data dir."""
    return data_dir() / "drafts"


def new_id() -> str:
    """Sortable by time, short enough to type."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


def save(draft: Draft) -> Draft:
    """Write the draft (mode 0600: it may hold private text) and return it with its id."""
    if not draft.id:
        draft.id = new_id()
    if not draft.created_at:
        draft.created_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    atomic_write(_path(draft.id), json.dumps(asdict(draft), indent=2) + "\n", mode=0o600)
    return draft


def load(draft_id: str) -> Draft:
    """Read one draft; unknown ids are a clear not-found error."""
    path = _path(draft_id)
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        known = set(Draft.__dataclass_fields__)
        draft = Draft(**{k: v for k, v in raw.items() if k in known})
    except FileNotFoundError:
        raise HelpdeskError(f"No draft {draft_id}.", Kind.NOT_FOUND, code="not-found",
                            action=Action.LIST_DRAFTS) from None
    except (OSError, ValueError, TypeError) as exc:
        raise HelpdeskError(f"Draft {draft_id} is unreadable: {exc}", code="bad-draft") from exc
    if draft.kind not in KINDS:
        raise HelpdeskError(f"Draft {draft_id} has an unknown kind.", code="bad-draft")
    return draft


def delete(draft_id: str) -> None:
    """Remove a draft after it was sent."""
    _path(draft_id).unlink(missing_ok=True)


def replace(old: Draft | None, new: Draft) -> Draft:
    """`new` is the form's draft from now on. `old` goes, unless it is a failed attempt's
    draft (error set): that one stays to be resent with its key, so nothing is sent twice."""
    if old is not None and old is not new and old.error is None:
        delete(old.id)
    return new


def discard(old: Draft | None) -> bool:
    """The form was emptied on purpose: its kept draft goes (not a failed attempt's).
    Whether one went."""
    if old is None or old.error is not None:
        return False
    delete(old.id)
    return True


def belongs(draft: Draft, r: Resolved) -> bool:
    """A draft is for the server and profile it was written for, and only for them."""
    return draft.server == r.server and draft.profile == r.profile


def check_origin(draft: Draft, r: Resolved, *, anywhere: bool = False) -> Draft:
    """Refuse to resend a draft to another server or profile unless asked explicitly: its
    text (and its attachments) were meant for the other one."""
    if anywhere or belongs(draft, r):
        return draft
    raise bad_input(f"Draft {draft.id} was written for {draft.server} (profile "
                    f"{draft.profile}), not {r.server} (profile {r.profile}).",
                    "resend it with that --server/--profile, or pass --any-server to send "
                    "it here")


def list_all(where: Resolved | None = None) -> list[Draft]:
    """Every readable draft, oldest first; with `where`, only that server's and profile's."""
    folder = drafts_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            draft = load(path.stem)
        except HelpdeskError:
            continue
        if where is None or belongs(draft, where):
            out.append(draft)  # a foreign or corrupt file in the folder is not ours to report here
    return out


def latest(where: Resolved, kind: str, **fields: str | None) -> Draft | None:
    """The newest draft of `kind` for this server and profile whose `fields` are equal (a
    reply's ticket_id; a ticket's order_id and follow_up_of): what a form opened again brings
    back, so text left in it is where the person left it."""
    for draft in reversed(list_all(where)):  # ids sort by the time they were saved
        if draft.kind == kind and all(getattr(draft, k) == v for k, v in fields.items()):
            return draft
    return None


def _path(draft_id: str) -> Path:
    if not draft_id or any(c not in "0123456789abcdef-" for c in draft_id.lower()):
        err = bad_input(f"Invalid draft id {draft_id!r}.")
        err.action = Action.LIST_DRAFTS
        raise err
    return drafts_dir() / f"{draft_id}.json"
