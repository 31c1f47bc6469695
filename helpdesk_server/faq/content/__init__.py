"""The Northwind Outfitters help centre, one module per category (order = display order).

Article ids are grouped by category (KB1xx accounts, KB2xx orders, …) and never reused.
"""

from helpdesk_server.faq.content import (
    accounts,
    gear,
    orders,
    payments,
    privacy,
    returns,
    technical,
)
from helpdesk_server.faq.spec import CategorySpec

CATEGORIES: tuple[CategorySpec, ...] = (
    accounts.CATEGORY,
    orders.CATEGORY,
    returns.CATEGORY,
    payments.CATEGORY,
    technical.CATEGORY,
    privacy.CATEGORY,
    gear.CATEGORY,
)
