"""Synthetic-but-plausible help articles for benchmarks (never part of the real help centre).

Articles are built from product names, topics and step pools, so a 10,000-article corpus
has a realistic vocabulary (frequent words like "order" in thousands of articles, product
names in a few) rather than random strings that would make search look faster than it is.
"""

import random
from collections.abc import Iterator

from helpdesk_server.faq.spec import ArticleSpec

FIRST_SYNTHETIC_ID = 100_000

_LINES = (
    "Ridgeline", "Summit", "Cascade", "Granite", "Juniper", "Aspen", "Sierra", "Tundra",
    "Boulder", "Cedar", "Falcon", "Harbor", "Meadow", "Alpine", "Canyon", "Glacier",
    "Timberline", "Driftwood", "Basecamp", "Ember", "Pinecrest", "Redrock", "Stormfront",
    "Wildfire", "Highland", "Bluebird", "Coyote", "Osprey", "Kestrel", "Sagebrush",
)
_ITEMS = [
    ("tent", "tents"), ("backpack", "packs"), ("down jacket", "jackets"),
    ("rain shell", "jackets"), ("hiking boot", "footwear"), ("trail runner", "footwear"),
    ("sleeping bag", "sleep"), ("sleeping pad", "sleep"), ("camp stove", "cooking"),
    ("water filter", "hydration"), ("trekking pole", "hiking"), ("headlamp", "lighting"),
    ("kayak paddle", "paddling"), ("climbing harness", "climbing"), ("fleece hoodie", "layers"),
    ("merino base layer", "layers"), ("camp chair", "camp"), ("cooler", "camp"),
    ("bike helmet", "cycling"), ("ski goggles", "snow"), ("snowshoes", "snow"),
]
_COUNTRIES = ["Canada", "Mexico", "the United Kingdom", "Germany", "France", "Australia",
              "Japan", "Norway", "Ireland", "New Zealand", "the Netherlands", "Sweden"]
_TOPICS = [
    ("Warranty claims for the {p}", ["warranty", "defect", "repair"]),
    ("Sizing and fit guide: {p}", ["sizing", "fit", "exchange"]),
    ("Care and cleaning of your {p}", ["care", "cleaning", "maintenance"]),
    ("Replacement parts for the {p}", ["parts", "repair", "spares"]),
    ("Shipping the {p} to {c}", ["shipping", "international", "customs"]),
    ("Returning or exchanging the {p}", ["returns", "exchange", "refund"]),
    ("{p}: known issues and fixes", ["troubleshooting", "defect", "known-issue"]),
    ("Pre-ordering the {p}", ["pre-order", "backorder", "payment"]),
    ("Using a gift card or promo code on the {p}", ["gift-card", "promo-code", "checkout"]),
    ("Damaged {p} on delivery", ["damaged", "delivery", "claim"]),
]
_STEPS = [
    "Sign in to your Northwind Outfitters account and open **Orders**.",
    "Select the order that contains the {p} and choose **Get help with this order**.",
    "Take two or three clear photos that show the {part} and the product label.",
    "Describe what happened and when you first noticed it.",
    "Attach the photos to the ticket and submit it; you will get a ticket number by email.",
    "Pack the {p} in its original packaging if you still have it.",
    "Print the prepaid return label from the confirmation email and drop the parcel at any "
    "{carrier} location.",
    "Check the tracking link in your confirmation email for the estimated delivery date.",
    "Wash the {p} by hand in lukewarm water with a mild, non-detergent soap.",
    "Let it air dry completely, away from direct heat, before you store it.",
    "Compare your measurements with the size chart on the product page.",
    "Enter the promo code or gift card number in the **Payment** step at checkout.",
    "Confirm the customs declaration; duties for {c} are shown before you pay.",
    "Tighten the {part} by hand and test it before your next trip.",
]
_PARTS = ["zipper", "buckle", "seam", "strap", "hip belt", "pole sleeve", "sole", "lace hook",
          "valve", "burner", "cartridge", "lens", "hinge", "stuff sack", "drawcord"]
_CARRIERS = ["UPS", "FedEx", "USPS", "DHL", "Canada Post"]
_FACTS = [
    "Most claims are answered within two business days.",
    "Refunds go back to the original payment method within 5–10 business days.",
    "Our lifetime warranty covers defects in materials and workmanship, not normal wear.",
    "Exchanges ship free of charge within the contiguous United States.",
    "International orders may take 7–14 business days to arrive.",
    "Unused items can be returned within 30 days of delivery.",
    "Members of Northwind Rewards earn points on every eligible purchase.",
    "Replacement parts usually ship within three business days.",
]


def _fill(text: str, rng: random.Random, product: str, country: str) -> str:
    return text.format(
        p=product, c=country, part=rng.choice(_PARTS), carrier=rng.choice(_CARRIERS)
    )


def _body(rng: random.Random, title: str, product: str, country: str) -> str:
    intro = (
        f"This article explains {title[0].lower() + title[1:]}. "
        f"It applies to every colour and size of the {product} sold online and in our stores."
    )
    steps = rng.sample(_STEPS, k=rng.randint(4, 6))
    facts = rng.sample(_FACTS, k=3)
    lines = [f"## {title}", "", intro, "", "### What to do", ""]
    lines += [f"{i}. {_fill(s, rng, product, country)}" for i, s in enumerate(steps, 1)]
    lines += ["", "### Good to know", ""]
    lines += [f"- {f}" for f in facts]
    lines += [
        "",
        f"Still stuck? Open a ticket from **Help → Contact us** and mention the {product}; "
        "an agent will reply by email.",
    ]
    return "\n".join(lines)


def synthetic_articles(
    count: int, *, seed: int = 7, first_id: int = FIRST_SYNTHETIC_ID
) -> Iterator[ArticleSpec]:
    """Yield ``count`` deterministic generated articles with ids from ``first_id``."""
    rng = random.Random(seed)
    for n in range(count):
        article_id = first_id + n
        line = rng.choice(_LINES)
        item, family = rng.choice(_ITEMS)
        product = f"{line} {rng.randint(1, 4) * 10 + rng.choice((0, 5))} {item}"
        country = rng.choice(_COUNTRIES)
        template, tags = rng.choice(_TOPICS)
        title = template.format(p=product, c=country)
        title = title[0].upper() + title[1:]
        slug_words = "".join(ch if ch.isalnum() else "-" for ch in title.lower()).split("-")
        slug = "-".join(w for w in slug_words if w)[:60].strip("-") + f"-{article_id}"
        yield ArticleSpec(
            id=article_id,
            slug=slug,
            title=title,
            tags=(*tags, family),
            body=_body(rng, title, product, country),
        )
