"""The demo store's content: Northwind Outfitters customers, orders and support threads.

Times are offsets before "now" (days, as floats) so a freshly seeded demo looks current.
Orders and tickets are listed oldest first, because ids follow creation order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ADDRESSES = {
    "alice@example.com": ("Alice Martin", "1420 SE Belmont St", "Apt 3B", "Portland", "97214",
                          "US"),
    "bob@example.com": ("Bob Okafor", "88 Lakeshore Dr", None, "Chicago", "60611", "US"),
    "carol@example.com": ("Carol Nguyen", "2205 Eastlake Ave E", "Unit 12", "Seattle", "98102",
                          "US"),
}


@dataclass(frozen=True)
class ShipmentSpec:
    carrier: str
    tracking: str
    status: str
    eta_days_ahead: float | None  # None when delivered; negative = in the past
    events: tuple[tuple[float, str, str | None, str], ...]  # (days ago, status, place, text)


@dataclass(frozen=True)
class OrderSpec:
    key: str
    email: str
    days_ago: float
    status: str
    number: str
    items: tuple[tuple[str, str, int, int], ...]  # sku, name, quantity, unit price (cents)
    shipping_cents: int
    payment: tuple[str, str, str | None]  # method, status, last4
    shipment: ShipmentSpec | None = None
    refund: bool = False


@dataclass(frozen=True)
class TicketSpec:
    email: str
    days_ago: float
    subject: str
    status: str
    priority: str
    category: str | None
    order_key: str | None
    messages: tuple[tuple[str, float, str], ...]  # ("c"|"a", hours after opening, body)
    rating: tuple[int, str | None] | None = None
    returned_items: tuple[tuple[str, int], ...] = field(default=())


ORDERS: tuple[OrderSpec, ...] = (
    OrderSpec(
        "alice-returned", "alice@example.com", 62, "returned", "NW-48102",
        (("TNT-2P-UL", "Ridgeline UL 2-Person Tent", 1, 34900),),
        0, ("card", "refunded", "4242"),
        ShipmentSpec("UPS", "1Z999AA10123456784", "delivered", None, (
            (61, "label_created", "Reno, NV", "Shipping label created"),
            (60, "in_transit", "Reno, NV", "Picked up by carrier"),
            (58, "in_transit", "Sacramento, CA", "Arrived at facility"),
            (57, "out_for_delivery", "Portland, OR", "Out for delivery"),
            (57, "delivered", "Portland, OR", "Delivered, front porch"),
        )),
    ),
    OrderSpec(
        "alice-delivered", "alice@example.com", 21, "delivered", "NW-48877",
        (("BOOT-HK-W8", "Cascade Mid Waterproof Hiking Boots, W 8", 1, 16900),
         ("SOCK-MW-3PK", "Merino Wool Hiking Socks, 3-pack", 2, 2400),
         ("BTL-1L-SS", "Insulated Steel Water Bottle, 1 L", 1, 3200)),
        0, ("card", "captured", "4242"),
        ShipmentSpec("FedEx", "7712 3456 7890", "delivered", None, (
            (20, "label_created", "Reno, NV", "Shipping label created"),
            (19.5, "in_transit", "Reno, NV", "Picked up"),
            (18, "in_transit", "Troutdale, OR", "At local FedEx facility"),
            (17.2, "out_for_delivery", "Portland, OR", "On FedEx vehicle for delivery"),
            (17, "delivered", "Portland, OR", "Delivered, signed by A. MARTIN"),
        )),
    ),
    OrderSpec(
        "alice-cancelled", "alice@example.com", 12, "cancelled", "NW-49210",
        (("STV-CMP-TI", "Titanium Backpacking Stove", 1, 5900),),
        895, ("paypal", "refunded", None),
    ),
    OrderSpec(
        "alice-shipped", "alice@example.com", 5, "shipped", "NW-49644",
        (("JKT-RN-W-M", "Stormline Rain Jacket, Women's M", 1, 14900),
         ("PCK-28L", "Summit 28 L Daypack", 1, 8900)),
        0, ("card", "captured", "4242"),
        ShipmentSpec("UPS", "1Z999AA10198765432", "in_transit", 1.5, (
            (4, "label_created", "Reno, NV", "Shipping label created"),
            (3.6, "in_transit", "Reno, NV", "Picked up by carrier"),
            (2.1, "in_transit", "Redding, CA", "Departed facility"),
            (0.8, "in_transit", "Eugene, OR", "Arrived at facility"),
        )),
    ),
    OrderSpec(
        "alice-paid", "alice@example.com", 1.2, "paid", "NW-49901",
        (("LMP-HD-400", "Trailblaze 400 Headlamp", 2, 3900),
         ("BAT-AAA-8", "Rechargeable AAA Batteries, 8-pack", 1, 2200)),
        695, ("gift_card", "captured", None),
    ),
    OrderSpec(
        "alice-pending", "alice@example.com", 0.1, "pending", "NW-49987",
        (("SLP-BAG-20F", "Alpine Down Sleeping Bag, 20°F", 1, 27900),),
        0, ("card", "authorized", "4242"),
    ),
    OrderSpec(
        "bob-delivered", "bob@example.com", 34, "delivered", "NW-48530",
        (("CHR-CMP-LT", "Basecamp Lite Folding Chair", 2, 6900),
         ("CLR-45Q", "Roto-Molded Cooler, 45 qt", 1, 24900)),
        1295, ("paypal", "captured", None),
        ShipmentSpec("USPS", "9400 1000 0000 0000 0000 00", "delivered", None, (
            (33, "label_created", "Reno, NV", "Shipping label created"),
            (32, "in_transit", "Salt Lake City, UT", "In transit to next facility"),
            (29, "out_for_delivery", "Chicago, IL", "Out for delivery"),
            (29, "delivered", "Chicago, IL", "Delivered, in/at mailbox"),
        )),
    ),
    OrderSpec(
        "bob-shipped", "bob@example.com", 3, "shipped", "NW-49720",
        (("PLS-TRK-CF", "Carbon Trekking Poles (pair)", 1, 15900),),
        0, ("card", "captured", "1881"),
        ShipmentSpec("FedEx", "7712 9988 1122", "exception", 2, (
            (2.5, "label_created", "Reno, NV", "Shipping label created"),
            (2, "in_transit", "Reno, NV", "Picked up"),
            (0.5, "exception", "Denver, CO", "Weather delay: severe storms in the area"),
        )),
    ),
    OrderSpec(
        "carol-delivered", "carol@example.com", 15, "delivered", "NW-49002",
        (("KYK-PDL-230", "Touring Kayak Paddle, 230 cm", 1, 18900),
         ("DRY-20L", "Roll-Top Dry Bag, 20 L", 2, 2900)),
        0, ("card", "captured", "0005"),
        ShipmentSpec("UPS", "1Z999AA10155550001", "delivered", None, (
            (14, "label_created", "Reno, NV", "Shipping label created"),
            (13, "in_transit", "Portland, OR", "Arrived at facility"),
            (12, "delivered", "Seattle, WA", "Delivered, left at front desk"),
        )),
    ),
    OrderSpec(
        "carol-paid", "carol@example.com", 2, "paid", "NW-49810",
        (("HMK-DBL", "Double Camping Hammock with Straps", 1, 7900),),
        695, ("paypal", "captured", None),
    ),
)

TICKETS: tuple[TicketSpec, ...] = (
    TicketSpec(
        "alice@example.com", 58, "Tent pole snapped on first pitch", "closed", "high", "returns",
        "alice-returned",
        (("c", 0, "Hi, I set up my Ridgeline UL tent for the first time in the backyard and the "
                  "main hub pole cracked at the joint. I didn't force it. Can I return it?"),
         ("a", 3, "I'm sorry about that, Alice. That hub joint shouldn't crack under normal use. "
                  "I've emailed you a prepaid UPS return label; once the tent is scanned we'll "
                  "refund the full $349.00 to your card."),
         ("c", 26, "Dropped it off at the UPS Store this morning. Thanks for the quick help!"),
         ("a", 120, "The return arrived at our warehouse and your refund has been issued. It can "
                    "take 3–5 business days to appear on your statement. Closing this ticket.")),
        rating=(5, "Fast and friendly, refund arrived in three days."),
    ),
    TicketSpec(
        "alice@example.com", 16, "Do the Cascade boots run small?", "solved", "low", "products",
        "alice-delivered",
        (("c", 0, "My new Cascade Mid boots feel snug in the toe box. Do they run small, and "
                  "can I exchange them for an 8.5?"),
         ("a", 5, "They do run about a half size small — a lot of customers size up. You can "
                  "exchange within 60 days as long as they've only been worn indoors. Reply here "
                  "if you'd like me to set up the exchange."),
         ("c", 7, "Thanks, I'll try them with thinner socks for a week first."),
         ("a", 8, "Sounds good! I'll mark this solved for now; just reply if you want the "
                  "exchange and it will reopen.")),
    ),
    TicketSpec(
        "alice@example.com", 9, "Refund for cancelled stove order", "on_hold", "normal",
        "payments", "alice-cancelled",
        (("c", 0, "I cancelled order NW-49210 the same day but the PayPal refund hasn't shown "
                  "up yet."),
         ("a", 4, "I can see the cancellation went through and the refund was sent to PayPal. "
                  "PayPal is reviewing it on their side; I've opened a case with them and put "
                  "this ticket on hold until they reply (usually 2–3 business days).")),
    ),
    TicketSpec(
        "alice@example.com", 4, "Change delivery address for rain jacket order", "pending",
        "normal", "shipping", "alice-shipped",
        (("c", 0, "Could the rain jacket and daypack go to my office instead? It's 500 NW "
                  "Broadway, Portland 97209."),
         ("a", 2, "The parcel is already with UPS, so we can't change the address from our "
                  "side, but UPS can redirect it. Could you confirm you'd like us to request a "
                  "redirect? There's no charge.")),
    ),
    TicketSpec(
        "alice@example.com", 1, "Headlamp battery compatibility", "open", "normal", "products",
        "alice-paid",
        (("c", 0, "Will the rechargeable AAA batteries I ordered work in the Trailblaze 400, "
                  "or does it need the proprietary pack?"),
         ("a", 3, "Good question — it takes either. Let me double-check the runtime figures "
                  "with our product team and get back to you today.")),
    ),
    TicketSpec(
        "alice@example.com", 0.05, "Can I add a stuff sack to my sleeping bag order?", "new",
        "low", "orders", "alice-pending",
        (("c", 0, "I just ordered the Alpine Down bag. Is it possible to add the compression "
                  "stuff sack to the same order so it ships together?"),),
    ),
    TicketSpec(
        "bob@example.com", 28, "Cooler lid latch broken on arrival", "solved", "high", "returns",
        "bob-delivered",
        (("c", 0, "The cooler arrived with one of the rubber lid latches torn off. Photos "
                  "can be sent if needed."),
         ("a", 6, "Sorry about that, Bob! We're shipping you a replacement latch kit at no "
                  "cost (USPS, tracking to follow). It clips on without tools."),
         ("c", 30, "Got the kit, fixed in two minutes. Thanks!")),
    ),
    TicketSpec(
        "bob@example.com", 0.4, "Trekking poles delayed — will they arrive by Friday?", "open",
        "urgent", "shipping", "bob-shipped",
        (("c", 0, "Tracking shows a weather exception in Denver. I leave for a hike on "
                  "Saturday — will the poles make it?"),
         ("a", 1, "FedEx expects the delay to clear within 24 hours. I've asked them to "
                  "prioritise the parcel and will update you as soon as it moves.")),
    ),
    TicketSpec(
        "carol@example.com", 10, "Paddle length advice", "closed", "low", "products",
        "carol-delivered",
        (("c", 0, "Is 230 cm right for a 24\" wide touring kayak? I'm 5'4\"."),
         ("a", 4, "For a 24\" beam and your height, 230 cm is a good fit for a relaxed, "
                  "low-angle stroke. Enjoy the water!")),
    ),
    TicketSpec(
        "carol@example.com", 1.5, "Gift receipt for hammock", "pending", "low", "orders",
        "carol-paid",
        (("c", 0, "The hammock is a gift — can you leave the price off the packing slip?"),
         ("a", 2, "Yes, we can include a gift receipt. Should I add a short gift message too? "
                  "Just reply with the text.")),
    ),
)
