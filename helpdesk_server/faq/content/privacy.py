"""Help articles: privacy and security."""

from helpdesk_server.faq.spec import ArticleSpec, CategorySpec

CATEGORY = CategorySpec(
    id=6,
    slug="privacy-security",
    name="Privacy and security",
    description="Your data, deleting your account, phishing, cookies and keeping safe.",
    articles=(
        ArticleSpec(
            601,
            "download-your-data",
            "Download a copy of your data",
            ("privacy", "data-export", "gdpr", "ccpa"),
            """
You can ask for a copy of the personal data we hold about you at any time, free of charge.

## Request your data

1. Sign in and open **Account → Privacy → Download my data**.
2. Choose **Request export**. We may ask for your password again.
3. We email you when the file is ready, usually within **48 hours** and never later than
   **30 days**.
4. Download the ZIP file from the link in the email. The link works for **7 days** and only
   while you are signed in to the same account.

## What is in the export

| File | Contents |
|---|---|
| `profile.json` | Name, email, phone number, addresses |
| `orders.json` | Orders, items, payments (last four digits only), returns |
| `tickets.json` | Support tickets, messages and chat transcripts |
| `rewards.json` | Points history and certificates |
| `preferences.json` | Marketing, notification and cookie choices |

Attachments you uploaded to tickets are included in their original format. Full card
numbers are not included because we never store them.

## Without an account

Guest customers can ask for their data by opening a ticket from the *Contact us* page. We
verify your identity with an order number and the email used at checkout before sending
anything.

To correct data instead, edit it in **Account → Profile**, or ask us to do it.
""",
            ("close-your-account", "personal-data-we-collect", "marketing-preferences"),
        ),
        ArticleSpec(
            602,
            "close-your-account",
            "Delete your account and data",
            ("privacy", "delete-account", "data-deletion", "gdpr"),
            """
You can close your Northwind Outfitters account and have your personal data deleted.

## Before you delete

- **Finish open orders and returns.** We cannot delete an account with an order in transit
  or a refund in progress.
- **Spend your gift card balance and Rewards points.** Points are lost when the account is
  deleted; registered gift cards keep working as unregistered cards.
- **Download your data** if you want a copy; see *Download a copy of your data*.

## Delete your account

1. Open **Account → Privacy → Delete my account**.
2. Confirm with your password (and a two-factor code if 2FA is on).
3. We email a confirmation. Your account is deactivated straight away.

## What happens next

- For **30 days**, you can change your mind: sign in and choose **Restore account**.
- After 30 days, your profile, addresses, saved payment methods, wish lists, tickets and
  chat transcripts are permanently deleted.
- We must keep order and invoice records for **7 years** for tax law. They are kept separate
  from any profile and used only for accounting and legal claims.
- Marketing emails stop within 48 hours.

Deleting the account does not cancel a Klarna plan; payments continue with Klarna.

Only want fewer emails? See *Unsubscribe from marketing emails* instead.
""",
            ("download-your-data", "marketing-preferences", "merge-accounts"),
        ),
        ArticleSpec(
            603,
            "report-suspicious-activity",
            "Report a suspicious sign-in or a hacked account",
            ("security", "hacked", "suspicious-activity", "account", "login"),
            """
If you see an order you did not place, a changed address, a security email you did not
expect, or you simply cannot sign in any more, act quickly.

## Secure your account now

1. **Reset your password** with **Forgot password?**, even if you can still sign in. A reset
   signs out every session, including the intruder's.
2. **Turn on two-factor authentication**; see *Turn on two-factor authentication (2FA)*.
3. Check **Account → Sign-in & security → Recent activity** for sign-ins you do not
   recognise.
4. Check your **addresses**, **payment methods** and **personal access tokens**, and remove
   anything you did not add.
5. Change the password of your **email account** too, if it uses the same password.

## Tell us

Open a ticket with the category **Account security**, or chat with us and say *security*.
We will:

- cancel orders you did not place that have not shipped,
- stop returns or refunds sent to other addresses,
- restore Rewards points that were spent without your permission,
- lock the account if you cannot get in, until we verify your identity.

Unauthorized orders that have already shipped are investigated with the carrier; you will not
be charged for them.

## How it usually happens

Most account takeovers use a password leaked from another website. A unique password for
every site, kept in a password manager, prevents almost all of them.
""",
            ("reset-your-password", "two-factor-authentication", "phishing"),
        ),
        ArticleSpec(
            604,
            "phishing",
            "Recognise phishing emails and fake texts",
            ("phishing", "scam", "security", "email", "fraud"),
            """
Scammers send messages that look like they come from Northwind Outfitters to steal passwords
and card numbers.

## We never

- ask for your **password**, **one-time codes** or **backup codes**,
- ask for a full **card number** or CVV by email, chat, text or phone,
- ask you to pay in **gift cards** or cryptocurrency,
- send attachments such as `.zip`, `.html` or `.exe` files.

## Warning signs

- A sender address that is not exactly `@northwind.example`, for example
  `northwind-support@gmail.com` or `northwlnd.example`.
- Urgency: *Your account will be closed in 24 hours*.
- A prize, a refund you did not ask for, or a *failed delivery fee*.
- Links whose address, when you hover over them, does not start with
  `https://northwind.example/`.

## What to do

1. Do not click links or open attachments.
2. Forward the email as an attachment to `phishing@northwind.example`, or screenshot the
   text message and send it in a ticket.
3. Delete the message.

If you already entered your password on a fake page, reset it straight away and follow
*Report a suspicious sign-in or a hacked account*. If you entered card details, call your
bank to block the card.

When in doubt, open our site or app yourself, not through the link, and check your orders
and messages there.
""",
            ("report-suspicious-activity", "payment-security", "contact-support"),
        ),
        ArticleSpec(
            605,
            "marketing-preferences",
            "Unsubscribe from marketing emails",
            ("newsletter", "unsubscribe", "marketing", "privacy", "email"),
            """
You decide what marketing we send you, and you can change your mind at any time.

## Unsubscribe

- Select **Unsubscribe** at the bottom of any marketing email. It takes effect within
  **48 hours**, and you do not need to sign in.
- Or open **Account → Notifications → Marketing** and choose exactly what you want:

| Topic | What you get |
|---|---|
| Newsletter | Weekly gear stories, trip guides and new arrivals |
| Offers | Sales and promo codes, about twice a month |
| Member events | Rewards early access and store events |
| Back in stock | Only for items you asked us to watch |

## Text messages and post

- Reply **STOP** to any marketing text message.
- To stop our printed catalogue, open a ticket with the mailing address; it can take
  **6–8 weeks** because catalogues are printed in advance.

## What unsubscribing does not stop

Service messages about your orders, returns, tickets, password and account security are
always sent, because you need them. You can turn off the optional ones such as *Delivered*
alerts in the notification settings.

We never sell your email address or phone number. See *What personal data we collect and
why*.
""",
            ("email-not-arriving", "notifications", "personal-data-we-collect"),
        ),
        ArticleSpec(
            606,
            "cookies",
            "Cookies and tracking choices",
            ("cookies", "privacy", "tracking", "consent"),
            """
Our website and apps use cookies and similar technology. Some are needed for the site to
work; the rest are optional and off until you agree.

## Categories

| Category | Why | Can you turn it off? |
|---|---|---|
| Essential | Signing in, cart, checkout, security | No |
| Preferences | Language, region, recently viewed | Yes |
| Analytics | Counting visits and finding broken pages | Yes |
| Advertising | Showing our ads on other websites | Yes |

## Change your choices

- Select **Cookie settings** at the bottom of any page, or
- in the app, open **Account → Privacy → Tracking**.

Your choices are stored per browser or device, so set them on each one. Clearing your
cookies resets them, and we ask again.

## Global Privacy Control

If your browser sends the **Global Privacy Control** signal, we treat it as an opt-out of
advertising cookies and of *selling or sharing* personal information, without you doing
anything else.

Turning off essential cookies in your browser settings stops sign-in from working; see
*Stuck in a sign-in loop*.
""",
            ("personal-data-we-collect", "sign-in-loop", "marketing-preferences"),
        ),
        ArticleSpec(
            607,
            "payment-security",
            "How we protect your payment details",
            ("security", "payment", "credit-card", "pci", "fraud"),
            """
Your card details never touch our servers in readable form.

## How card payments work

- Card numbers are entered in a secure payment field provided by our payment processor,
  which is certified to **PCI DSS Level 1**, the highest standard for card security.
- We receive a **token** that stands for the card, plus the brand, last four digits and
  expiry date. That is all we keep, even for saved cards.
- Every page is served over **HTTPS** (TLS 1.2 or later).
- Banks may ask you to approve a payment in their app (3-D Secure). That check happens
  between you and your bank.

## Fraud checks

We check orders for signs of fraud, such as a billing and delivery address in different
countries combined with express shipping. Rarely, we hold an order and email you to confirm
it. Reply to that email, or call the number on our website (never one given in the email),
and the order ships the same day.

## What you can do

- Use a unique password and two-factor authentication on your account.
- Remove saved cards you no longer use in **Account → Payment methods**.
- Check your statement for charges from *NORTHWIND OUTFITTERS*; if you see one you do not
  recognise, see *Pending charges and double charges* first, then contact us.

Our staff will never ask for your full card number. If someone does, it is a scam.
""",
            ("phishing", "charged-twice", "two-factor-authentication"),
        ),
        ArticleSpec(
            608,
            "personal-data-we-collect",
            "What personal data we collect and why",
            ("privacy", "personal-data", "gdpr", "ccpa", "data"),
            """
This is a plain-language summary of our privacy notice. The full notice is linked at the
bottom of every page.

## What we collect

| Data | Why we need it | Kept for |
|---|---|---|
| Name, email, phone, addresses | Orders, deliveries and support | While your account is open |
| Order and payment records | Orders, returns, tax and accounting | 7 years |
| Support tickets and chats | Answering you and training our team | 3 years |
| Device and usage data | Security and fixing problems | 13 months |
| Marketing preferences | Sending only what you asked for | While your account is open |

## Who we share it with

Only with the companies that help us run the shop: carriers, our payment processor, Klarna
if you choose it, our email provider and our help desk software. Each may use the data only
for the service they provide to us. We **do not sell** personal data.

## Your rights

Depending on where you live (for example under the GDPR or the CCPA), you can ask to access,
correct, delete or export your data, object to marketing, and withdraw consent. Most of this
is self-service:

- *Download a copy of your data*
- *Delete your account and data*
- *Unsubscribe from marketing emails*

For anything else, write to `privacy@northwind.example`. We reply within 30 days.
""",
            ("download-your-data", "close-your-account", "cookies"),
        ),
        ArticleSpec(
            609,
            "report-a-vulnerability",
            "Report a security vulnerability",
            ("security", "vulnerability", "disclosure", "bug-bounty"),
            """
If you found a security problem in our website, apps, API or the `helpdesk` command-line
tool, we want to hear from you.

## How to report

Email `security@northwind.example` with:

- the affected address, app version or command,
- steps to reproduce the problem,
- what an attacker could do with it,
- your name or handle, if you want to be credited.

We confirm receipt within **2 business days**, keep you informed while we fix it and tell you
when it is resolved.

## Please

- Test only against **your own account** and data.
- Do not access, change or delete other customers' data, and stop as soon as you see any.
- Do not run denial-of-service tests, spam or social-engineering attacks on our staff.
- Give us **90 days** to fix the problem before you publish anything.

## Our promise

If you follow these rules, we will not take legal action against you, and we will credit
you on our security acknowledgements page if you want.

## Not a vulnerability

Reports about missing security headers without a real impact, or about software versions
shown in banners, are welcome but not urgent. Account problems such as a hacked account
belong with customer support; see *Report a suspicious sign-in or a hacked account*.
""",
            ("report-suspicious-activity", "payment-security", "phishing"),
        ),
    ),
)
