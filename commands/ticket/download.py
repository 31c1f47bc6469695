"""`helpdesk ticket download`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from commands._common import TicketArg
from commands.state import get_state

if TYPE_CHECKING:
    from api_client.models import Attachment, TicketDetail


def download(
    ctx: typer.Context,
    ticket_id: TicketArg,
    attachment_ids: Annotated[list[str] | None, typer.Argument(
        metavar="[ATTACHMENT_ID]...", help="Only these (default: all of the ticket's).",
        show_default=False)] = None,
    directory: Annotated[Path, typer.Option(
        "--dir", "-d", metavar="DIR", help="Save into DIR (default: the current directory).",
        file_okay=False, show_default=False)] = Path("."),
    force: Annotated[bool, typer.Option(
        "--force", "-f", help="Replace files that already exist.")] = False,
) -> None:
    """Save a ticket's attachments (return labels, logs) as files."""
    from api_client import local_filename
    from commands.errors import usage
    from commands.output import safe
    from helpdesk_cli.errors import HelpdeskError, Kind

    state = get_state(ctx)
    if not directory.is_dir():
        raise usage(f"No directory {directory}.", "create it first, or pass another --dir")
    with state.client() as hd:
        ticket = hd.tickets.get(ticket_id)
        chosen = _select(ticket, attachment_ids or [])
        # Check every target first: a refusal half-way would leave some files saved.
        targets = [(a, directory / local_filename(a.filename, a.id)) for a in chosen]
        if not force:
            taken = [str(t) for _, t in targets if t.exists() or t.is_symlink()]
            if taken:
                raise HelpdeskError(f"{', '.join(taken)} already exists.", Kind.CONFLICT,
                                    "pass --force to replace, or choose another --dir",
                                    code="file-exists")
        saved: list[dict[str, Any]] = []
        for att, target in targets:
            try:
                path = hd.attachments.download(att.id, target, overwrite=force)
            except FileExistsError as exc:  # created meanwhile by someone else
                raise HelpdeskError(f"{target} already exists.", Kind.CONFLICT,
                                    "pass --force to replace it", code="file-exists") from exc
            except OSError as exc:
                raise HelpdeskError(f"Cannot write {target}: {exc.strerror or exc}",
                                    code="write-failed") from exc
            saved.append({"id": att.id, "filename": att.filename, "path": str(path),
                          "size": path.stat().st_size})

    def render(c: Any) -> None:
        from commands._render import size

        if not saved:
            state.out.note(f"{ticket.id} has no attachments.")
        for s in saved:
            c.print(safe(f"Saved {s['path']} ({size(s['size'])})"))

    # An envelope like every other list, so scripts read `.data` everywhere.
    state.out.success({"data": saved, "next_cursor": None}, render=render)


def _select(ticket: TicketDetail, wanted: list[str]) -> list[Attachment]:
    """The ticket's attachments in thread order, or the ones named (each must be on it)."""
    from helpdesk_cli.errors import HelpdeskError, Kind

    on_ticket = {a.id: a for m in ticket.messages for a in m.attachments}
    if not wanted:
        return list(on_ticket.values())
    missing = [w for w in wanted if w not in on_ticket]
    if missing:
        raise HelpdeskError(f"No attachment {', '.join(missing)} on {ticket.id}.",
                            Kind.NOT_FOUND, f"see the ids with: helpdesk ticket show {ticket.id}",
                            code="not-found")
    return [on_ticket[w] for w in dict.fromkeys(wanted)]
