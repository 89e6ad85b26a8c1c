"""Trigger-point tools: hook, hand knob, balls and a roller stick."""

from decimal import Decimal

from demo.data import FrenchText, ProductData, VariantData
from shop.specifications import ProductType

TOOLS: tuple[ProductData, ...] = (
    ProductData(
        slug="back-hook-trigger-point-cane",
        name="Back Hook Trigger Point Cane",
        category="trigger-point-tools",
        brand="knot-and-stone",
        product_type=ProductType.TOOL,
        summary="A hooked cane with six knobs that reaches the knots between your shoulder blades by itself.",
        description=(
            "<p>The hook goes over your shoulder and the knob at its tip lands on the spot you can never quite "
            "reach: the upper trapezius, the edge of the shoulder blade, the muscles beside the spine. Pull "
            "gently on the handle and the lever does the pressing for you, with no strain on your thumbs.</p>"
            "<p>The side arms and the lower knobs work the hips, the lower back and the bottom of the feet. It is "
            "made of glass-fibre reinforced nylon, so it is stiff enough to lean on but light enough to hang on a "
            "door hook.</p>"
        ),
        french=FrenchText(
            name="Canne crochet pour points de tension du dos",
            summary="Une canne en crochet à six boutons qui rejoint toute seule les nœuds entre vos omoplates.",
            description=(
                "<p>Le crochet passe par-dessus l'épaule et le bouton au bout tombe pile sur l'endroit que vous "
                "n'arrivez jamais à atteindre : le haut du trapèze, le bord de l'omoplate, les muscles le long "
                "de la colonne. Tirez doucement sur la poignée et l'effet de levier fait la pression à votre "
                "place, sans forcer vos pouces.</p><p>Les bras latéraux et les boutons du bas travaillent les "
                "hanches, le bas du dos et la plante des pieds. Elle est faite de nylon renforcé de fibre de "
                "verre : assez rigide pour s'appuyer dessus, assez légère pour l'accrocher derrière une "
                "porte.</p>"
            ),
            specs={
                "material": "Nylon renforcé de fibre de verre",
            },
        ),
        drawing="cane",
        colour="#2e6f9e",
        specs={"material": "Glass-fibre reinforced nylon", "length_mm": 610, "weight_g": 420},
        variants=(
            VariantData(sku="KS-TL-HOOK-FOR", colour="Forest", price=Decimal("42.00"), stock_quantity=16, weight_g=600),
            VariantData(sku="KS-TL-HOOK-OCN", colour="Ocean", price=Decimal("42.00"), stock_quantity=9, weight_g=600),
        ),
    ),
    ProductData(
        slug="maple-hand-knobber",
        name="Maple Hand Knobber",
        category="trigger-point-tools",
        brand="knot-and-stone",
        product_type=ProductType.TOOL,
        is_featured=True,
        summary="A turned hard-maple pressure tool that saves a therapist's thumbs, made in a shop near Elora.",
        description=(
            "<p>Massage therapists lose thumbs before anything else. The knobber puts a rounded tip where your "
            "thumb would go and lets the heel of your hand do the pushing, so you can hold steady pressure on a "
            "knot for a full minute without your joints complaining.</p>"
            "<p>Each one is turned from Ontario hard maple by a woodworker a short drive from our shop, sanded "
            "smooth and finished with food-safe oil. The grain varies, so yours will look a little different "
            "from the picture.</p>"
        ),
        french=FrenchText(
            name="Outil de pression en érable",
            summary=(
                "Un outil de pression tourné dans l'érable dur, qui épargne les pouces des massothérapeutes, "
                "fabriqué dans un atelier près d'Elora."
            ),
            description=(
                "<p>Chez les massothérapeutes, ce sont les pouces qui lâchent en premier. Cet outil place un "
                "bout arrondi là où irait votre pouce et laisse le talon de la main pousser : vous tenez une "
                "pression stable sur un nœud pendant une bonne minute sans que vos articulations "
                "protestent.</p><p>Chacun est tourné dans de l'érable dur de l'Ontario par un ébéniste établi à "
                "quelques minutes de la boutique, poncé bien lisse et fini à l'huile sans danger pour les "
                "aliments. Le grain varie d'une pièce à l'autre : le vôtre sera un peu différent de la photo.</p>"
            ),
            specs={
                "material": "Érable dur",
            },
        ),
        drawing="knobber",
        colour="#a0703c",
        specs={"material": "Hard maple", "length_mm": 110, "weight_g": 180},
        variants=(VariantData(sku="KS-TL-KNOB-MPL", price=Decimal("36.00"), stock_quantity=20, weight_g=260),),
    ),
    ProductData(
        slug="spiky-trigger-point-ball",
        name="Spiky Trigger Point Ball",
        category="trigger-point-tools",
        brand="knot-and-stone",
        product_type=ProductType.TOOL,
        summary="A firm silicone ball with soft spikes for feet, glutes and the muscles along the shoulder blade.",
        description=(
            "<p>Put it on the floor and lean into it, or trap it between your back and a wall and move slowly until "
            "you find a tender spot. The spikes spread the pressure a little, which makes it kinder than a "
            "lacrosse ball when you are just starting out.</p>"
            "<p>The 7 cm ball suits the soles of the feet and the forearms; the 9 cm size is better for the glutes "
            "and the back. Both are made of dense, washable silicone that does not pick up lint.</p>"
        ),
        french=FrenchText(
            name="Balle à picots pour points de tension",
            summary=(
                "Une balle de silicone ferme aux picots souples pour les pieds, les fessiers et les muscles le "
                "long de l'omoplate."
            ),
            description=(
                "<p>Déposez-la au sol et appuyez-vous dessus, ou coincez-la entre votre dos et un mur et bougez "
                "lentement jusqu'à trouver le point sensible. Les picots répartissent un peu la pression, ce qui "
                "la rend plus clémente qu'une balle de crosse quand on commence.</p><p>La balle de 7 cm convient "
                "à la plante des pieds et aux avant-bras; celle de 9 cm est meilleure pour les fessiers et le "
                "dos. Les deux sont en silicone dense et lavable qui ne ramasse pas les peluches.</p>"
            ),
            specs={
                "material": "Silicone",
            },
        ),
        drawing="ball",
        colour="#c2477a",
        specs={"material": "Silicone", "length_mm": 70, "weight_g": 110},
        variants=(
            VariantData(sku="KS-TL-BALL-7", size="7 cm", price=Decimal("12.00"), stock_quantity=60, weight_g=150),
            VariantData(sku="KS-TL-BALL-9", size="9 cm", price=Decimal("15.00"), stock_quantity=45, weight_g=210),
        ),
    ),
    ProductData(
        slug="ridged-roller-stick",
        name="Ridged Roller Stick",
        category="trigger-point-tools",
        brand="knot-and-stone",
        product_type=ProductType.TOOL,
        summary="A hand-held roller with ridged spindles for calves, shins and the outer thigh.",
        description=(
            "<p>A roller stick lets you control the pressure with your arms rather than your body weight, which "
            "makes it easier on sore calves and shins than a floor roller. Eleven spindles turn independently "
            "along a steel core, and the ridges grip the skin instead of skidding over it.</p>"
            "<p>It is a good warm-up tool before a run and a good cool-down afterwards: two minutes per leg, "
            "rolling slowly, is plenty. The foam handles stay comfortable even with sweaty hands.</p>"
        ),
        french=FrenchText(
            name="Bâton rouleau à stries",
            summary=("Un rouleau à main aux fuseaux striés pour les mollets, les tibias et l'extérieur de la cuisse."),
            description=(
                "<p>Avec un bâton rouleau, ce sont vos bras qui dosent la pression plutôt que votre poids, ce "
                "qui est plus doux pour des mollets et des tibias endoloris qu'un rouleau au sol. Onze fuseaux "
                "tournent chacun de leur côté autour d'un axe d'acier, et les stries agrippent la peau au lieu "
                "de glisser dessus.</p><p>C'est un bon outil d'échauffement avant la course et de retour au "
                "calme après : deux minutes par jambe, en roulant lentement, c'est amplement suffisant. Les "
                "poignées en mousse restent confortables même avec les mains moites.</p>"
            ),
            specs={
                "material": "Fuseaux en mousse EVA sur axe d'acier",
            },
        ),
        drawing="roller",
        colour="#d4622a",
        specs={"material": "EVA foam spindles on a steel core", "length_mm": 480, "weight_g": 540},
        variants=(
            VariantData(
                sku="KS-TL-ROLL-48",
                price=Decimal("49.00"),
                compare_at_price=Decimal("59.00"),
                stock_quantity=13,
                weight_g=700,
            ),
        ),
    ),
)
