"""`helpdesk auth login`."""

from __future__ import annotations

from typing import Annotated

import typer

from commands._common import read_secret_line
from commands.state import get_state


def login(
    ctx: typer.Context,
    email: Annotated[str | None, typer.Option(
        "--email", "-e", help="Account email (default: the profile's, else prompted).",
        show_default=False)] = None,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from the first line of stdin.")] = False,
    with_token: Annotated[bool, typer.Option(
        "--with-token", help="Read a personal access token from stdin instead.")] = False,
    insecure_storage: Annotated[bool, typer.Option(
        "--insecure-storage",
        help="Store the token in a plain-text file (mode 0600) instead of the keyring.")] = False,
) -> None:
    """Sign in and store the token in the system keyring."""
    from commands import tty
    from commands.errors import usage
    from helpdesk_cli import auth, credentials

    state = get_state(ctx)
    auth.refuse_under_env_token("login")
    if with_token and (password_stdin or email):
        raise usage("--with-token cannot be combined with --email or --password-stdin.")
    r = state.resolved
    # Before asking for anything: a login whose token cannot be kept is pointless.
    credentials.check_storage(insecure=insecure_storage)

    if with_token:
        done = auth.sign_in(state.session, token=read_secret_line().strip(),
                            insecure=insecure_storage)
    else:
        email = email or r.email
        if not email:
            if not tty.interactive():
                raise usage("No email given.", "pass --email (prompts need a terminal)")
            email = typer.prompt("Email", err=True).strip()
        if password_stdin:
            password = read_secret_line()
        elif tty.interactive():
            password = typer.prompt("Password", hide_input=True, err=True)
        else:
            raise usage("No password given.",
                        "pass --password-stdin, or --with-token (prompts need a terminal)")
        done = auth.sign_in(state.session, email=email, password=password,
                            insecure=insecure_storage)

    user, saved = done.user, done.tokens
    if insecure_storage:
        state.out.warn(f"your token is stored in plain text in {saved.location} (mode 0600); "
                       "anyone who can read that file can act as you")
    data = {"user": user, "server": r.server, "profile": r.profile,
            "token_source": saved.source, "token_location": saved.location}
    state.out.success(data, render=lambda c: state.out.note(
        f"Logged in to {r.server} as {user.name} <{user.email}> "
        f"(profile {r.profile}; token in {saved.location})."))
