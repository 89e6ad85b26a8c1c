"""Carrier oils, essential oils and a ready-made muscle oil, each with its full ingredient list."""

from decimal import Decimal

from demo.data import FrenchText, ProductData, VariantData
from shop.specifications import ProductType

OILS: tuple[ProductData, ...] = (
    ProductData(
        slug="sweet-almond-massage-oil",
        name="Sweet Almond Massage Oil",
        category="massage-oils",
        brand="knot-and-stone",
        product_type=ProductType.OIL,
        is_featured=True,
        summary="A light, unscented carrier oil with a long glide, the base for most of our blends.",
        description=(
            "<p>Sweet almond oil is the carrier most massage therapists learn on: it spreads easily, absorbs "
            "slowly enough to give you time for long strokes, and leaves skin soft rather than greasy. Ours is "
            "cold-pressed and unscented, so you can use it plain or add a few drops of essential oil.</p>"
            "<p>The 250 mL bottle has a flip cap for one-handed pouring; the 500 mL refill comes with a pump. "
            "Because it is pressed from nuts, do not use it on anyone with a tree-nut allergy: fractionated "
            "coconut oil is a good substitute.</p>"
        ),
        french=FrenchText(
            name="Huile de massage d'amande douce",
            summary=(
                "Une huile de base légère et sans parfum qui glisse longtemps, la base de la plupart de nos mélanges."
            ),
            description=(
                "<p>L'huile d'amande douce est celle avec laquelle la plupart des massothérapeutes apprennent : "
                "elle s'étend facilement, pénètre assez lentement pour vous laisser le temps des longs "
                "mouvements et laisse la peau douce plutôt que grasse. La nôtre est pressée à froid et sans "
                "parfum, à utiliser telle quelle ou avec quelques gouttes d'huile essentielle.</p><p>La "
                "bouteille de 250 mL a un bouchon à rabat pour verser d'une main; le format recharge de 500 mL "
                "vient avec une pompe. Comme elle est tirée de noix, ne l'utilisez pas sur une personne "
                "allergique aux noix : l'huile de coco fractionnée la remplace très bien.</p>"
            ),
            specs={
                "ingredients": "Huile d'amande douce (Prunus amygdalus dulcis), tocophérol (vitamine E).",
            },
        ),
        drawing="bottle",
        colour="#c9a227",
        specs={"volume_ml": 250, "ingredients": "Prunus amygdalus dulcis (sweet almond) oil, tocopherol (vitamin E)."},
        variants=(
            VariantData(sku="KS-OIL-ALM-250", size="250 mL", price=Decimal("19.00"), stock_quantity=40, weight_g=330),
            VariantData(sku="KS-OIL-ALM-500", size="500 mL", price=Decimal("32.00"), stock_quantity=22, weight_g=620),
        ),
    ),
    ProductData(
        slug="fractionated-coconut-carrier-oil",
        name="Fractionated Coconut Carrier Oil",
        category="massage-oils",
        brand="knot-and-stone",
        product_type=ProductType.OIL,
        summary="A clear, odourless carrier that stays liquid in a cold studio and washes out of linens.",
        description=(
            "<p>Fractionated coconut oil has had the fats that turn solid removed, so it stays liquid even in a "
            "chilly treatment room in January. It has almost no scent, which lets essential oils come through "
            "clearly, and it rinses out of sheets and towels more easily than most plant oils.</p>"
            "<p>It is our suggestion for clients with nut allergies and for anyone mixing roll-on blends, since "
            "it keeps for a long time without going rancid. The 500 mL bottle is on sale this month.</p>"
        ),
        french=FrenchText(
            name="Huile de base de coco fractionnée",
            summary=(
                "Une huile de base claire et inodore qui reste liquide dans un studio frais et part au lavage "
                "des draps."
            ),
            description=(
                "<p>On a retiré de l'huile de coco fractionnée les gras qui figent : elle reste liquide même "
                "dans une salle de soins frisquette en plein mois de janvier. Elle n'a presque pas d'odeur, ce "
                "qui laisse ressortir les huiles essentielles, et elle s'enlève des draps et des serviettes plus "
                "facilement que la plupart des huiles végétales.</p><p>C'est celle que nous suggérons aux "
                "clients allergiques aux noix et pour les mélanges à bille, parce qu'elle se conserve longtemps "
                "sans rancir. La bouteille de 500 mL est en solde ce mois-ci.</p>"
            ),
            specs={
                "ingredients": "Triglycérides caprylique/caprique (huile de coco fractionnée).",
            },
        ),
        drawing="bottle",
        colour="#8fb8c9",
        specs={"volume_ml": 500, "ingredients": "Caprylic/capric triglyceride (fractionated coconut oil)."},
        variants=(
            VariantData(
                sku="KS-OIL-FCO-500",
                price=Decimal("28.00"),
                compare_at_price=Decimal("34.00"),
                stock_quantity=26,
                weight_g=600,
                # $34.00 all year until this month's sale: a genuine regular price (the time test passes).
                history=((300, Decimal("34.00")), (14, Decimal("28.00"))),
            ),
        ),
    ),
    ProductData(
        slug="arnica-peppermint-muscle-oil",
        name="Arnica & Peppermint Muscle Oil",
        category="massage-oils",
        brand="knot-and-stone",
        product_type=ProductType.OIL,
        summary="A ready-blended massage oil with a cool peppermint finish for legs and shoulders after a workout.",
        description=(
            "<p>This is the blend we reach for after a long run: arnica-infused sunflower oil as the base, with "
            "peppermint and rosemary essential oils at a gentle 2% for a cooling, clean scent. It is already "
            "diluted, so it goes straight onto the skin.</p>"
            "<p>Use it on calves, thighs, shoulders and the lower back. Keep it away from the face, broken skin "
            "and children under six, and wash your hands before touching your eyes. Comes in 100 mL or a 250 mL "
            "size for clinic use.</p>"
        ),
        french=FrenchText(
            name="Huile musculaire arnica et menthe poivrée",
            summary=(
                "Une huile de massage déjà mélangée, avec une finale fraîche de menthe poivrée pour les jambes "
                "et les épaules après l'entraînement."
            ),
            description=(
                "<p>C'est le mélange qu'on sort après une longue course : une base d'huile de tournesol infusée "
                "d'arnica, avec des huiles essentielles de menthe poivrée et de romarin dosées à 2 %, pour une "
                "odeur fraîche et nette. Elle est déjà diluée, alors elle s'applique directement sur la "
                "peau.</p><p>Utilisez-la sur les mollets, les cuisses, les épaules et le bas du dos. Tenez-la "
                "loin du visage, de la peau lésée et des enfants de moins de six ans, et lavez-vous les mains "
                "avant de vous toucher les yeux. Offerte en 100 mL ou en format de 250 mL pour la clinique.</p>"
            ),
            specs={
                "ingredients": (
                    "Huile de graines de tournesol (Helianthus annuus), extrait de fleurs d'Arnica montana, huile de "
                    "menthe poivrée (Mentha piperita), huile de feuilles de romarin (Rosmarinus officinalis), "
                    "tocophérol, limonène, linalol."
                ),
            },
        ),
        drawing="bottle",
        colour="#3c8d5a",
        specs={
            "volume_ml": 100,
            "ingredients": (
                "Helianthus annuus (sunflower) seed oil, Arnica montana flower extract, Mentha piperita "
                "(peppermint) oil, Rosmarinus officinalis (rosemary) leaf oil, tocopherol, limonene, linalool."
            ),
        },
        variants=(
            VariantData(sku="KS-OIL-ARN-100", size="100 mL", price=Decimal("24.00"), stock_quantity=30, weight_g=180),
            VariantData(sku="KS-OIL-ARN-250", size="250 mL", price=Decimal("39.00"), stock_quantity=12, weight_g=360),
        ),
    ),
    ProductData(
        slug="lavender-essential-oil",
        name="Lavender Essential Oil",
        category="massage-oils",
        brand="knot-and-stone",
        product_type=ProductType.OIL,
        summary="Steam-distilled true lavender, soft and floral, for calming evening blends.",
        description=(
            "<p>True lavender (Lavandula angustifolia) is sweeter and less camphorous than the lavandin often sold "
            "under the same name. It is the most forgiving essential oil to start blending with and pairs well "
            "with almost any carrier.</p>"
            "<p>Essential oils are concentrated: always dilute before putting them on skin, at about 1 to 2% for "
            "a body massage (six to twelve drops in 30 mL of carrier). The 15 mL amber bottle has a dropper "
            "insert so you can count drops accurately.</p>"
        ),
        french=FrenchText(
            name="Huile essentielle de lavande",
            summary=(
                "De la lavande vraie distillée à la vapeur, douce et florale, pour les mélanges apaisants du soir."
            ),
            description=(
                "<p>La lavande vraie (Lavandula angustifolia) est plus douce et moins camphrée que le lavandin "
                "qu'on vend souvent sous le même nom. C'est l'huile essentielle la plus facile pour commencer à "
                "faire ses mélanges, et elle s'accorde avec à peu près n'importe quelle huile de base.</p><p>Les "
                "huiles essentielles sont concentrées : diluez-les toujours avant de les mettre sur la peau, à "
                "environ 1 à 2 % pour un massage du corps (de six à douze gouttes dans 30 mL d'huile de base). "
                "La bouteille ambrée de 15 mL a un compte-gouttes intégré pour doser avec précision.</p>"
            ),
            specs={
                "ingredients": "Huile de lavande (Lavandula angustifolia), 100 %. Contient du linalol.",
            },
        ),
        drawing="bottle",
        colour="#8e7cc3",
        specs={"volume_ml": 15, "ingredients": "Lavandula angustifolia (lavender) oil, 100%. Contains linalool."},
        variants=(VariantData(sku="KS-EO-LAV-15", price=Decimal("16.00"), stock_quantity=35, weight_g=60),),
    ),
    ProductData(
        slug="eucalyptus-radiata-essential-oil",
        name="Eucalyptus Radiata Essential Oil",
        category="massage-oils",
        brand="knot-and-stone",
        product_type=ProductType.OIL,
        summary="A fresh, gentler eucalyptus for chest and back blends in cold and flu season.",
        description=(
            "<p>Eucalyptus radiata is the softer-smelling cousin of the common globulus type, with a bright, "
            "slightly citrus note. A few drops in a carrier oil make an invigorating blend for the upper back "
            "and chest, and it lifts a peppermint or rosemary blend nicely.</p>"
            "<p>It is strong: keep it to 1% in massage blends, never use it on or near the faces of young "
            "children, and keep the bottle closed and out of reach. We are waiting on the next distillation "
            "from our supplier, so it is out of stock for now.</p>"
        ),
        french=FrenchText(
            name="Huile essentielle d'eucalyptus radié",
            summary=(
                "Un eucalyptus frais et plus doux, pour les mélanges de la poitrine et du dos en saison du rhume "
                "et de la grippe."
            ),
            description=(
                "<p>L'eucalyptus radié est le cousin à l'odeur plus douce de l'eucalyptus globulus courant, avec "
                "une note vive, légèrement citronnée. Quelques gouttes dans une huile de base donnent un mélange "
                "tonifiant pour le haut du dos et la poitrine, et il relève joliment un mélange à la menthe "
                "poivrée ou au romarin.</p><p>Il est puissant : limitez-le à 1 % dans les mélanges de massage, "
                "ne l'utilisez jamais sur le visage des jeunes enfants ni près de celui-ci, et gardez la "
                "bouteille fermée et hors de portée. Nous attendons la prochaine distillation de notre "
                "fournisseur; il est donc en rupture de stock pour l'instant.</p>"
            ),
            specs={
                "ingredients": "Huile de feuilles d'Eucalyptus radiata, 100 %. Contient du limonène.",
            },
        ),
        drawing="bottle",
        colour="#2f7f7a",
        specs={"volume_ml": 15, "ingredients": "Eucalyptus radiata leaf oil, 100%. Contains limonene."},
        variants=(VariantData(sku="KS-EO-EUC-15", price=Decimal("14.00"), stock_quantity=0, weight_g=60),),
    ),
)
