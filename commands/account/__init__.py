"""`helpdesk account`: your profile and password."""

from commands._common import add_alias, new_app
from commands.account.password import password
from commands.account.show import show
from commands.account.update import update

app = new_app("Your account: profile and password.", {"view": "show"})
app.command("show")(show)
app.command("update")(update)
app.command("password")(password)
add_alias(app, "view", show)
