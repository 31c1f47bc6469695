"""`helpdesk agent`: tools for support agents (a customer's login gets "not allowed")."""

from commands._common import new_app
from commands.agent.chats import claim, close, queue, to_ticket, transfer
from commands.agent.reply import reply
from commands.agent.search_gaps import search_gaps
from commands.agent.tickets import note, status, tickets

app = new_app("Tools for support agents.")
app.command("queue")(queue)
app.command("claim")(claim)
app.command("reply")(reply)
app.command("close")(close)
app.command("transfer")(transfer)
app.command("to-ticket")(to_ticket)
app.command("tickets")(tickets)
app.command("note")(note)
app.command("status")(status)
app.command("search-gaps")(search_gaps)
