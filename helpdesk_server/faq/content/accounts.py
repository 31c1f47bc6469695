"""Help articles: accounts and login."""

from helpdesk_server.faq.spec import ArticleSpec, CategorySpec

CATEGORY = CategorySpec(
    id=1,
    slug="accounts-login",
    name="Accounts and login",
    description="Signing in, passwords, two-factor authentication and your profile.",
    articles=(
        ArticleSpec(
            101,
            "reset-your-password",
            "Reset a forgotten password",
            ("password", "login", "reset", "sign-in"),
            """
Forgot your password? You can set a new one in a couple of minutes without contacting us.

## Steps

1. Go to **Sign in** and select **Forgot password?**
2. Enter the email address on your Northwind Outfitters account and select **Send link**.
3. Open the email titled *Reset your Northwind password*. The link works for **60 minutes**
   and only once.
4. Choose a new password (at least 8 characters) and confirm it.
5. Sign in with the new password.

Resetting your password signs you out everywhere else: on other browsers, the mobile app and
the help desk command-line tool. Personal access tokens you created for scripts keep working
until you delete them.

## The email never arrived

- Wait five minutes, then check your spam, junk or *Promotions* folder.
- Make sure you typed the address you registered with. For privacy we show the same message
  whether or not an account exists, so a typo looks like success.
- Ask for a new link. Only the newest link works; older ones expire as soon as you request
  another.
- Add `no-reply@northwind.example` to your contacts so filters let our mail through.

If you still cannot get in, your account may be temporarily locked after too many attempts;
see *Locked out after failed sign-in attempts*.
""",
            ("account-locked", "change-your-password", "email-not-arriving"),
        ),
        ArticleSpec(
            102,
            "change-your-password",
            "Change your password",
            ("password", "security", "account"),
            """
If you know your current password, you can change it from your account at any time. Do it
straight away if you think someone else may know it.

## On the website or app

1. Sign in and open **Account → Sign-in & security**.
2. Select **Change password**.
3. Enter your current password, then your new password twice.
4. Select **Save**.

## From the terminal

```
helpdesk account password
```

You are asked for the current and the new password; nothing is echoed to the screen.

## Password rules

- At least **8 characters** and at most 256.
- Spaces and any characters are allowed; a long passphrase such as four random words is
  stronger and easier to remember than a short, complex password.
- Do not reuse a password from another site. Password managers make this painless.

## What happens next

When the change is saved, every other session on your account is signed out: other browsers,
phones and the command-line tool must sign in again. You will get a confirmation email. If
you receive that email and did *not* change your password, reset it at once and contact us:
see *Report a suspicious sign-in or a hacked account*.
""",
            ("reset-your-password", "two-factor-authentication", "report-suspicious-activity"),
        ),
        ArticleSpec(
            103,
            "account-locked",
            "Locked out after failed sign-in attempts",
            ("login", "locked", "sign-in", "password"),
            """
To protect you from password-guessing attacks, we pause sign-in for an account after
**5 failed attempts in a row**.

## What the lock means

- The lock lasts **15 minutes** and then lifts automatically.
- Your orders, tickets and saved details are not affected.
- During the lock, even the correct password is refused, so waiting is the fastest fix.

## Getting back in

1. Wait 15 minutes without trying again (each attempt during the lock does not extend it,
   but it does not help either).
2. If you are not sure of your password, use **Forgot password?** instead of guessing. A
   successful reset also clears the lock immediately.
3. Sign in with the new password.

## Lock keeps coming back?

If your account locks again and you have not been trying to sign in, someone else may be
guessing your password. Reset it to a long, unique one and turn on two-factor
authentication. Then tell us through *Report a suspicious sign-in* so we can check the
sign-in history for you.

Agents can lift a lock early once you have confirmed your identity by answering questions
about a recent order. We will never ask for your password.
""",
            ("reset-your-password", "two-factor-authentication", "report-suspicious-activity"),
        ),
        ArticleSpec(
            104,
            "two-factor-authentication",
            "Turn on two-factor authentication (2FA)",
            ("2fa", "two-factor", "security", "authenticator", "login"),
            """
Two-factor authentication (2FA) asks for a one-time code after your password, so a stolen
password alone is not enough to get into your account.

## Set it up

1. Open **Account → Sign-in & security → Two-factor authentication**.
2. Choose a method:
   - **Authenticator app** (recommended): scan the QR code with an app such as Google
     Authenticator, Microsoft Authenticator, 1Password or Aegis.
   - **Text message**: enter a mobile number that can receive SMS.
3. Enter the 6-digit code to confirm.
4. Save your **10 backup codes** somewhere safe, such as a password manager or a printout.
   Each code works once.

## Signing in with 2FA

After your password, enter the current code from your app or SMS. Tick **Trust this device
for 30 days** on your own computer to be asked less often.

| Method | Works offline | Protection |
|---|---|---|
| Authenticator app | Yes | Strong |
| Text message | No | Good |
| Backup code | Yes | Strong, single use |

Lost your phone? See *Lost access to your two-factor device*. Command-line sessions and
personal access tokens are not asked for codes, so treat tokens like passwords.
""",
            ("lost-two-factor-device", "change-your-password", "personal-access-tokens"),
        ),
        ArticleSpec(
            105,
            "lost-two-factor-device",
            "Lost access to your two-factor device",
            ("2fa", "two-factor", "backup-codes", "recovery", "login"),
            """
New phone, lost phone, or an authenticator app that was wiped? You can still get back into
your account.

## Use a backup code

1. Sign in with your email and password.
2. On the code screen, choose **Use a backup code**.
3. Enter one of the 10 codes you saved when you turned on 2FA. Each code works once.
4. Go to **Account → Sign-in & security** and set up 2FA again on your new device. This
   also gives you a fresh set of backup codes; the old ones stop working.

## No backup codes?

Contact us through live chat or a ticket from the *Contact us* page and choose
**Account access**. To protect you, we verify your identity before removing 2FA:

- the email address on the account,
- the order number and delivery postcode of a recent order, and
- the last four digits of the card used on that order.

Recovery takes **up to 2 business days** after verification; we send the confirmation to
the account email, never to a new address supplied in the request. Once 2FA is removed,
sign in, change your password and set 2FA up again.

## Avoid this next time

Store backup codes in a password manager, and move your authenticator app to the new phone
*before* resetting the old one.
""",
            ("two-factor-authentication", "reset-your-password", "contact-support"),
        ),
        ArticleSpec(
            106,
            "update-email-address",
            "Change the email address on your account",
            ("email", "account", "profile"),
            """
Your email address is your sign-in name and where we send order confirmations, shipping
updates and replies to your tickets.

## Steps

1. Sign in and open **Account → Profile**.
2. Select **Edit** next to your email address.
3. Enter the new address and your current password.
4. We send a verification link to the **new** address. Open it within 24 hours.
5. Until you verify, sign-in and notifications keep using the old address.

We also send a notice to the old address. If you did not ask for the change, select
**This wasn't me** in that notice; the change is cancelled and your sessions are signed out.

## Things to know

- An address can belong to only one account. If the new address already has an account,
  sign in to that one instead, or ask us to merge order history (see *Merge two accounts*).
- Orders already placed keep the email used at checkout for their shipping notifications.
- Newsletter preferences move with the account.

Your name and phone number can be changed on the same page without verification, or from
the terminal with `helpdesk account update --name "…" --phone "…"`.
""",
            ("merge-accounts", "email-not-arriving", "change-your-password"),
        ),
        ArticleSpec(
            107,
            "create-an-account",
            "Create an account or check out as a guest",
            ("account", "sign-up", "guest-checkout", "registration"),
            """
You do not need an account to buy from Northwind Outfitters, but one makes returns, tracking
and support much quicker.

## Create an account

1. Select **Sign in → Create account**.
2. Enter your name, email address and a password of at least 8 characters.
3. Confirm your email address with the link we send you.

## What an account gives you

- **Order history** with tracking, invoices and one-click returns.
- **Saved addresses and payment methods** for faster checkout.
- **Support tickets and live chat** that already know your orders.
- **Northwind Rewards** points on every purchase.

## Guest checkout

Choose **Continue as guest** at checkout. You get the same confirmation and tracking
emails. To return a guest order, use **Returns → Find my order** with the order number
(for example `SO10482`) and the email used at checkout.

## Turn a guest order into an account order

Create an account with the **same email address** you used as a guest. Guest orders from the
last 2 years are added to your order history automatically after you verify the address.
""",
            ("update-email-address", "merge-accounts", "rewards-program"),
        ),
        ArticleSpec(
            108,
            "merge-accounts",
            "Merge two accounts",
            ("account", "merge", "email"),
            """
Ended up with two accounts, for example one from a work email and one from a personal
address? We can move the order history of one into the other.

## What can be merged

| Moves to the account you keep | Does not move |
|---|---|
| Orders and invoices | Saved payment cards |
| Open and closed tickets | Two-factor settings |
| Northwind Rewards points | Personal access tokens |
| Saved addresses | Newsletter preferences |

## How to ask

1. Sign in to the account you want to **keep**.
2. Open a ticket with the subject *Merge accounts* and give the email address of the
   account to close.
3. We email that second address to confirm you own it. Select the link within 7 days.
4. We merge the accounts within 3 business days and close the second one.

Merging cannot be undone. Orders that are in transit during the merge still arrive
normally, and any return in progress continues on the account you keep.

If you cannot access the second email address any more, tell us in the ticket; we can verify
ownership with order details instead.
""",
            ("create-an-account", "update-email-address", "close-your-account"),
        ),
        ArticleSpec(
            109,
            "personal-access-tokens",
            "Personal access tokens for scripts and the command line",
            ("tokens", "api", "cli", "automation", "security"),
            """
A **personal access token** lets a script or the `helpdesk` command-line tool act as you
without storing your password. Tokens start with `hdp_`.

## Create a token

1. Sign in, then run `helpdesk auth tokens create "backup script"` or open
   **Account → Sign-in & security → Personal access tokens → New token**.
2. Give the token a name that says where it is used and, ideally, an expiry between 1 and
   365 days.
3. Copy the token **now**. It is shown once; we only keep a fingerprint of it.

## Use it

Set it in the environment of the script:

```
export HELPDESK_TOKEN=hdp_…
helpdesk orders list --json
```

## Keep tokens safe

- Treat a token like a password: never paste it into a ticket, chat or public repository.
- Use one token per script, so you can revoke one without breaking the others.
- The token list shows when each token was last used; delete tokens you no longer need with
  `helpdesk auth tokens revoke pat_…` or the **Delete** button.

Changing your password does not revoke tokens. If a token leaks, delete it immediately and
create a new one.
""",
            ("use-the-command-line-tool", "two-factor-authentication", "change-your-password"),
        ),
    ),
)
