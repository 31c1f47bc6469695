"""`helpdesk agent`: tools for support agents (a customer's login gets "not allowed")."""

from commands._common import new_app
from commands.agent.search_gaps import search_gaps

app = new_app("Tools for support agents.")
app.command("search-gaps")(search_gaps)
