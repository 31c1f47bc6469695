"""`helpdesk account show` (and the renderer `update` reuses)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from commands.state import AppState, get_state

if TYPE_CHECKING:
    from api_client.models import User


def show(ctx: typer.Context) -> None:
    """Show your account."""

    state = get_state(ctx)
    with state.client() as hd:
        user = hd.account.get()
    print_user(state, user)


def print_user(state: AppState, user: User) -> None:
    """Key/value table for people, the User object under --json."""
    from commands._render import when

    state.out.success(user, render=lambda c: state.out.table(["FIELD", "VALUE"], [
        ["id", user.id], ["name", user.name], ["email", user.email],
        ["phone", user.phone or ""], ["role", user.role], ["since", when(user.created_at)],
    ], header=False))
