"""Help articles: payments and billing."""

from helpdesk_server.faq.spec import ArticleSpec, CategorySpec

CATEGORY = CategorySpec(
    id=4,
    slug="payments-billing",
    name="Payments and billing",
    description="Payment methods, promo codes, gift cards, charges, invoices and rewards.",
    articles=(
        ArticleSpec(
            401,
            "payment-methods",
            "Accepted payment methods",
            ("payment", "credit-card", "paypal", "apple-pay", "checkout"),
            """
You can pay for online orders with any of the following:

- **Cards**: Visa, Mastercard, American Express and Discover, credit or debit.
- **PayPal**, including PayPal Pay Later where PayPal offers it.
- **Apple Pay** (Safari and the iOS app) and **Google Pay** (Chrome and the Android app).
- **Northwind gift cards**, on their own or together with another method.
- **Klarna Pay in 4**, for orders between $50 and $1,000 shipped to the United States.

We do not accept cheques, bank transfers, cryptocurrency or cash on delivery. In stores we
also take cash and contactless payments.

## When you are charged

We **authorize** the amount when you place the order and **charge** it when the order
ships. For a split order, each shipment is charged separately, so you may see several
charges that add up to the order total.

## Saving a card

Tick **Save for next time** at checkout. Saved cards are stored by our payment provider;
we keep only the brand, the last four digits and the expiry date. You can remove them in
**Account → Payment methods**.

All prices are in US dollars. If your card is issued abroad, your bank may add a foreign
transaction fee.
""",
            ("payment-declined", "gift-cards", "pay-in-4"),
        ),
        ArticleSpec(
            402,
            "promo-codes",
            "Using promo codes",
            ("promo-code", "discount", "coupon", "checkout"),
            """
Promo codes come from our newsletter, Northwind Rewards and partner offers.

## Apply a code

1. In your cart or at the **Payment** step, select **Add promo code**.
2. Enter the code. Codes are not case-sensitive: `TRAIL15` and `trail15` are the same.
3. Select **Apply**. The discount appears in the order summary before you pay.

## Rules

- **One promo code per order.** Rewards certificates and gift cards can be combined with a
  code.
- Codes cannot be used to buy gift cards or to pay for shipping unless the offer says so.
- Some brands and *Final sale* items are excluded; the offer terms list exclusions.
- Codes cannot be added after an order is placed. If you forgot one, contact us within
  **7 days** and we will refund the difference once.

## The code does not work

| Message | What it means |
|---|---|
| Code expired | The offer has ended; the date is in the offer terms |
| Minimum not met | The offer needs a minimum order total |
| Not valid for items in cart | Excluded brands or sale items |
| Already used | Single-use codes work for one order per account |

When you return items bought with a promo code, the refund is what you actually paid for
them, with the discount shared proportionally across the order.
""",
            ("gift-cards", "price-adjustment", "rewards-program"),
        ),
        ArticleSpec(
            403,
            "gift-cards",
            "Gift cards: buy, redeem and check your balance",
            ("gift-card", "balance", "payment", "store-credit"),
            """
Northwind gift cards come as a physical card or an e-gift card by email, for any amount
from **$25 to $500**. They **never expire** and have no fees.

## Buy

- **E-gift cards** are delivered by email, straight away or on a date you choose, with your
  message.
- **Physical cards** ship free in a gift envelope by Standard shipping.

## Redeem

1. At the **Payment** step, select **Gift card**.
2. Enter the 16-digit number and the 4-digit PIN (scratch the back of a physical card).
3. If the card does not cover the total, pay the rest with another method.

You can use up to **5 gift cards** per order, and a gift card together with a promo code.

## Check the balance

Enter the number and PIN on the **Gift cards** page, or ask any store. Your balance also
appears at checkout.

## Lost or stolen cards

We can replace a card if you have the **purchase receipt** or the order number, as long as
the balance has not been spent. Register e-gift cards in **Account → Wallet** to protect them.

## Refunds

Items paid for with a gift card are refunded to a new e-gift card by email. Gift cards
cannot be exchanged for cash, except where state law requires it.

Be careful: nobody legitimate, including our staff, asks to be paid in gift cards. See
*Recognise phishing emails and fake texts*.
""",
            ("promo-codes", "refund-timing", "phishing"),
        ),
        ArticleSpec(
            404,
            "payment-declined",
            "Payment declined at checkout",
            ("payment", "declined", "credit-card", "checkout"),
            """
A declined payment almost always comes from the bank or payment provider, not from us. We
are not told the reason, but these are the usual causes.

## Check these first

1. **Billing address**: it must match the address your bank has on file, including the
   postcode and apartment number.
2. **Card details**: expiry date and the security code (CVV) on the back, or the four digits
   on the front for American Express.
3. **Limits**: the order may exceed your available balance, credit limit or daily online
   limit.
4. **Security check**: your bank may have sent a text or app notification to approve the
   payment. Approve it and try again.

## Still declined

- Call the number on the back of your card and ask them to allow the payment. Then try
  again; a previous decline is not retried automatically.
- Try another card, PayPal, Apple Pay or Google Pay.
- Use a different browser or the app, in case an extension blocks the payment window.

## Declined but charged?

A declined attempt can leave a **pending authorization** on your statement. It is not a
charge and disappears within 3–7 business days. See *Pending charges and double charges*.

For your security, our agents cannot take card numbers by chat, phone or ticket, so please
never send them.
""",
            ("charged-twice", "payment-methods", "checkout-problems"),
        ),
        ArticleSpec(
            405,
            "charged-twice",
            "Pending charges and double charges",
            ("charges", "pending", "authorization", "billing", "double-charge"),
            """
Seeing two amounts for one order? In most cases one of them is a temporary authorization
that will disappear by itself.

## Authorizations and charges

When you place an order we ask your bank to **authorize** (hold) the amount. When the order
ships, we **charge** it. Some banks show both for a few days: the charge, and the hold that
has not yet been released. Holds are released within **3–7 business days**.

You may also see a hold when:

- a payment was declined and you tried again,
- you edited or cancelled an order within the first 60 minutes,
- a backordered item's hold expired and was renewed before shipping.

## Split shipments

An order that ships in several parcels is charged per shipment. The charges add up to your
order total; the order page shows each one under **Payments**.

## A real double charge

If two *posted* (not pending) charges for the same amount and shipment remain after 7
business days, open a ticket with **Get help with this order** and attach a screenshot of
your statement with unrelated transactions hidden. We check with our payment provider and
refund any duplicate within **2 business days**.

Please contact us before disputing a charge with your bank; a dispute freezes the payment
and can delay your refund by weeks.
""",
            ("payment-declined", "backorders-and-pre-orders", "invoices-and-receipts"),
        ),
        ArticleSpec(
            406,
            "price-adjustment",
            "Price drop after purchase",
            ("price-adjustment", "price-match", "discount", "refund"),
            """
If we lower the price of something you bought, you can get the difference back.

## Our price adjustment policy

- Applies within **14 days** of your order date, for items bought online or in a store.
- Once per item.
- Only to Northwind Outfitters' own prices, online or in store, for the **same item** in
  the same size and colour.

## How to ask

1. Open a ticket with the subject *Price adjustment*, or ask in a store.
2. Include the order number and a link to the product page showing the new price.
3. We refund the difference to your original payment method within 2 business days. Gift
   card payments get the difference on a new e-gift card.

## What is not covered

- Flash sales, doorbusters and clearance prices marked *Final sale*.
- Promo codes and Rewards offers that were not applied at checkout (see *Using promo codes*
  for forgotten codes).
- Other retailers' prices. We do not price-match competitors.
- Bundles and free-gift-with-purchase offers.

Returned the item instead? You can also return it and buy it again at the new price, within
the 30-day return window.
""",
            ("promo-codes", "return-policy", "refund-timing"),
        ),
        ArticleSpec(
            407,
            "invoices-and-receipts",
            "Download an invoice or receipt",
            ("invoice", "receipt", "vat", "billing", "business"),
            """
Every order has a receipt and, once it ships, an invoice showing tax.

## Download

1. Open **Orders** and select the order.
2. Choose **Download invoice** (PDF). Split orders have one invoice per shipment.
3. For in-store purchases, enter the receipt number from the bottom of your till receipt on
   the **Orders → Find a store purchase** page, or ask any store to reprint it.

## Company details and VAT numbers

To show a company name or VAT number on the invoice:

- add them in **Account → Billing details** before you order, or
- open a ticket within **90 days** of the order and we will reissue the invoice.

We cannot change the item descriptions, prices or dates on an invoice.

## Tax-exempt organisations

Schools, non-profits and government buyers in the United States can apply for tax exemption.
Upload your exemption certificate in a ticket with the subject *Tax exemption*; once it is
approved (usually within 3 business days), future orders are not taxed. We cannot refund
tax on past orders.

## Bulk and team orders

Clubs, schools and companies ordering more than 20 items can ask for a quote and invoice
payment terms through *Contact us → Team and bulk orders*.
""",
            ("sales-tax-and-vat", "charged-twice", "payment-methods"),
        ),
        ArticleSpec(
            408,
            "sales-tax-and-vat",
            "Sales tax, VAT and duties",
            ("tax", "sales-tax", "vat", "duties", "billing"),
            """
The tax on your order depends on where it is delivered, not where you live or where the
order ships from.

## United States

We collect **sales tax** in every state that has one, at the combined state and local rate
of the delivery address. Tax is calculated on the item price after discounts and, where the
state requires it, on shipping. The exact amount appears at the **Review** step before
you pay.

## Outside the United States

| Destination | Taxes and duties | Paid |
|---|---|---|
| Canada | GST/HST and duties | At checkout |
| UK, EU | VAT and duties | At checkout |
| Everywhere else | Import taxes and duties | To the carrier, on delivery |

For Canada, the UK and the EU nothing more is collected on delivery, and the invoice shows
the tax paid. For other destinations we cannot estimate or refund what the carrier collects.

## Refunds and tax

When you return items, the tax you paid on them is refunded too, proportionally if only part
of the order is returned.

Tax-exempt organisations can find out how to apply in *Download an invoice or receipt*.
""",
            ("international-shipping", "invoices-and-receipts", "international-returns"),
        ),
        ArticleSpec(
            409,
            "rewards-program",
            "Northwind Rewards points",
            ("rewards", "loyalty", "points", "membership"),
            """
Northwind Rewards is our free membership programme. Join in **Account → Rewards** or at any
till.

## Earning points

- **1 point for every $1** spent on eligible items, after discounts and before tax and
  shipping.
- **Double points** on your birthday month and during member events.
- **50 bonus points** for each product review with a photo.

Points are added when your order ships, and removed again if you return the items.

## Spending points

Every **100 points** turn into a **$5 Rewards certificate**, issued automatically on the
first day of each month. Certificates are valid for **90 days** and can be combined with a
promo code and with gift cards.

## Member benefits

| Benefit | Details |
|---|---|
| Free return shipping | No $6.95 label fee on returns |
| Early access | Member sales open 24 hours early |
| Gear repair discount | 15% off repair service labour |

## Points that expire

Points expire after **18 months** without a purchase. Any purchase keeps all of your points
alive.

Rewards points cannot be exchanged for cash or transferred between accounts, except when
we merge two accounts that both belong to you.
""",
            ("promo-codes", "return-policy", "merge-accounts"),
        ),
        ArticleSpec(
            410,
            "pay-in-4",
            "Pay in 4 with Klarna",
            ("klarna", "installments", "payment", "pay-later"),
            """
Klarna lets you split an order into **four interest-free payments** taken every two weeks.

## Who can use it

- Orders between **$50 and $1,000**, delivered to the United States.
- Customers approved by Klarna at checkout. Klarna runs a soft credit check that does not
  affect your credit score.

## How it works

1. At the **Payment** step, choose **Klarna – Pay in 4**.
2. Sign in to Klarna or create an account, and link a debit or credit card.
3. The first payment is taken **when your order ships**, and the remaining three every two
   weeks after that.

Klarna manages your payments: use the Klarna app or website to see your schedule, change
the card or pay early. Klarna may charge late fees if a payment fails.

## Returns and refunds

When we refund a Klarna order, Klarna reduces your remaining payments first, then refunds
anything you have already paid, within 1–3 business days. Pause payments in the Klarna app
while a return is on its way.

## Not available for

Gift card purchases, pre-orders over 30 days away and orders picked up in store.

Questions about approval, payment schedules or fees must go to Klarna, because we cannot
see or change your Klarna account.
""",
            ("payment-methods", "refund-timing", "backorders-and-pre-orders"),
        ),
    ),
)
