"""Help articles: technical problems with the website, app, emails and tools."""

from helpdesk_server.faq.spec import ArticleSpec, CategorySpec

CATEGORY = CategorySpec(
    id=5,
    slug="technical-problems",
    name="Technical problems",
    description="Website, app and email trouble, supported browsers and contacting support.",
    articles=(
        ArticleSpec(
            501,
            "website-not-loading",
            "Website not loading or looks broken",
            ("website", "browser", "cache", "troubleshooting"),
            """
Pages that load blank, buttons that do nothing or a layout that looks scrambled are almost
always fixed by one of these steps. Try them in order and reload after each one.

## Steps

1. **Reload without the cache**: press `Ctrl+Shift+R` (Windows, Linux) or `Cmd+Shift+R`
   (Mac).
2. **Try a private window**. If the site works there, an extension or stored data is the
   cause.
3. **Turn off extensions** one at a time, especially ad blockers, script blockers and
   coupon finders. Allow `northwind.example` in your ad blocker.
4. **Clear cookies and site data** for `northwind.example` only (in your browser's privacy
   settings). You will be signed out.
5. **Update your browser** to the latest version; see *Supported browsers and app versions*.
6. **Try another network**: some office and school networks block parts of the site. Switch
   from Wi-Fi to mobile data to check.

## Is it us?

Our status page at `status.northwind.example` shows current incidents and planned
maintenance. Maintenance happens on Tuesdays between 2 and 4 a.m. Eastern.

## Still broken

Contact us and include your browser and version, your device, the page address and a
screenshot. The **Copy diagnostics** link at the bottom of every page puts the technical
details on your clipboard for us.
""",
            ("supported-browsers", "sign-in-loop", "contact-support"),
        ),
        ArticleSpec(
            502,
            "app-crashes",
            "The mobile app crashes or will not open",
            ("app", "ios", "android", "crash", "troubleshooting"),
            """
The Northwind Outfitters app is available for iPhone and iPad (iOS 16 or later) and Android
(version 10 or later).

## Quick fixes

1. **Update the app** from the App Store or Google Play. Old versions stop working when we
   change how sign-in works.
2. **Force-close and reopen it**: swipe the app away from the app switcher.
3. **Restart your phone.**
4. **Free up storage**: the app needs about 200 MB free to update its catalogue.
5. **Android only**: go to *Settings → Apps → Northwind → Storage* and select **Clear
   cache**. Do not choose *Clear data* unless the cache did not help; it signs you out.
6. **Reinstall** the app. Your orders, wish lists and Rewards stay in your account.

## Crashes in one place only

- **At checkout**: make sure Apple Pay or Google Pay is set up with a valid card, or choose
  another payment method.
- **When scanning a barcode in store**: allow camera access in your phone's settings.
- **On the map of stores**: allow location access, or search by postcode instead.

## Report it

If it still crashes, open **Help → Report a problem** in the app (if you can reach it), or
contact us with your phone model, OS version and app version (*Settings → About*). Crash
reports are sent anonymously only if you allowed them when installing.
""",
            ("notifications", "website-not-loading", "contact-support"),
        ),
        ArticleSpec(
            503,
            "email-not-arriving",
            "Not receiving our emails",
            ("email", "spam", "notifications", "troubleshooting"),
            """
Order confirmations, password resets and ticket replies come from
`no-reply@northwind.example`. Replies from our agents come from `support@northwind.example`.

## Check these first

1. **Spam, junk and Promotions folders**, and any email rules or filters you have set up.
2. **The address on your account**: open **Account → Profile** and check for typos.
3. **Timing**: order confirmations arrive within 5 minutes, shipping emails when the carrier
   first scans the parcel.
4. **Mailbox full**: a full mailbox bounces our emails, and after three bounces we pause
   sending to protect our reputation. The profile page shows a warning when that happens;
   select **Resume emails** after making room.

## Make sure our emails get through

- Add both addresses above to your contacts or safe senders list.
- On company email, ask your IT team to allow `northwind.example`.
- Some privacy features, such as disposable or relayed addresses, can stop forwarding. Check
  that the relay is still active.

## Transactional and marketing emails

Unsubscribing from marketing emails does **not** stop order, password or ticket emails. If
you turned off marketing and still want our newsletter, see *Unsubscribe from marketing
emails* to subscribe again.

Everything we email about an order is also on its order page, and ticket replies are in
**Help → My tickets** and `helpdesk ticket show`.
""",
            ("reset-your-password", "marketing-preferences", "update-email-address"),
        ),
        ArticleSpec(
            504,
            "checkout-problems",
            "Can't complete checkout",
            ("checkout", "payment", "cart", "troubleshooting"),
            """
If the **Place order** button does nothing, spins forever or sends you back to the cart,
work through these steps.

## Steps

1. **Check the messages in red** above each section: an incomplete address, a postcode that
   does not match the state or an unavailable shipping option blocks the order.
2. **Review your cart**: an item that sold out while you were shopping is moved to
   *Saved for later* and the total changes. Confirm the new total.
3. **Payment window closed?** Card security checks and PayPal open a small window or a new
   tab. Allow pop-ups for `northwind.example` and complete the check there.
4. **Turn off extensions** such as ad blockers and coupon finders, or try a private window.
5. **Try the app**, or another browser.

## Did the order go through?

Before trying again, check **Orders** and your email for a confirmation. If you see an order
number like `SO10482`, the order is placed, even if the page showed an error. Placing it
again creates a second order; if that happens, cancel one within 60 minutes.

A payment **authorization** without an order disappears within 3–7 business days; see
*Pending charges and double charges*.

## Still stuck

Chat with us: agents can see what blocked the order and can place it for you while you wait,
using your saved payment method.
""",
            ("payment-declined", "charged-twice", "website-not-loading"),
        ),
        ArticleSpec(
            505,
            "supported-browsers",
            "Supported browsers and app versions",
            ("browser", "app", "requirements", "compatibility"),
            """
We test the website and apps on the versions below. Older versions may work, but checkout
and sign-in are not guaranteed.

| Platform | Supported versions |
|---|---|
| Chrome, Edge | The two latest versions |
| Firefox | The two latest versions, and the current ESR |
| Safari (macOS and iOS) | 16 and later |
| Samsung Internet | The latest version |
| iOS app | iOS 16 and later |
| Android app | Android 10 and later |

## Settings the site needs

- **JavaScript** turned on.
- **Cookies** allowed for `northwind.example`; signing in and the cart depend on them.
- **Pop-ups** allowed for payment security checks.
- **TLS 1.2 or later**: very old systems, such as Windows 7 with Internet Explorer, cannot
  connect securely.

## Accessibility

The site works with screen readers (VoiceOver, NVDA, JAWS, TalkBack), keyboard-only
navigation and browser zoom up to 400%. If something is hard to use with assistive
technology, please tell us through *Contact us*; accessibility reports go straight to our
web team.

Prefer the terminal? The `helpdesk` command-line tool works on Linux, macOS and Windows
with Python 3.11 or later; see *Get help from your terminal*.
""",
            ("website-not-loading", "app-crashes", "use-the-command-line-tool"),
        ),
        ArticleSpec(
            506,
            "use-the-command-line-tool",
            "Get help from your terminal with the helpdesk CLI",
            ("cli", "terminal", "helpdesk", "tokens"),
            """
`helpdesk` is our command-line help desk. It searches this help centre, opens and follows
tickets, tracks orders and even chats with an agent, without leaving your terminal.

## Install and sign in

```
pipx install helpdesk-cli
helpdesk auth login
```

`auth login` asks for your email and password and stores the session in your system
keyring. `helpdesk auth status` tells you who you are signed in as and where the token is
kept.

## Everyday commands

| Task | Command |
|---|---|
| Search the help centre | `helpdesk faq search "refund paypal"` |
| Read an article | `helpdesk faq show KB303` |
| Open a ticket | `helpdesk ticket create --subject "…" --order SO10482` |
| Follow replies live | `helpdesk ticket watch T1042` |
| Track an order | `helpdesk orders track SO10482` |
| Chat with an agent | `helpdesk chat` |
| Full-screen interface | `helpdesk tui` |

Add `--json` to any command for output that scripts can parse.

## In scripts

Use a personal access token instead of your password: create one with
`helpdesk auth tokens create NAME` and set it as `HELPDESK_TOKEN` in the script's
environment. See *Personal access tokens for
scripts and the command line*.
""",
            ("personal-access-tokens", "contact-support", "supported-browsers"),
        ),
        ArticleSpec(
            507,
            "contact-support",
            "Contact customer support",
            ("contact", "support", "chat", "tickets", "hours"),
            """
Most answers are in this help centre, and searching it is the fastest way to get one. When
you need a person, we are here.

## Ways to reach us

| Channel | Hours (Eastern time) | Typical response |
|---|---|---|
| Live chat | Mon–Fri 8 a.m.–8 p.m., Sat–Sun 9 a.m.–5 p.m. | Under 2 minutes |
| Ticket (web, app or `helpdesk ticket create`) | Any time | Within 1 business day |
| Phone, 1-800-555-0199 | Mon–Fri 9 a.m.–6 p.m. | Under 5 minutes |
| Any store | Store hours | In person |

## Get a faster answer

- Start from the order page with **Get help with this order**, so the agent sees the order
  straight away.
- Put one problem in each ticket, and reply in the same ticket rather than opening a new one.
- Attach photos for damaged, defective or wrong items.

## What we will never ask for

We never ask for your password, the full number of your card, one-time codes or backup
codes, by any channel. If someone does, it is not us; see *Recognise phishing emails and
fake texts*.

## Tickets and statuses

A ticket is *open* while we work on it, *pending* when we are waiting for your reply and
*solved* when we think it is done. Replying to a solved ticket reopens it. After that, you
can rate our help from 1 to 5.
""",
            ("use-the-command-line-tool", "phishing", "track-your-order"),
        ),
        ArticleSpec(
            508,
            "notifications",
            "Push notifications and order alerts",
            ("notifications", "app", "sms", "alerts"),
            """
Choose how you hear about your orders and tickets in **Account → Notifications**.

## What you can be told about

| Alert | Email | Push (app) | Text message |
|---|---|---|---|
| Order confirmed | Always | Optional | No |
| Shipped and out for delivery | Always | Optional | Optional |
| Delivered | Optional | Optional | Optional |
| Reply to your ticket | Always | Optional | No |
| Back in stock, price drop | Optional | Optional | No |

## Turn on push notifications

1. Open the app and go to **Account → Notifications**.
2. Turn on the alerts you want.
3. If your phone asks, allow notifications. If you said no before, turn them on in your
   phone's **Settings → Notifications → Northwind**.

## Text messages

Add a mobile number in **Account → Profile** and turn on SMS alerts. Reply **STOP** to any
message to turn them all off. Message and data rates may apply.

## Not getting notifications?

- Check that **Do Not Disturb** or a focus mode is not silencing the app.
- On Android, exclude the app from battery optimisation.
- Sign out of the app and back in: this refreshes the device registration.

In the terminal, `helpdesk ticket watch` shows replies to a ticket as they arrive.
""",
            ("app-crashes", "email-not-arriving", "marketing-preferences"),
        ),
        ArticleSpec(
            509,
            "sign-in-loop",
            "Stuck in a sign-in loop",
            ("login", "cookies", "browser", "troubleshooting"),
            """
If you sign in successfully but land back on the sign-in page, or get signed out on every
click, your browser is not keeping our sign-in cookie.

## Fix it

1. **Allow cookies** for `northwind.example`. Blocking *all* cookies, or third-party cookies
   with strict tracking protection, can stop sign-in.
2. **Check your device clock**. If the date or time zone is wrong, sign-in sessions look
   expired the moment they are created. Turn on *Set time automatically*.
3. **Clear cookies for our site only**, then sign in again.
4. **Use one tab**: signing in and out in several tabs at once can confuse the session.
5. **Turn off privacy extensions** for our site, or try a private window.

## After changing your password

Changing or resetting your password signs out every other session on purpose. Sign in again
once on each device.

## In the app

Update the app, then sign out and back in. If it still loops, reinstall it.

## From the terminal

If `helpdesk auth status` says your session expired, run `helpdesk auth login` again.
Scripts should use a personal access token, which does not expire unless you set an expiry.

If none of this helps, the account may be locked after failed attempts; see *Locked out
after failed sign-in attempts*.
""",
            ("account-locked", "website-not-loading", "cookies"),
        ),
    ),
)
