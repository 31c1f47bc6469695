"""`helpdesk faq`: search and read the knowledge base (no login needed except to vote)."""

from commands._common import add_alias, new_app
from commands.faq.categories import categories
from commands.faq.list_ import list_articles
from commands.faq.search import search
from commands.faq.show import show
from commands.faq.vote import vote

app = new_app("Search and read the knowledge base.", {"view": "show"})
app.command("search")(search)
app.command("list")(list_articles)
app.command("show")(show)
app.command("vote")(vote)
app.command("categories")(categories)
add_alias(app, "view", show)
