"""Article: blending essential oils into massage oils, with dilutions and safety."""

from demo.data.articles import ArticleData, Callout, Heading, Paragraph, Picture, Products, Quote

ARTICLE = ArticleData(
    slug="essential-oil-massage-blends",
    title="Three essential-oil massage blends, and how to mix them safely",
    author="Jonah Beaulieu",
    days_ago=12,
    intro=(
        "Choosing a carrier oil, getting the dilution right, and three simple blends to make at home, "
        "with the patch test that should come first."
    ),
    search_description=(
        "How to blend essential oils for massage: carrier oils compared, dilution ratios in percent and drops, "
        "three example blends, patch testing and safety."
    ),
    tags=("essential oils", "blends", "guides"),
    related_products=(
        "sweet-almond-massage-oil",
        "fractionated-coconut-carrier-oil",
        "lavender-essential-oil",
        "eucalyptus-radiata-essential-oil",
    ),
    hero=Picture(
        title="Oil blends: amber bottle",
        drawing="bottle",
        colour="#a8652a",
        caption="Amber glass protects essential oils from light, which is why most are sold in it.",
    ),
    body=(
        Paragraph(
            "<p>A good massage oil does two jobs: it lets hands glide without dragging on the skin, and it sets "
            "the mood of the session. The first job belongs to the carrier oil, the second to a few drops of "
            "essential oil. Mixing your own is cheaper than buying ready-made blends, and it means you know "
            "exactly what is in the bottle. It does, however, call for a little arithmetic and some care.</p>"
        ),
        Heading("Start with the carrier"),
        Paragraph(
            "<p>Essential oils are far too concentrated to use neat on skin, so they are always diluted in a "
            "carrier: a plain, mild plant oil. Each carrier behaves a little differently:</p>"
            "<ul>"
            "<li><b>Sweet almond</b> is the classic. It spreads well, absorbs slowly and suits most skin, but it "
            "comes from a tree nut, so skip it for anyone with a nut allergy.</li>"
            "<li><b>Fractionated coconut</b> is thin, clear and nearly odourless. It stays liquid in the cold, "
            "keeps for a long time and washes out of linens easily.</li>"
            "<li><b>Jojoba</b> is technically a liquid wax. It is close to the skin's own oils, rarely irritates "
            "and is lovely for the face, though it costs more.</li>"
            "<li><b>Sunflower and grapeseed</b> are light and inexpensive, but they go stale sooner; buy small "
            "bottles and keep them somewhere cool.</li>"
            "</ul>"
        ),
        Heading("Dilution: the numbers that matter"),
        Paragraph(
            "<p>Dilution is usually given as a percentage: the share of the finished blend that is essential "
            "oil. A standard drop from a dropper insert is about 0.05 mL, so there are roughly 20 drops in a "
            "millilitre. That gives a handy rule for a 30 mL bottle of carrier:</p>"
            "<ul>"
            "<li><b>0.5%</b>, about 3 drops in 30 mL: for older adults, sensitive skin, and the face.</li>"
            "<li><b>1%</b>, about 6 drops in 30 mL: a gentle everyday body blend and the right place to "
            "start.</li>"
            "<li><b>2%</b>, about 12 drops in 30 mL: the usual strength for a full-body adult massage.</li>"
            "<li><b>3%</b>, about 18 drops in 30 mL: for short-term use on a small area, such as a sore calf.</li>"
            "</ul>"
            "<p>More is not better. Higher concentrations raise the risk of irritation and sensitisation without "
            "making the massage any more effective, and for a whole-body session 2% is the ceiling we recommend.</p>"
        ),
        Callout(
            tone="tip",
            title="Count drops, not splashes",
            html=(
                "<p>Add essential oils to an empty bottle first, then top up with carrier and roll the bottle "
                "between your palms to mix. Label it with the date and the recipe so you can make it again.</p>"
            ),
        ),
        Picture(
            title="Oil blends: carrier bottle",
            drawing="bottle",
            colour="#c9a227",
            caption="A light carrier such as sweet almond makes up 98% or more of any massage blend.",
        ),
        Heading("Three blends to try"),
        Heading("1. Evening wind-down (1.5%)", level="h3"),
        Paragraph(
            "<p>In 30 mL of sweet almond oil: 5 drops of lavender, 3 drops of sweet orange and 1 drop of "
            "cedarwood. Soft and a little woody, it suits a slow back and shoulder massage at the end of the "
            "day. Citrus oils pressed from the peel can make skin more sensitive to sunlight, but sweet orange "
            "at this strength is considered low risk.</p>"
        ),
        Heading("2. After the run (2%)", level="h3"),
        Paragraph(
            "<p>In 30 mL of fractionated coconut oil: 5 drops of rosemary, 4 drops of peppermint and 3 drops of "
            "eucalyptus radiata. Bright and cooling, it is for legs and lower back after exercise. Keep it away "
            "from the face and wash your hands before touching your eyes; peppermint and eucalyptus should not "
            "be used on young children.</p>"
        ),
        Heading("3. Gentle everyday (1%)", level="h3"),
        Paragraph(
            "<p>In 30 mL of jojoba or sweet almond: 4 drops of lavender and 2 drops of frankincense. Mild and "
            "round, this is the blend to use when you are not sure how someone's skin will react, or for hands "
            "and feet.</p>"
        ),
        Products(
            heading="Build your own blend",
            slugs=("sweet-almond-massage-oil", "fractionated-coconut-carrier-oil", "lavender-essential-oil"),
        ),
        Heading("Always patch test"),
        Paragraph(
            "<p>Before using a new blend on a large area, dab a little on the inside of the forearm, cover it "
            "with a plaster and leave it for 24 hours. Redness, itching, swelling or a burning feeling means the "
            "blend is not for that person; wash the area with plain carrier oil and then soap and water. Patch "
            "test each new person, too: a blend one client loves can irritate the next.</p>"
        ),
        Callout(
            tone="caution",
            title="Safety first",
            html=(
                "<ul>"
                "<li>Never apply essential oils undiluted, and never take them by mouth.</li>"
                "<li>Ask a health professional before using them during pregnancy, on children, or with asthma "
                "or epilepsy.</li>"
                "<li>Keep bottles closed, upright and out of reach of children and pets; some oils are toxic "
                "to cats.</li>"
                "<li>Store blends in dark glass away from heat and use them within about six months.</li>"
                "</ul>"
            ),
        ),
        Quote(
            text=(
                "A blend should smell pleasant from a step away. If it fills the room before you open the "
                "bottle, it is too strong."
            ),
            attribution="Jonah Beaulieu",
        ),
        Paragraph(
            "<p>With one good carrier, two or three essential oils and a dropper, you can cover most of what a "
            "home massage needs. Start at 1%, write down what you make, and adjust from there.</p>"
        ),
    ),
)
