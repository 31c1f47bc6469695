"""Help articles: orders and shipping."""

from helpdesk_server.faq.spec import ArticleSpec, CategorySpec

CATEGORY = CategorySpec(
    id=2,
    slug="orders-shipping",
    name="Orders and shipping",
    description="Tracking, delivery options and times, changes, cancellations and delays.",
    articles=(
        ArticleSpec(
            201,
            "track-your-order",
            "Track your order",
            ("tracking", "order-status", "delivery", "shipping"),
            """
Every order gets a tracking number as soon as the carrier scans the parcel.

## Where to find tracking

- **Email**: the *Your order has shipped* email has a **Track package** button.
- **Account**: open **Orders**, select the order (for example `SO10482`) and choose
  **Track**. Each shipment of a split order has its own tracking.
- **Terminal**: `helpdesk orders track SO10482` shows every carrier scan.

## What the statuses mean

| Status | Meaning |
|---|---|
| Label created | We packed your order; the carrier has not scanned it yet |
| In transit | The carrier has the parcel and it is moving |
| Out for delivery | It is on the truck and should arrive today |
| Delivered | The carrier recorded delivery |
| Exception | Something needs attention: weather, an address problem or a failed attempt |

## Tips

- *Label created* can last up to 24 hours before the first scan. That is normal.
- Carriers update tracking a few times a day, not continuously.
- An **exception** usually resolves itself within a business day. If it shows *address
  problem*, contact us quickly so we can correct it with the carrier.

If tracking has not changed for 3 business days, see *Order delayed or tracking not
updating*.
""",
            ("shipping-delay", "package-delivered-not-received", "shipping-options"),
        ),
        ArticleSpec(
            202,
            "shipping-options",
            "Shipping options, costs and delivery times",
            ("shipping", "delivery", "express", "free-shipping", "costs"),
            """
We ship from our warehouses in Reno, Nevada and Columbus, Ohio with UPS, FedEx and USPS.
Orders placed **before 1 p.m. Eastern** on a business day leave the same day.

## Within the United States

| Option | Delivery time | Cost |
|---|---|---|
| Standard | 3–7 business days | $5.95, free on orders over $75 |
| Expedited | 2–3 business days | $12.95 |
| Express | Next business day | $24.95 |
| Store pickup | Usually 2–4 days | Free |

Delivery times start when the order ships, not when it is placed. Express orders placed after
1 p.m. Eastern or on a weekend ship the next business day.

## Good to know

- **Free shipping** applies to the order total after discounts and before tax.
- Alaska, Hawaii, Puerto Rico and APO/FPO addresses use Standard only and take 7–12
  business days.
- We cannot deliver Express to PO boxes.
- Large items such as kayaks and cargo boxes ship by freight; the product page shows the
  delivery estimate and the carrier calls you to book a time.
- Camping fuel and some batteries ship by ground only; see *Items that ship by ground only*.

Shipping abroad? See *International shipping, duties and taxes*.
""",
            ("international-shipping", "track-your-order", "ground-only-items"),
        ),
        ArticleSpec(
            203,
            "change-or-cancel-an-order",
            "Change or cancel an order",
            ("cancel", "order", "change-order"),
            """
We start packing orders quickly, so changes are possible only for a short time.

## Within 60 minutes of ordering

1. Open **Orders** and select the order.
2. Choose **Cancel order** or **Edit order**. You can change sizes, colours and quantities,
   remove items, or cancel everything.
3. A cancelled order is never charged; the temporary authorization on your card disappears
   within 3–7 business days, depending on your bank.

## After 60 minutes

The buttons disappear once the warehouse has started on your order. Contact us by chat or
ticket as soon as possible: if the order has not shipped, we can often still stop it.

## After it has shipped

We cannot recall a parcel in transit. Let it arrive, then return what you do not want for a
refund under our 30-day return policy. If you *refuse* delivery instead, the refund is
issued once the parcel is back at our warehouse, which can take 2–3 weeks.

## Adding an item

Items cannot be added to an existing order. Place a second order; if both ship the same
day and the second one falls under the free-shipping threshold, ask us and we will refund
its shipping cost.
""",
            ("change-shipping-address", "return-policy", "charged-twice"),
        ),
        ArticleSpec(
            204,
            "change-shipping-address",
            "Change the shipping address of an order",
            ("address", "shipping", "delivery", "order"),
            """
Spotted a typo in your address, or won't be home? What you can do depends on where the
order is.

## Before it ships

1. Within **60 minutes** of ordering, open **Orders → your order → Edit order** and update
   the address.
2. After that, contact us by chat with the order number and the correct address. If the
   warehouse has not packed the order yet, we update it for you.

## After it ships

- **UPS and FedEx**: we can request an address correction with the carrier. It usually
  adds a day, and it is not always possible.
- **USPS**: the carrier does not accept changes from the sender. Use the free USPS
  *Package Intercept* or ask your post office to hold the parcel.
- You can also redirect most UPS and FedEx parcels yourself to a pickup point using the
  tracking page.

## For next time

Save your addresses under **Account → Addresses** and mark one as default. Address
validation at checkout suggests corrections for missing apartment numbers and postcodes;
accept the suggestion unless you are sure it is wrong.

We cannot change the country of an order after it is placed, because duties and taxes are
calculated for the original destination. Cancel and order again instead.
""",
            ("change-or-cancel-an-order", "track-your-order", "international-shipping"),
        ),
        ArticleSpec(
            205,
            "international-shipping",
            "International shipping, duties and taxes",
            ("international", "shipping", "customs", "duties", "vat"),
            """
We ship to more than 40 countries, including Canada, the United Kingdom, the European Union,
Norway, Switzerland, Australia, New Zealand and Japan.

## Costs and times

| Destination | Delivery time | Shipping |
|---|---|---|
| Canada | 4–8 business days | $14.95, free over $150 |
| UK and EU | 5–10 business days | $19.95, free over $200 |
| Australia, New Zealand, Japan | 7–14 business days | $24.95, free over $250 |

## Duties and taxes

- For **Canada, the UK and the EU**, duties and taxes are calculated at checkout and included
  in what you pay (*delivered duty paid*). Nothing more is due on delivery.
- For other countries, the carrier collects duties and import taxes from you on delivery.
  We cannot estimate or refund them.

## Restrictions

- Camping fuel, bear spray, knives over 3 inches and lithium batteries sold separately
  cannot ship internationally.
- Prices are charged in US dollars; your bank converts the amount.
- Express and store pickup are not available abroad.

Returns from abroad work differently; see *Returns from outside the United States*.
""",
            ("shipping-options", "international-returns", "sales-tax-and-vat"),
        ),
        ArticleSpec(
            206,
            "package-delivered-not-received",
            "Package marked as delivered but not received",
            ("delivery", "missing-package", "stolen", "tracking"),
            """
Tracking says *Delivered* but there is nothing at your door? Most of these parcels turn up
within a day.

## Check first

1. Look around the delivery area: behind planters, at side or back doors, in the garage and
   in parcel lockers or the mailroom.
2. Ask neighbours and building staff; carriers sometimes leave parcels next door.
3. Read the delivery details on the tracking page. Many carriers add a photo or a note such
   as *left at front desk*.
4. Make sure every parcel of a split order is listed. Each one has its own tracking.
5. Wait until the end of the **next business day**: carriers sometimes mark parcels
   delivered a little early.

## Still missing?

Open a ticket with **Get help with this order** on the order page, or run
`helpdesk ticket create --order SO10482`, within **14 days** of the delivery date. Tell us
what you checked. We open an investigation with the carrier and, once it is complete
(usually 2–5 business days), send a replacement or issue a refund, whichever you prefer.

For orders over $300 we may ask you to sign a short statement that the parcel never
arrived; carriers require it for their claim.

To avoid this next time, ship to a pickup point or choose *signature required* at checkout.
""",
            ("track-your-order", "shipping-delay", "items-missing-from-order"),
        ),
        ArticleSpec(
            207,
            "items-missing-from-order",
            "Items missing from your order",
            ("missing-items", "split-shipment", "order", "delivery"),
            """
Opened the box and something is not there? Before contacting us, check whether your order
was **split**.

## Split shipments

When items are stocked in different warehouses, or one item is backordered, your order ships
in more than one parcel. Each parcel has its own tracking number and may arrive on a
different day. You pay shipping only once.

To check, open **Orders → your order**: every shipment is listed with its items. The packing
slip in the box also lists only the items in *that* parcel.

## Really missing

If the packing slip lists an item that is not in the box, or all shipments are delivered
and something is still missing:

1. Keep all packaging; small items sometimes hide in the paper fill.
2. Open **Orders → your order → Get help with this order** and choose *Item missing*.
3. Tell us which item is missing and attach a photo of the open box and packing slip.

We reply within one business day and ship the missing item by Expedited at no cost, or
refund it if it is out of stock.

Please report missing items within **30 days** of delivery.
""",
            ("track-your-order", "backorders-and-pre-orders", "wrong-item-received"),
        ),
        ArticleSpec(
            208,
            "backorders-and-pre-orders",
            "Backorders and pre-orders",
            ("backorder", "pre-order", "availability", "order"),
            """
Some products can be ordered before they are in stock. The product page tells you which:

- **Pre-order**: a new product that has not launched yet. The page shows the expected ship
  month.
- **Backorder**: a product that is temporarily sold out. The page shows an estimated ship
  date.

## How billing works

Your card is **authorized** when you order but only **charged when the item ships**. If the
wait is long, the authorization may drop off and be renewed shortly before shipping; you may
briefly see it twice. Pay-in-4 plans start when the item ships.

## Mixed orders

If your order mixes in-stock and backordered items, the in-stock items ship straight away
and the rest follows. You pay shipping once.

## Delays and cancelling

- We email you if the date moves by more than a week.
- You can cancel a backordered or pre-ordered item at any time before it ships from
  **Orders → your order → Cancel item**, even after the usual 60-minute window.
- Promo codes applied at checkout stay valid for the item, even if the code has expired by
  the time it ships.
""",
            ("items-missing-from-order", "change-or-cancel-an-order", "charged-twice"),
        ),
        ArticleSpec(
            209,
            "store-pickup",
            "Buy online, pick up in store",
            ("store-pickup", "click-and-collect", "stores", "order"),
            """
Store pickup is free and often faster than shipping. Choose **Pick up in store** in your
cart and select one of our 28 stores.

## How it works

1. Place your order before 3 p.m. local time.
2. Wait for the *Ready for pickup* email. Items in stock at that store are usually ready
   within **2 hours**; items sent from a warehouse take 2–4 business days.
3. Bring a photo ID and the order number (for example `SO10482`) or the pickup barcode in
   the email.
4. Collect your order at the pickup counter near the entrance.

## Someone else picking up

Add an **alternate pickup person** at checkout, or later from the order page. They need
their own photo ID and the order number.

## How long we hold orders

We keep your order for **7 days** after the *Ready for pickup* email. After that it is
cancelled and refunded to your original payment method.

## Returns

Online orders can be returned in any store, whether you had them shipped or picked them up.
Bring the item and the order number; the refund follows our usual refund timing.
""",
            ("shipping-options", "start-a-return", "refund-timing"),
        ),
        ArticleSpec(
            210,
            "shipping-delay",
            "Order delayed or tracking not updating",
            ("delay", "tracking", "late-delivery", "shipping"),
            """
Most parcels arrive on time, but weather, holidays and carrier backlogs can add a few days.

## When to wait

- **No first scan yet**: a label can sit in *Label created* for up to 24 hours while the
  carrier collects from our warehouse.
- **No update for 1–2 days**: parcels travelling long distances by truck are often scanned
  only at hubs.
- **Delivery date passed by one day**: carriers usually deliver the next business day.

## When to contact us

Get in touch with **Get help with this order** on the order page if:

- tracking has not changed for **3 business days**,
- the estimated delivery date passed **3 business days** ago (7 for international orders),
- the tracking shows an **exception** such as *address problem* or *returned to sender*.

We ask the carrier to trace the parcel. If it is declared lost, we send a replacement by
Expedited shipping or refund you, whichever you prefer, without waiting for the carrier's
claim.

## Paid for Express and it arrived late?

If an Express or Expedited parcel arrives late because of us or the carrier, we refund the
shipping fee. Ask in a ticket; this does not apply to delays caused by weather.
""",
            ("track-your-order", "package-delivered-not-received", "shipping-options"),
        ),
        ArticleSpec(
            211,
            "ground-only-items",
            "Items that ship by ground only",
            ("hazmat", "fuel", "batteries", "shipping", "restrictions"),
            """
Some outdoor gear counts as *hazardous material* for transport. Federal rules say it may
travel only by ground, never by air.

## Which items

- Camping fuel canisters (isobutane-propane) and liquid fuel
- Bear spray and other aerosols
- Fire starters and strike-anywhere matches
- Spare lithium batteries and power banks over 100 Wh
- Some waterproofing sprays

The product page shows a **Ground shipping only** label on these items.

## What it means for your order

- Only **Standard** shipping is offered when your cart contains a ground-only item, and it
  cannot ship to Alaska, Hawaii, Puerto Rico, APO/FPO addresses or abroad.
- If you want the rest of your order faster, place the ground-only items in a separate order.
- Store pickup is always available and is often the quickest way to get fuel for a trip.

## Returns

Unopened ground-only items can be returned **in a store only**. Used or opened fuel
canisters cannot be returned, and must never be put in a return parcel. To dispose of
empty canisters, puncture them with a canister recycling tool and recycle them where steel
is accepted.
""",
            ("shipping-options", "international-shipping", "final-sale-items"),
        ),
    ),
)
