"""`helpdesk account update`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from commands.state import get_state


def update(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(
        "--name", metavar="NAME", help="Your name as support sees it.", show_default=False)
    ] = None,
    phone: Annotated[str | None, typer.Option(
        "--phone", metavar="PHONE", help="New phone number: digits, spaces, a leading +, - "
        "and parentheses; an empty string removes it.", show_default=False)] = None,
) -> None:
    """Change your name or phone number."""
    from commands.account.show import print_user
    from commands.errors import usage
    from helpdesk_cli.account import check_phone

    state = get_state(ctx)
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = name
    if phone is not None:
        changes["phone"] = check_phone(phone)  # before anything is sent
    if not changes:
        raise usage("Nothing to change.", "pass --name and/or --phone")
    with state.client() as hd:
        user = hd.account.update(**changes)
    print_user(state, user)
