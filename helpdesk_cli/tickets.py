"""Ticket rules as a customer meets them, the same in every front end.

The API's statuses are written for agents (`pending` means "waiting on the customer"); a
customer reads them as "whose turn is it?". What a status means to them, which tickets wait
for them, which replies from support are new, and which tickets can be followed up live here,
so the CLI and the TUI cannot tell different stories.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from helpdesk_cli.errors import HelpdeskError, Kind

if TYPE_CHECKING:
    from api_client.models import Message, Ticket

# What each status means to the customer who owns the ticket.
STATUS_MEANINGS: dict[str, str] = {
    "new": "not yet seen by support",
    "open": "support is working on it",
    "pending": "waiting for your reply",
    "on_hold": "support is waiting on someone else",
    "solved": "solved; a reply reopens it",
    "closed": "closed; ask again in a follow-up ticket",
}

# "Waiting for me": support answered and needs the customer's reply.
WAITING_STATUSES: tuple[str, ...] = ("pending",)


def status_meaning(status: str) -> str:
    """The customer's reading of a status ("" for one this client does not know)."""
    return STATUS_MEANINGS.get(status, "")


def new_support_replies(messages: Sequence[Message]) -> list[Message]:
    """Support's messages after the customer's last one: the replies still to be answered.

    Empty when the customer wrote last, so a marker built on it goes away once they reply.
    """
    last_customer = max((i for i, m in enumerate(messages) if m.author.role == "customer"),
                        default=-1)
    return [m for m in messages[last_customer + 1:] if m.author.role != "customer"]


def check_follow_up_target(ticket: Ticket) -> Ticket:
    """Follow-ups continue closed tickets only: anything else still takes replies, and a
    second ticket would split one conversation in two."""
    if ticket.status == "closed":
        return ticket
    hint = ("reply to it instead" if ticket.status != "solved"
            else "reply to it instead (a reply reopens a solved ticket)")
    raise HelpdeskError(
        f"{ticket.id} is {ticket.status.replace('_', ' ')}, not closed; follow-ups are for "
        "closed tickets.", Kind.USAGE, hint, code="not-closed")
