"""`helpdesk ticket`: open, follow and answer support tickets."""

from commands._common import add_alias, new_app
from commands.ticket.create import create
from commands.ticket.download import download
from commands.ticket.drafts import drafts
from commands.ticket.list_ import list_tickets
from commands.ticket.rate import rate
from commands.ticket.reply import reply
from commands.ticket.show import show
from commands.ticket.state import close, reopen
from commands.ticket.watch import watch

app = new_app("Open, follow and answer support tickets.",
              {"new": "create", "view": "show"})
app.command("create")(create)
app.command("list")(list_tickets)
app.command("show")(show)
app.command("reply")(reply)
app.command("close")(close)
app.command("reopen")(reopen)
app.command("rate")(rate)
app.command("download")(download)
app.command("drafts")(drafts)
app.command("watch")(watch)
add_alias(app, "new", create)
add_alias(app, "view", show)
