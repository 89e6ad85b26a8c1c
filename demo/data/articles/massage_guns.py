"""Article: reading a percussion massage gun's specifications."""

from demo.data.articles import ArticleData, Callout, Heading, Paragraph, Picture, Products, Quote

ARTICLE = ArticleData(
    slug="choosing-a-percussion-massage-gun",
    title="Choosing a percussion massage gun: what the numbers mean",
    author="Priya Natarajan",
    days_ago=4,
    intro=(
        "Stall force, amplitude, noise and battery life decide how a massage gun feels in your hand. "
        "Here is how to read them, and which ones matter for the way you will use it."
    ),
    search_description=(
        "How to choose a massage gun: stall force in pounds, amplitude in millimetres, speed settings, "
        "noise in decibels, battery life and weight explained."
    ),
    tags=("massage guns", "buying guides", "guides"),
    related_products=("northpeak-pro-16", "tidewell-quiet-pulse", "corvane-torque-x", "northpeak-mini"),
    hero=Picture(
        title="Massage gun guide: percussion gun",
        drawing="gun",
        colour="#1f5c4a",
        caption="Four numbers on the box tell you most of what you need to know.",
    ),
    body=(
        Paragraph(
            "<p>A percussion massage gun is a small motor that drives a padded head back and forth many times a "
            "second. Every model does that, so the differences come down to a few specifications printed on the "
            "box. The trouble is that brands measure them in different ways and rarely explain them. This guide "
            "goes through each number, what it means in practice, and how to weigh them against each other.</p>"
        ),
        Heading("Stall force: how hard you can press"),
        Paragraph(
            "<p>Stall force is the pressure, usually given in pounds, at which the motor stops moving the head. "
            "Below that number the gun keeps working as you lean in; at it, the head stalls. Light travel guns "
            "stall at around 20 to 30 lb, mid-range guns at 35 to 50 lb, and heavy-duty models at 60 lb and "
            "above.</p>"
            "<p>More is not automatically better. Most people using a gun on themselves rarely press harder than "
            "20 or 30 lb, because it simply becomes uncomfortable. High stall force matters when someone else is "
            "working on large, dense muscles, such as a clinician treating an athlete's hamstrings. If you mostly "
            "treat your own neck and forearms, a modest figure is fine.</p>"
        ),
        Heading("Amplitude: how deep each stroke goes"),
        Paragraph(
            "<p>Amplitude, or stroke length, is how far the head travels on each beat, in millimetres. It is the "
            "number that most changes the feel. At 8 to 10 mm a gun feels like a brisk vibration and suits "
            "smaller muscles, bony areas and beginners. At 12 mm it reaches further into the thighs, back and "
            "glutes. At 14 to 16 mm you feel a deep, thumping stroke that works large muscle groups well and can "
            "be too much on the neck.</p>"
            "<p>Amplitude and stall force work together: a deep stroke with a weak motor stalls as soon as you "
            "press, and a strong motor with a short stroke never reaches very far. Look at the two as a pair.</p>"
        ),
        Picture(
            title="Massage gun guide: compact gun",
            drawing="gun",
            colour="#7d9c8a",
            caption="Compact guns trade stroke depth for weight: easier to carry, gentler on the neck.",
        ),
        Heading("Speed settings"),
        Paragraph(
            "<p>Speed is measured in percussions per minute, usually somewhere between 1,700 and 3,200. The "
            "number of settings matters less than the spacing between them. Three to six well-spaced speeds are "
            "enough for most people. A gun with twenty speeds offers finer steps, which some users enjoy, but "
            "you will likely settle on two or three favourites.</p>"
        ),
        Heading("Noise: the number you hear every day"),
        Paragraph(
            "<p>Noise is given in decibels, measured at some distance from the gun, usually on its lowest speed. "
            "Decibels are logarithmic: a 10 dB increase sounds roughly twice as loud. A quiet gun at 40 to 45 dB "
            "is about as loud as a quiet room and will not bother someone reading nearby. At 55 dB you have "
            "normal conversation; past 65 dB it starts to sound like a power tool. If you plan to use your gun "
            "in the evening, in a shared space or while on a call, give this number real weight.</p>"
        ),
        Quote(
            text=(
                "Most returns we see are not about power. They are about a gun that was too loud or too heavy "
                "to use every day."
            ),
            attribution="From our customer service notes",
        ),
        Heading("Battery life and weight"),
        Paragraph(
            "<p>Battery life is stated in hours, usually on the lowest speed, so expect less at higher settings. "
            "Since a typical session lasts five to fifteen minutes, even a three-hour battery covers a couple of "
            "weeks of daily use for one person. Battery matters most for clinics and trainers who use one gun "
            "all day; look for swappable batteries there.</p>"
            "<p>Weight, in grams, affects how long you can hold the gun comfortably, especially when reaching "
            "over your shoulder. Mini guns weigh 350 to 500 g; full-size guns 800 to 1,400 g. A heavier gun "
            "does some of the pressing for you, but your wrist will feel it after a few minutes of overhead "
            "work.</p>"
        ),
        Callout(
            tone="tip",
            title="A quick way to choose",
            html=(
                "<ul>"
                "<li><b>Mostly neck, shoulders and forearms, often in the evening:</b> prioritise low noise and "
                "light weight; 10 to 12 mm is plenty.</li>"
                "<li><b>Runners and gym-goers working on legs:</b> look for 12 mm or more and at least 40 lb of "
                "stall force.</li>"
                "<li><b>Clinics and heavy users:</b> 16 mm, 60 lb or more, and a spare battery.</li>"
                "</ul>"
            ),
        ),
        Products(
            heading="Guns we would start with",
            slugs=("tidewell-quiet-pulse", "northpeak-pro-16", "corvane-torque-x", "northpeak-mini"),
        ),
        Callout(
            tone="caution",
            title="Use it with care",
            html=(
                "<p>Keep the head moving and spend no more than a minute or two on any one spot. Avoid the front "
                "and sides of the neck, the spine, joints, bruises and any area with numbness. If you are "
                "pregnant, have a heart condition or a pacemaker, take blood thinners or have a recent injury, "
                "ask your doctor or physiotherapist before using a percussion massager.</p>"
            ),
        ),
        Paragraph(
            "<p>Use the specifications to narrow the field, then think about where and how often you will "
            "actually use the gun. Our compare page lines the models up side by side, with each figure in the "
            "same units, so you can see the trade-offs at a glance.</p>"
        ),
    ),
)
