"""The one place that turns API wording (fields, routes) into CLI wording (flags, commands).

The server speaks to every client, so its hints name routes and JSON fields; a person at
the terminal can only act on a command or a flag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# JSON field (items.N.* collapsed to items.*) → the flag that sets it. An empty string means
# the field has no flag (it was prompted), so the message stands on its own. A command whose
# wording differs (a positional NAME instead of --name) passes its own `flags` on top.
FIELD_FLAGS = {
    "subject": "--subject", "body": "--body", "priority": "--priority",
    "category": "--category", "order_id": "--order", "follow_up_of": "--follow-up-of",
    "attachment_ids": "--attach", "name": "--name", "phone": "--phone",
    "items": "--item", "items.*": "--item", "items.*.item_id": "--item",
    "items.*.quantity": "--item", "reason": "--reason", "score": "SCORE",
    "comment": "--comment", "expires_in_days": "--expires-in-days",
    "email": "--email", "current_password": "", "new_password": "",
}

# Stock validation wording (pydantic) rephrased; anything else is passed through as written.
_MESSAGES = (
    (re.compile(r"^String should have at least 1 characters?$"), "must not be empty"),
    (re.compile(r"^Must not be blank\.?$"), "must not be empty"),
    (re.compile(r"^String should have at most (\d+) characters?$"),
     r"must be at most \1 characters"),
    (re.compile(r"^Field required$"), "is required"),
)

_TICKET = re.compile(r"\bT\d+\b")
_ORDER = re.compile(r"\bSO\d+\b")


def field_flag(field: str, flags: Mapping[str, str] | None = None) -> str | None:
    """The CLI flag for an API field (the command's own `flags` first), or None when there
    is no clear mapping."""
    key = re.sub(r"\.\d+(?=\.|$)", ".*", field)
    if flags is not None and key in flags:
        return flags[key]
    return FIELD_FLAGS.get(key)


def field_message(field: str, message: str, flags: Mapping[str, str] | None = None) -> str:
    """One field error as a CLI user reads it: `--subject must not be empty`."""
    text = message.strip()
    for pattern, replacement in _MESSAGES:
        if pattern.match(text):
            text = pattern.sub(replacement, text)
            break
    flag = field_flag(field, flags)
    if flag == "":
        return text
    if flag is None:
        return f"{field}: {text}"
    joiner = ": " if text[:1].isupper() else " "
    return f"{flag}{joiner}{text}"


def cli_hint(code: str | None, detail: str, hint: str | None) -> str | None:
    """Replace a server hint that names routes or fields with the command to run."""
    if code == "ticket-closed":
        match = _TICKET.search(detail)
        ref = match.group(0) if match else "TICKET_ID"
        return f"continue in a follow-up: helpdesk ticket create --follow-up-of {ref}"
    if detail.startswith("No category"):
        return "list them with: helpdesk faq categories"
    if hint is None:
        return None
    if "personal access token" in detail.lower() and "/v1/auth/token" in hint:
        return "log in with your password (`helpdesk auth login`) and create it from there"
    if hint.startswith("Open a ticket about the order"):
        match = _ORDER.search(detail)
        ref = match.group(0) if match else "ORDER_ID"
        return f"open a ticket about it: helpdesk ticket create --order {ref}"
    if "/v1/" in hint or "follow_up_of" in hint:
        return None  # better no hint than one a CLI user cannot follow
    return hint
