"""`helpdesk auth`: log in and out, see where the token lives, print it for scripts, manage
personal access tokens."""

from commands._common import new_app
from commands.auth.login import login
from commands.auth.logout import logout
from commands.auth.status import status
from commands.auth.token import token
from commands.auth.tokens import app as tokens_app

app = new_app("Log in, log out and inspect credentials.")
app.command("login")(login)
app.command("logout")(logout)
app.command("status")(status)
app.command("token")(token)
app.add_typer(tokens_app, name="tokens")
