"""`helpdesk auth`: log in and out, see where the token lives, print it for scripts."""

from commands._common import new_app
from commands.auth.login import login
from commands.auth.logout import logout
from commands.auth.status import status
from commands.auth.token import token

app = new_app("Log in, log out and inspect credentials.")
app.command("login")(login)
app.command("logout")(logout)
app.command("status")(status)
app.command("token")(token)
