"""The FAQ relevance test set: what customers of the demo store ask, and what answers it.

Each entry is a question written the way customers type them into a help centre or a ticket
subject (wordy, informal, sometimes misspelled), with the slugs of the demo articles that
answer it; any one of them counts as a hit. Used by ``test_faq_relevance.py`` (guarded by a
threshold) and printed by ``benchmarks/search_bench.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

QUESTIONS: list[tuple[str, tuple[str, ...]]] = [
    # accounts and login
    ("I forgot my password", ("reset-your-password",)),
    ("paswrod", ("reset-your-password", "change-your-password")),
    ("how can I change my password", ("change-your-password",)),
    ("cant log in, it says my account is locked", ("account-locked",)),
    ("too many wrong password attempts now I'm blocked", ("account-locked",)),
    ("how do I set up 2 step verification", ("two-factor-authentication",)),
    ("I got a new phone and lost my authenticator codes", ("lost-two-factor-device",)),
    ("lost my phone and can't get the login code", ("lost-two-factor-device",)),
    ("how do I update my email address", ("update-email-address",)),
    ("do I need an account to place an order", ("create-an-account",)),
    ("I have two accounts with different emails, can you combine them",
     ("merge-accounts",)),
    ("api token for my script", ("personal-access-tokens",)),
    # orders and shipping
    ("when will my order arrive", ("track-your-order", "shipping-options", "shipping-delay")),
    ("where is my package", ("track-your-order", "shipping-delay")),
    ("how long does delivery take", ("shipping-options",)),
    ("how much is express shipping", ("shipping-options",)),
    ("do you offer free shipping", ("shipping-options",)),
    ("can I cancel my order", ("change-or-cancel-an-order",)),
    ("I ordered the wrong colour, can I still change the order",
     ("change-or-cancel-an-order",)),
    ("I moved, how do I change the delivery address on my order",
     ("change-shipping-address",)),
    ("do you ship to Canada", ("international-shipping",)),
    ("will I have to pay customs fees on my order to the UK",
     ("international-shipping", "sales-tax-and-vat")),
    ("tracking says delivered but I never got it", ("package-delivered-not-received",)),
    ("my parcel was stolen from the porch", ("package-delivered-not-received",)),
    ("half my order is missing from the box", ("items-missing-from-order",)),
    ("when will the out of stock item ship", ("backorders-and-pre-orders",)),
    ("can I pre order the new tent", ("backorders-and-pre-orders",)),
    ("can I pick up my order at a store", ("store-pickup",)),
    ("my order is late", ("shipping-delay",)),
    ("tracking hasn't changed in 5 days", ("shipping-delay",)),
    ("when will my package arrive?", ("track-your-order", "shipping-options", "shipping-delay")),
    ("why can't I get fuel canisters shipped by air", ("ground-only-items",)),
    # returns and refunds
    ("what is your return policy", ("return-policy",)),
    ("how many days do I have to send something back", ("return-policy",)),
    ("how do I return a jacket", ("start-a-return",)),
    ("I need a return label", ("start-a-return",)),
    ("Refund not received, I returned my tent three weeks ago",
     ("refund-timing", "return-status")),
    ("how long do refunds take", ("refund-timing",)),
    ("I want my money back", ("return-policy", "start-a-return", "refund-timing")),
    ("how do i get my money back", ("return-policy", "start-a-return", "refund-timing")),
    ("how do i get my mony back", ("return-policy", "start-a-return", "refund-timing")),
    ("the boots are too small, can I swap them for a bigger size",
     ("exchange-an-item",)),
    ("my jacket arrived with a broken zip", ("damaged-or-defective-item",)),
    ("you sent me the wrong item", ("wrong-item-received",)),
    ("can I return underwear", ("final-sale-items",)),
    ("I got a gift that doesn't fit", ("return-a-gift",)),
    ("how do I return an order from Australia", ("international-returns",)),
    ("has my return arrived at your warehouse yet", ("return-status",)),
    # payments and billing
    ("do you take paypal", ("payment-methods",)),
    ("my discount code is not working", ("promo-codes",)),
    ("how do I check my gift card balance", ("gift-cards",)),
    ("my card keeps getting declined", ("payment-declined",)),
    ("I was charged twice for one order", ("charged-twice",)),
    ("the price went down the day after I bought it",
     ("price-adjustment",)),
    ("I need an invoice for my company", ("invoices-and-receipts",)),
    ("why was I charged sales tax", ("sales-tax-and-vat",)),
    ("how do reward points work", ("rewards-program",)),
    ("can I pay in installments", ("pay-in-4",)),
    # technical problems
    ("the website is blank and won't load", ("website-not-loading",)),
    ("the app keeps crashing on my iphone", ("app-crashes",)),
    ("I'm not getting any emails from you", ("email-not-arriving",)),
    ("the place order button does nothing", ("checkout-problems",)),
    ("which browsers are supported", ("supported-browsers",)),
    ("how do I talk to a real person", ("contact-support",)),
    ("what are your customer service hours", ("contact-support",)),
    ("turn off push notifications", ("notifications",)),
    ("I sign in and it just takes me back to the login page", ("sign-in-loop",)),
    # privacy and security
    ("I want a copy of all my data", ("download-your-data",)),
    ("delete my account", ("close-your-account",)),
    ("I think my account was hacked", ("report-suspicious-activity",)),
    ("there is an order on my account that I didn't make",
     ("report-suspicious-activity",)),
    ("I got a weird email asking for my card details, is it a scam", ("phishing",)),
    ("stop sending me newsletters", ("marketing-preferences",)),
    ("how do I reject cookies", ("cookies",)),
    ("is it safe to put my credit card on your site", ("payment-security",)),
    ("what information do you keep about me", ("personal-data-we-collect",)),
    ("I found a security bug in your website", ("report-a-vulnerability",)),
    # gear care and warranty
    ("is my backpack under warranty", ("warranty",)),
    ("can you fix a torn tent", ("repair-service", "warranty")),
    ("zipper broke", ("repair-service", "warranty", "damaged-or-defective-item")),
    ("the zipper on my jacket broke", ("repair-service", "warranty", "damaged-or-defective-item")),
    ("what size should I order", ("size-guide",)),
    ("my rain jacket is not waterproof anymore", ("rain-jacket-care",)),
    ("how do I wash a down sleeping bag", ("down-care",)),
    ("how to dry my tent after a wet trip", ("tent-care",)),
    ("new hiking boots give me blisters", ("boot-care",)),
    ("is my stove part of a recall", ("product-recalls",)),
]


@dataclass(frozen=True)
class Relevance:
    """Top-3 hit rate and mean reciprocal rank (over the first 10 results) of a search."""

    questions: int
    top3: float
    mrr: float
    misses: list[tuple[str, list[str]]]

    def line(self) -> str:
        return f"top-3 hit rate {self.top3:.1%}   MRR {self.mrr:.3f}   ({self.questions} questions)"


def evaluate(search: Callable[[str], Sequence[str]]) -> Relevance:
    """Run every question through ``search`` (question -> ranked slugs) and score it."""
    hits3 = 0
    reciprocal = 0.0
    misses: list[tuple[str, list[str]]] = []
    for question, answers in QUESTIONS:
        slugs = list(search(question))[:10]
        rank = next((i for i, slug in enumerate(slugs, 1) if slug in answers), None)
        if rank is not None and rank <= 3:
            hits3 += 1
        else:
            misses.append((question, slugs[:3]))
        reciprocal += 1 / rank if rank else 0.0
    n = len(QUESTIONS)
    return Relevance(n, hits3 / n, reciprocal / n, misses)
