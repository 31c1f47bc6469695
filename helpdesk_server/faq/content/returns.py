"""Help articles: returns and refunds."""

from helpdesk_server.faq.spec import ArticleSpec, CategorySpec

CATEGORY = CategorySpec(
    id=3,
    slug="returns-refunds",
    name="Returns and refunds",
    description="The 30-day return policy, starting a return, exchanges and refund timing.",
    articles=(
        ArticleSpec(
            301,
            "return-policy",
            "Our 30-day return policy",
            ("returns", "return-policy", "refund"),
            """
Not quite right? You can return most items within **30 days of delivery** for a full refund
to your original payment method.

## What can be returned

- Unused items in their original condition, with tags attached.
- Footwear tried on indoors only, in its original box.
- Items bought online or in a store, with an order number or receipt.

## Return shipping

| Situation | Return label |
|---|---|
| Northwind Rewards member | Free |
| Everyone else | $6.95, deducted from the refund |
| Damaged, defective or wrong item | Free |
| Return in any store | Free |

## Holiday purchases

Items delivered between **1 November and 24 December** can be returned until **31 January**
of the following year.

## What cannot be returned

Gift cards, opened fuel and food, personalised items and anything marked **Final sale**.
See *Items that cannot be returned*.

## Used it and it failed?

That is not a return but a warranty claim. Our 2-year warranty covers defects in materials
and workmanship; see *The Northwind 2-year warranty*.

Ready to send something back? See *Start a return online*.
""",
            ("start-a-return", "refund-timing", "final-sale-items", "warranty"),
        ),
        ArticleSpec(
            302,
            "start-a-return",
            "Start a return online",
            ("returns", "return-label", "refund"),
            """
Returns take a few minutes to set up and can be dropped at any UPS location, or brought to
one of our stores.

## Steps

1. Open **Orders** and select the order.
2. Choose **Return items**, or from the terminal run `helpdesk orders return SO10482`.
3. Select the items and quantities, and tell us why you are returning them. The reason helps
   us improve, and *damaged*, *defective* and *wrong item* returns get a free label.
4. Choose a refund or an exchange (see *Exchange for a different size or colour*).
5. Print the prepaid **UPS label**, or show the QR code at a UPS Store to print it there.
6. Pack the items securely, ideally in the original box, attach the label and drop the
   parcel off within **14 days**.

A ticket is created with your return so you can follow progress and ask questions in one
place.

## Returning without an account

Use **Returns → Find my order** with the order number and the email used at checkout.

## In a store

Bring the items and the order number. Store returns are free and the refund is issued on the
spot, so it reaches you as fast as your payment method allows.

Track your return from the order page; see *Check the status of a return*.
""",
            ("return-policy", "return-status", "refund-timing"),
        ),
        ArticleSpec(
            303,
            "refund-timing",
            "When will I get my refund?",
            ("refund", "refund-timing", "returns", "payment"),
            """
We issue refunds within **2 business days** of your return arriving at our warehouse. We
email you when we do. How long the money then takes to appear depends on how you paid.

| Payment method | Time after we issue the refund |
|---|---|
| Credit or debit card | 3–5 business days (some banks take up to 10) |
| PayPal | 1–2 business days |
| Apple Pay, Google Pay | Same as the card behind them |
| Northwind gift card | Immediately, as a new gift card by email |
| Klarna Pay in 4 | 1–3 business days; remaining payments are adjusted |
| Store return | Refunded at the till; timing as above |

## What gets refunded

- The price you paid for the returned items, after any discount or promo code.
- Original shipping, only if the whole order is returned because it was damaged,
  defective or wrong.
- The $6.95 return label fee is deducted unless the return was free (see the return policy).

## The refund is late

1. Check the return status on the order page. *Refunded* shows the date we issued it.
2. If it was issued more than 10 business days ago to a card, ask your bank for the refund
   reference; we include it in the refund email.
3. Still missing? Reply to your return ticket and we will trace it with the payment
   provider.
""",
            ("return-status", "return-policy", "payment-methods"),
        ),
        ArticleSpec(
            304,
            "exchange-an-item",
            "Exchange for a different size or colour",
            ("exchange", "size", "returns"),
            """
The fastest way to swap a size or colour is an exchange: we ship the replacement **as soon
as your return is scanned by the carrier**, without waiting for it to reach us.

## How to exchange

1. Open **Orders → your order → Return items**.
2. Select the item and choose **Exchange** instead of refund.
3. Pick the new size or colour. Only in-stock options are shown.
4. Ship the original back with the prepaid label within 14 days.

Exchanges are **free**: no label fee and free Standard shipping on the replacement,
within the 30-day return window.

## Things to know

- Exchanges are for the **same product** in another size or colour. For a different product,
  return the item for a refund and place a new order.
- If the new option costs more, we charge the difference; if it costs less, we refund it.
- If your return is not scanned within 14 days, the replacement is charged to your original
  payment method.
- Exchanges ship within the United States only. International customers can return the item
  and place a new order.

Unsure about size? Our *Find your size* article has size charts for every brand we carry,
and the live chat team can help with fit questions.
""",
            ("start-a-return", "size-guide", "return-policy"),
        ),
        ArticleSpec(
            305,
            "damaged-or-defective-item",
            "Received a damaged or defective item",
            ("damaged", "defective", "returns", "claim"),
            """
We are sorry. Damaged and defective items are replaced or refunded at no cost to you,
including return shipping.

## Damaged in transit

1. Take photos of the item, the box and the shipping label **before** you throw any
   packaging away.
2. Open **Orders → your order → Get help with this order** and choose *Arrived damaged*
   within **14 days** of delivery.
3. Attach the photos. You can add up to 10 attachments of up to 10 MB each.

Usually we ship a replacement straight away and you do not need to send the damaged item
back. If we do need it, we include a free return label.

## Defective on arrival

If a zip, buckle, seam, stove or electronic item fails the first time you use it, treat it
as defective rather than damaged:

1. Stop using it, especially if it is a stove, lantern or anything with fuel or batteries.
2. Start a return and choose *Defective*; the label is free.
3. Tell us what happened in a sentence or two. It helps our product team.

## After 30 days

An item that fails after the return window is covered by our 2-year warranty. See *The
Northwind 2-year warranty*.
""",
            ("warranty", "wrong-item-received", "start-a-return"),
        ),
        ArticleSpec(
            306,
            "wrong-item-received",
            "Received the wrong item",
            ("wrong-item", "returns", "order"),
            """
Wrong size, wrong colour, or something you never ordered? We will put it right at our
expense.

## What to do

1. Compare the item with the packing slip and with your order on the **Orders** page. If
   the slip is correct but the item is not, it was picked wrongly; if the slip is also
   wrong, the box may belong to another order.
2. Open **Get help with this order** and choose *Wrong item*. Add a photo of the item's label
   showing the product name, size and colour.
3. We ship the right item by **Expedited shipping** at no cost as soon as we confirm the
   mix-up, usually the same business day.
4. Return the wrong item within 30 days with the free label we send you. Please do not use it.

## If you ordered the wrong size

That is an ordinary exchange, which is also free. See *Exchange for a different size or
colour*.

## Something you did not order at all

If the parcel is addressed to you but contains another customer's order, please still
contact us: someone is waiting for those items, and we will send you a free label for
them.
""",
            ("exchange-an-item", "damaged-or-defective-item", "items-missing-from-order"),
        ),
        ArticleSpec(
            307,
            "final-sale-items",
            "Items that cannot be returned",
            ("final-sale", "returns", "exceptions"),
            """
Almost everything can be returned within 30 days, but a few items cannot, for hygiene,
safety or legal reasons.

## Not returnable

- **Gift cards**, digital or physical.
- **Opened consumables**: fuel canisters, freeze-dried meals, energy bars, sunscreen and
  insect repellent.
- **Personalised items**, such as embroidered jackets or engraved knives.
- **Final sale** items: clearance products marked *Final sale* on the product page and in
  your order confirmation.
- **Underwear and swimwear** with the hygiene seal removed.
- **Rental gear** (it is returned under the rental agreement instead).

## Still covered

Final sale and opened items are still covered if they are damaged, defective or not what you
ordered. Contact us within 14 days of delivery, or use the 2-year warranty for defects
that appear later.

## Unopened consumables

Sealed fuel canisters and unopened food can be returned within 30 days, **in a store
only**, because they cannot travel in a return parcel.
""",
            ("return-policy", "ground-only-items", "warranty"),
        ),
        ArticleSpec(
            308,
            "return-a-gift",
            "Return or exchange a gift",
            ("gift", "returns", "exchange", "gift-receipt"),
            """
Received a Northwind gift that does not fit? You can exchange it or get store credit
without the giver finding out.

## With a gift receipt or gift message

1. Go to **Returns → Return a gift**.
2. Enter the order number from the gift receipt (for example `SO10482`) and your postcode.
3. Choose an **exchange** or **store credit**. Store credit is sent to you as a Northwind
   gift card by email, for the amount the giver paid.
4. Print the free label and send the item back within 30 days of delivery (holiday gifts:
   until 31 January).

The giver is not told about the return, and the original payment is not refunded.

## Without a gift receipt

Bring the item to a store, or contact us with as much detail as you have: the giver's name,
the approximate delivery date and the delivery address. If we can find the order, we issue
store credit at the item's lowest price in the last 30 days.

## Gift cards received as a gift

Gift cards cannot be returned, but they never expire. See *Gift cards: buy, redeem and
check your balance*.
""",
            ("return-policy", "exchange-an-item", "gift-cards"),
        ),
        ArticleSpec(
            309,
            "international-returns",
            "Returns from outside the United States",
            ("international", "returns", "refund", "customs"),
            """
Customers abroad get the same **30-day** return window. The process differs a little
because the parcel crosses a border.

## Canada, the UK and the EU

1. Start the return from **Orders → your order → Return items**.
2. We email a prepaid return label and a customs form. The label costs the equivalent of
   $14.95 and is deducted from your refund; it is free for damaged, defective and wrong items.
3. Attach the label and the customs form to the outside of the parcel and hand it to the
   carrier named on the label.

Refunds include the duties and taxes you paid at checkout for the returned items.

## Other countries

Send the items back with a tracked service of your choice to:

```
Northwind Outfitters Returns
1200 Logistics Way
Reno, NV 89502
United States
```

Mark the customs declaration **"Returned goods – no commercial value"** so we are not
charged import duties; duties charged to us are deducted from the refund. Return shipping is
not refunded unless the item was damaged, defective or wrong. Duties paid to your carrier on
delivery cannot be refunded by us, but your customs office may refund them on proof of export.

Exchanges are not available abroad: return the item and place a new order.
""",
            ("international-shipping", "refund-timing", "return-policy"),
        ),
        ArticleSpec(
            310,
            "return-status",
            "Check the status of a return",
            ("returns", "return-status", "refund", "tracking"),
            """
Every return has a status on its order page, and a linked support ticket where we post
updates.

## Return statuses

| Status | What is happening |
|---|---|
| Requested | You started the return; we are waiting for the parcel |
| Approved | We accepted the return; send the items if you have not yet |
| Rejected | We could not accept it; the ticket explains why |
| Refunded | The refund has been issued to your payment method |

From the terminal, `helpdesk orders show SO10482` lists the returns of an order with their
status, and `helpdesk ticket show` opens the linked ticket.

## How long each step takes

- Carrier transit to our warehouse: 3–7 business days within the United States.
- Inspection and refund: within **2 business days** of arrival.
- Money back on your statement: see *When will I get my refund?*

## Why a return can be rejected

- Sent after the 30-day window (holiday purchases: after 31 January).
- Used or washed items, or items without tags, unless they are defective.
- A final sale item that is not damaged or defective.

A rejected item is sent back to you free of charge, or, if you prefer, donated to our gear
library partners.
""",
            ("refund-timing", "start-a-return", "final-sale-items"),
        ),
    ),
)
