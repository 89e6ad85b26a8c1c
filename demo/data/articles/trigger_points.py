"""Article: a plain-language guide to trigger point self-care."""

from demo.data.articles import ArticleData, Callout, Heading, Paragraph, Picture, Products, Quote

ARTICLE = ArticleData(
    slug="trigger-point-therapy-guide",
    title="A practical guide to trigger point therapy",
    author="Maren Okafor, RMT",
    days_ago=21,
    intro=(
        "Where knots like to hide, what steady pressure does to them, and how to work on your own "
        "trigger points safely at home."
    ),
    search_description=(
        "Trigger point therapy explained: the muscles that hold knots most often, how sustained pressure "
        "works, its benefits, and when to see a clinician first."
    ),
    tags=("trigger points", "self-massage", "guides"),
    related_products=("back-hook-trigger-point-cane", "maple-hand-knobber", "spiky-trigger-point-ball"),
    hero=Picture(
        title="Trigger point guide: hand knobber",
        drawing="knobber",
        colour="#6b4f8a",
        caption="A hand knobber lets the heel of your hand do the work your thumb would otherwise do.",
    ),
    body=(
        Paragraph(
            "<p>Almost everyone has pressed on a sore shoulder and found a small, tight spot that hurts more than "
            "the muscle around it, and sometimes sends an ache somewhere else entirely: up the neck, into the "
            "head, down the arm. Massage therapists call these spots trigger points. They are common, they are "
            "usually harmless, and with a little patience many of them respond well to pressure you can apply "
            "yourself.</p>"
            "<p>This guide covers where trigger points tend to show up, what happens when you press on one, how "
            "to do it well, and the situations where you should talk to a clinician before you start.</p>"
        ),
        Heading("What a trigger point is"),
        Paragraph(
            "<p>A trigger point is a small, tender spot within a taut band of muscle. Under your fingers it can "
            "feel like a grain of rice, a pea or a short rope. Pressing it often produces a familiar ache, and "
            "the ache may be felt some distance away; this is called referred pain. A knot in the upper "
            "shoulder, for example, commonly refers pain to the side of the head.</p>"
            "<p>Researchers still debate what happens inside the tissue, but the spots are clearly more "
            "sensitive than the muscle around them, often come with stiffness, and tend to appear in muscles "
            "that are overloaded, held still for long periods, or recovering from strain.</p>"
        ),
        Heading("Where trigger points are commonly found"),
        Paragraph(
            "<p>Any muscle can hold one, but a handful of muscles turn up again and again in a treatment room:</p>"
            "<ul>"
            "<li><b>Upper trapezius</b>: the ridge between neck and shoulder. Desk work, carrying bags on one side "
            "and stress all load it. Its points often refer pain to the temple and behind the eye.</li>"
            "<li><b>Levator scapulae</b>: runs from the side of the neck to the top inside corner of the shoulder "
            "blade. It is the muscle behind the classic stiff neck you cannot turn to check a blind spot.</li>"
            "<li><b>Gluteus medius</b>: on the outer hip, just below the bony rim of the pelvis. It works hard "
            "when you stand on one leg, walk or run, and its points can feel like low-back or hip pain.</li>"
            "<li><b>Quadratus lumborum</b>: deep in the low back, between the lowest rib and the pelvis. Its "
            "points are a frequent source of a one-sided ache at the waistline.</li>"
            "<li><b>Calves</b>: the gastrocnemius and soleus, especially in runners, hikers and anyone who spends "
            "the day on hard floors. Points here can mimic heel or ankle pain.</li>"
            "<li><b>Forearm extensors</b>: along the top of the forearm just below the elbow. Typing, using a "
            "mouse, gardening and racquet sports all keep these busy, and their points can feel like elbow "
            "pain.</li>"
            "</ul>"
        ),
        Picture(
            title="Trigger point guide: back hook",
            drawing="cane",
            colour="#2e6f9e",
            caption="A back hook reaches the upper trapezius and the inner edge of the shoulder blade without help.",
        ),
        Heading("How sustained pressure works"),
        Paragraph(
            "<p>The simplest technique, and the one most people can do safely at home, is sustained or ischemic "
            "compression: you find the tender spot, press into it steadily, and wait. Start with a pressure that "
            'feels like a "good hurt", about five to seven out of ten, never sharp or burning. Breathe slowly. '
            "Over 30 to 90 seconds most people feel the tenderness ease, at which point you can press a little "
            "deeper or move on.</p>"
            "<p>Why does this help? Steady pressure seems to calm the nervous system's response to the spot, "
            "encourages the tight band to let go, and, when released, lets fresh blood flow back into the area. "
            "The slow pace matters: digging in hard and fast tends to make a muscle guard, which is the opposite "
            "of what you want.</p>"
        ),
        Quote(
            text=(
                "Press until it is interesting, not until it is heroic. If you are holding your breath, you are "
                "pressing too hard."
            ),
            attribution="A teaching line from our in-store workshops",
        ),
        Heading("Benefits you can expect"),
        Paragraph(
            "<p>People who work on their trigger points regularly usually report less day-to-day stiffness, "
            "easier movement in the neck, shoulders and hips, and fewer of the referred aches that come with a "
            "busy knot. Sustained pressure also pairs well with stretching: a muscle that has just been "
            "released often lengthens more comfortably.</p>"
            "<p>Keep expectations honest. Self-massage eases symptoms; it does not fix the habits that produced "
            "them. If the same knot comes back every week, look at your workstation, your training load and how "
            "you sleep as well.</p>"
        ),
        Products(
            heading="Tools for sustained pressure",
            slugs=("maple-hand-knobber", "back-hook-trigger-point-cane", "spiky-trigger-point-ball"),
        ),
        Heading("How long, and how often"),
        Paragraph(
            "<p>Hold each point for 30 to 90 seconds, or until the tenderness drops by about half. Work on no "
            "more than five or six points in one session and no more than about ten minutes in total on any one "
            "area. Once a day is plenty; if an area is sore the next morning, give it a day off. Drink some "
            "water, move the area gently afterwards, and you are done.</p>"
        ),
        Callout(
            tone="caution",
            title="Check with a clinician first if…",
            html=(
                "<ul>"
                "<li>you are pregnant, take blood thinners, or have a bleeding or clotting disorder;</li>"
                "<li>you have osteoporosis, diabetes with reduced sensation, or a recent injury or surgery;</li>"
                "<li>the pain came on suddenly, follows a fall, wakes you at night or comes with numbness, "
                "weakness, fever or unexplained weight loss.</li>"
                "</ul>"
            ),
        ),
        Callout(
            tone="note",
            title="What not to press",
            html=(
                "<p>Stay off the front and sides of the neck, the spine itself, the back of the knee, the inner "
                "upper arm and the groin, where nerves and blood vessels run close to the surface. Avoid varicose "
                "veins, bruises, rashes and broken skin. Press on muscle, never on bone, and stop straight away "
                "if you feel tingling, numbness or a sharp or electric pain.</p>"
            ),
        ),
        Paragraph(
            "<p>Done gently and consistently, trigger point work is a useful self-care habit. If you are unsure "
            "where to start, ask a registered massage therapist to show you your own points.</p>"
        ),
    ),
)
