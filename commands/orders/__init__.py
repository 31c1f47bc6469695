"""`helpdesk orders`: your orders, shipments and returns."""

from commands._common import add_alias, new_app
from commands.orders.list_ import list_orders
from commands.orders.return_ import return_items
from commands.orders.show import show
from commands.orders.track import track

app = new_app("Your orders, shipments and returns.", {"view": "show"})
app.command("list")(list_orders)
app.command("show")(show)
app.command("track")(track)
app.command("return")(return_items)
add_alias(app, "view", show)
