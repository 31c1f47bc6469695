"""Help articles: product care, sizing, warranty and repairs."""

from helpdesk_server.faq.spec import ArticleSpec, CategorySpec

CATEGORY = CategorySpec(
    id=7,
    slug="gear-care-warranty",
    name="Gear care and warranty",
    description="Sizing, caring for your gear, the 2-year warranty, repairs and recalls.",
    articles=(
        ArticleSpec(
            701,
            "warranty",
            "The Northwind 2-year warranty",
            ("warranty", "defective", "repair", "claim"),
            """
Everything we sell is covered for **2 years from the date of purchase** against defects in
materials and workmanship. Northwind-brand packs and tents are covered for **5 years**.

## What is covered

- Seams, zips, buckles and stitching that fail in normal use.
- Waterproof coatings that peel or delaminate.
- Stoves, filters and electronics that stop working when used as instructed.

## What is not covered

- Normal wear and tear, such as worn soles or faded fabric.
- Damage from accidents, animals, fire, misuse or incorrect washing.
- Alterations and repairs made by someone else.
- Items bought from other sellers.

## Make a claim

1. Open **Orders → your order → Get help with this order** and choose *Warranty claim*. For
   in-store purchases, open a ticket with the receipt number.
2. Describe the problem and attach photos of the defect and of the product label.
3. We reply within **2 business days**. If we need to see the item, we send a free label.
4. We repair the item, replace it with the same or an equivalent product, or refund the
   price you paid, in that order of preference.

A replacement or repair does not restart the warranty; it continues from the original
purchase date. Damage that is not covered can often still be fixed by our repair service.
""",
            ("repair-service", "damaged-or-defective-item", "product-recalls"),
        ),
        ArticleSpec(
            702,
            "repair-service",
            "Gear repair service",
            ("repair", "zipper", "patch", "sustainability"),
            """
Repairing gear keeps it out of landfill and on the trail. Our repair workshop in Reno fixes
most outdoor gear, whatever brand and wherever you bought it.

## What we repair and typical prices

| Repair | Price | Time |
|---|---|---|
| Zip slider replacement | $15 | 1 week |
| Full zip replacement | $35–$60 | 2–3 weeks |
| Patch on jacket or tent fly | $12 per patch | 1 week |
| Tent pole section | $18 | 1 week |
| Seam re-taping | $30 | 2 weeks |
| Boot resoling | $95 | 4–6 weeks |

Rewards members get **15% off** labour. Repairs under our warranty are free.

## How to send gear

1. Open a ticket with the category *Repair* and describe what needs fixing, with photos.
2. We reply with a quote and a prepaid label, or you can drop the item at any store.
3. Clean and dry the item before sending it: we cannot repair muddy or damp gear.
4. We email you before starting work if the price will differ from the quote by more
   than $10.

## Fix it yourself

Small tears in jackets and tents can be repaired with adhesive repair tape, sold in stores.
Clean the area with rubbing alcohol, round the corners of the patch and press it firmly for
30 seconds.
""",
            ("warranty", "tent-care", "rain-jacket-care"),
        ),
        ArticleSpec(
            703,
            "size-guide",
            "Find your size",
            ("sizing", "fit", "size-chart", "exchange"),
            """
Every product page has a **Size chart** link under the size selector with that brand's
measurements. This guide explains how to measure.

## Measure yourself

Use a soft tape measure over light clothing:

- **Chest**: around the fullest part, under the arms.
- **Waist**: around your natural waist, where you bend.
- **Hips**: around the fullest part.
- **Inseam**: from the crotch to the floor, without shoes.
- **Foot**: stand on paper, mark heel and longest toe, and measure in centimetres. Measure
  both feet in the afternoon and use the longer one.

## Fit notes

| Product type | Advice |
|---|---|
| Rain shells | Size for a fleece underneath; choose your usual size |
| Base layers | Designed to fit close; size up if between sizes |
| Hiking boots | Allow a thumb's width in front of the longest toe |
| Backpacks | Choose by **torso length**, not height |

## Still unsure?

- Read the **Fit** rating in reviews: customers say whether items run small or large.
- Ask the live chat team: they can compare two products for you.
- Order with confidence: exchanges for another size are free within 30 days, and we ship the
  new size as soon as your return is scanned.
""",
            ("exchange-an-item", "boot-care", "return-policy"),
        ),
        ArticleSpec(
            704,
            "rain-jacket-care",
            "Wash and re-waterproof a rain jacket",
            ("care", "waterproof", "rain-jacket", "washing", "dwr"),
            """
If your waterproof jacket feels damp inside or water no longer beads on the surface, it
probably needs a wash, not replacing. Dirt and body oils block the breathable membrane.

## Wash

1. Close all zips and Velcro tabs and empty the pockets.
2. Wash at **30°C (86°F)** on a gentle cycle with a **technical wash** made for waterproof
   fabrics. Ordinary detergent and fabric softener damage the membrane.
3. Rinse twice to remove all soap.

## Restore water repellency

The outer fabric has a *durable water repellent* (DWR) finish that makes water bead up.

1. Tumble dry on **low heat** for 20 minutes. Heat reactivates the DWR.
2. Test by sprinkling water on the shoulders. If it soaks in, apply a **spray-on
   reproofer** to the clean, damp jacket, then tumble dry on low again.

## How often

Wash after every 10–15 days of use, or when it looks dirty. Wash more often if you use
sunscreen or insect repellent, which break down the coating.

## Never

- Dry-clean, iron directly or use bleach.
- Store it wet or compressed for long periods.

If the inside tape is peeling or the fabric has delaminated, that may be covered by our
warranty; see *The Northwind 2-year warranty*.
""",
            ("down-care", "warranty", "repair-service"),
        ),
        ArticleSpec(
            705,
            "down-care",
            "Care for down jackets and sleeping bags",
            ("care", "down", "sleeping-bag", "washing", "storage"),
            """
Down keeps you warm by trapping air. Clean, dry, fluffy down lasts for decades; dirty or
compressed down loses its loft.

## Wash (once or twice a year)

1. Use a **front-loading** washing machine. Top loaders with an agitator can tear the
   baffles. Many launderettes have large front loaders for sleeping bags.
2. Use a **down-specific wash**, never detergent or softener.
3. Wash on a gentle cycle at 30°C (86°F) and add an extra rinse.

## Dry (this takes hours)

1. Tumble dry on **low heat** with two or three clean tennis balls to break up clumps.
2. Check every 30 minutes and pull apart clumps by hand.
3. A sleeping bag can take **3–4 hours**. It must be completely dry: damp down goes mouldy.

## Store

- Store sleeping bags **loose**, in the large cotton storage sack, not in the stuff sack.
- Hang jackets, or store them loosely folded.
- Keep them somewhere dry and dark.

## Small leaks

A few feathers poking through is normal. Pull them back from the *inside* of the fabric
rather than pulling them out. For a tear, use repair tape straight away and book a repair
with our repair service.

Responsible down: all Northwind down is certified to the Responsible Down Standard.
""",
            ("rain-jacket-care", "repair-service", "tent-care"),
        ),
        ArticleSpec(
            706,
            "tent-care",
            "Set up, dry and store your tent",
            ("care", "tent", "camping", "storage"),
            """
A tent that is dried and stored properly lasts many seasons. Mould and UV are its biggest
enemies.

## Before your first trip

Pitch the tent at home. Check that all poles, pegs and guylines are there, and learn the
setup in daylight, not in the rain at a trailhead.

## At camp

- Clear stones and sticks from the pitch and use a **footprint** under the floor.
- Peg out the fly tight so it does not touch the inner tent; that is what keeps condensation
  off you.
- Open vents, even when it is cold, to reduce condensation.
- Never cook inside a tent: fire and carbon monoxide are deadly.

## After the trip

1. **Dry it completely** within 24 hours, even if it looks dry. Pitch it in the garden or
   hang it indoors. A tent packed wet grows mould within days, and mould damage is not
   covered by the warranty.
2. Shake out sand and grit, and sponge off dirt with clean water. Do not machine wash.
3. Wipe zips clean so they keep running smoothly.

## Store

Store it loosely in a breathable bag in a cool, dry place, not in its tight stuff sack.
Keep the poles assembled in sections to rest the shock cord.

A broken pole section can be replaced by our repair service within a week.
""",
            ("repair-service", "warranty", "down-care"),
        ),
        ArticleSpec(
            707,
            "boot-care",
            "Break in and care for hiking boots",
            ("care", "boots", "footwear", "fit", "blisters"),
            """
Modern hiking boots need little breaking in, but a few short walks help you find fit
problems before a long trip.

## Breaking in

1. Wear them around the house for a few evenings, with the socks you will hike in. You can
   still return boots that have been worn **indoors only**.
2. Then take short walks on easy trails, increasing the distance each time.
3. Hot spots? Try a different lacing pattern, thinner or thicker socks, or an insole
   before blisters form.

## Cleaning

- After each hike, knock off mud and brush the boots with a soft brush and lukewarm water.
- Remove the insoles and let boots dry at **room temperature**, stuffed with newspaper.
  Never put them near a fire, radiator or heater: heat cracks leather and melts glue.

## Waterproofing

- **Leather**: apply a wax or conditioner made for your boot's leather when it looks dry.
- **Fabric with a waterproof membrane**: use a spray-on reproofer on clean, damp boots.

## When to replace

When the tread is worn flat, the midsole is compressed or creased, or the boots no longer
support your ankle. Leather boots with a sound upper can often be resoled by our repair
service for much less than a new pair.
""",
            ("size-guide", "repair-service", "warranty"),
        ),
        ArticleSpec(
            708,
            "product-recalls",
            "Product recalls and safety notices",
            ("recall", "safety", "stove", "warranty"),
            """
Safety comes first. When a product we sold is recalled, we contact everyone who bought it
and make the remedy as simple as possible.

## Current recalls

| Product | Problem | Remedy |
|---|---|---|
| Ember 2 camp stove, batch E2-2504 | Fuel valve can leak | Free replacement valve kit |
| Canyon 300 headlamp, sold March–May | Battery can overheat while charging | Full refund |

Check the batch or serial number on the product label or under the stove base.

## If you own a recalled product

1. **Stop using it** straight away.
2. Open **Orders → your order → Get help with this order** and choose *Recall*, or bring the
   item to any store. You do not need a receipt for a recall.
3. We send the remedy, usually a repair kit, replacement or refund, with a prepaid label if
   the item has to come back.

Recall remedies are free of charge and do not depend on the return window or the warranty.

## How we tell you

We email everyone who bought the product online or with a Rewards account, and post notices
in stores and on this page. Recalls are also listed on the website of the U.S. Consumer
Product Safety Commission.

Spotted a safety problem that is not listed? Stop using the item and contact us: safety
reports are reviewed by our product team the same day.
""",
            ("warranty", "damaged-or-defective-item", "contact-support"),
        ),
    ),
)
