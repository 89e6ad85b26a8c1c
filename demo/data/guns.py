"""Percussion massage guns from three fictional brands, every specification filled in."""

from decimal import Decimal

from demo.data import FrenchText, ProductData, VariantData
from shop.specifications import ProductType

GUNS: tuple[ProductData, ...] = (
    ProductData(
        slug="northpeak-pro-16",
        name="Northpeak Pro 16",
        category="massage-guns",
        brand="northpeak",
        product_type=ProductType.MASSAGE_GUN,
        summary="A full-size massage gun with a 16 mm stroke and enough battery for a week of daily sessions.",
        description=(
            "<p>The Pro 16 drives its head a full 16 millimetres on every stroke, which reaches into big muscle "
            "groups such as the glutes and hamstrings in a way shallower guns cannot. Sixty pounds of stall force "
            "means it keeps moving when you lean in, and five speeds let you start gently and build up.</p>"
            "<p>Its two batteries swap in seconds, each good for about three hours of use. Six heads come in the "
            "case: a ball for large areas, a flat head for dense tissue, a bullet for pinpoint work, a fork for "
            "either side of the spine, a cushion for bony areas and a wedge for scraping along a muscle.</p>"
        ),
        french=FrenchText(
            name="Northpeak Pro 16",
            summary=(
                "Un pistolet de massage pleine grandeur, avec une course de 16 mm et assez de batterie pour une "
                "semaine de séances quotidiennes."
            ),
            description=(
                "<p>Le Pro 16 pousse sa tête sur 16 millimètres complets à chaque coup, ce qui rejoint les gros "
                "groupes musculaires comme les fessiers et les ischiojambiers là où les pistolets à course "
                "courte restent en surface. Avec ses soixante livres de force de blocage, il continue de "
                "travailler même quand vous appuyez fort, et ses cinq vitesses vous laissent commencer en "
                "douceur avant de monter.</p><p>Ses deux batteries s'échangent en quelques secondes et durent "
                "chacune environ trois heures. Six têtes sont rangées dans l'étui : une boule pour les grandes "
                "surfaces, une tête plate pour les tissus denses, une pointe pour le travail précis, une fourche "
                "pour longer la colonne, un coussin pour les zones osseuses et un biseau pour racler le long "
                "d'un muscle.</p>"
            ),
        ),
        drawing="gun",
        colour="#37474f",
        specs={
            "stall_force_lb": 60,
            "amplitude_mm": Decimal("16.0"),
            "speed_settings": 5,
            "battery_life_h": Decimal("3.0"),
            "weight_g": 1150,
            "noise_db": 62,
        },
        variants=(
            VariantData(
                sku="NP-PRO16-GRA",
                colour="Graphite",
                price=Decimal("399.00"),
                compare_at_price=Decimal("449.00"),
                stock_quantity=8,
                weight_g=2100,
            ),
            VariantData(
                sku="NP-PRO16-WHT",
                colour="Glacier white",
                price=Decimal("399.00"),
                compare_at_price=Decimal("449.00"),
                stock_quantity=5,
                weight_g=2100,
            ),
        ),
    ),
    ProductData(
        slug="northpeak-mini",
        name="Northpeak Mini",
        category="massage-guns",
        brand="northpeak",
        product_type=ProductType.MASSAGE_GUN,
        summary="A pocketable massage gun for the gym bag: light, quiet and good for four and a half hours.",
        description=(
            "<p>The Mini weighs about as much as a full water bottle and fits in a jacket pocket, yet still "
            "delivers a 10 mm stroke. It is the gun to keep at your desk for forearms and shoulders, or in a gym "
            "bag for a quick calf and quad warm-up.</p>"
            "<p>Three speeds keep the controls simple, and at 45 decibels it is quiet enough to use while someone "
            "else watches television. It charges over USB-C, so the cable that charges your phone will do, and "
            "it comes with a ball head and a flat head.</p>"
        ),
        french=FrenchText(
            name="Northpeak Mini",
            summary=(
                "Un pistolet de massage qui se glisse dans le sac de gym : léger, silencieux et bon pour quatre "
                "heures et demie."
            ),
            description=(
                "<p>Le Mini pèse à peu près le poids d'une bouteille d'eau pleine et entre dans une poche de "
                "manteau, tout en offrant une course de 10 mm. C'est le pistolet à garder au bureau pour les "
                "avant-bras et les épaules, ou dans le sac de gym pour réchauffer mollets et quadriceps en "
                "vitesse.</p><p>Trois vitesses gardent les commandes simples et, à 45 décibels, il est assez "
                "discret pour s'en servir pendant que quelqu'un d'autre écoute la télé. Il se recharge par "
                "USB-C, donc le câble de votre téléphone fait l'affaire, et il vient avec une tête boule et une "
                "tête plate.</p>"
            ),
        ),
        drawing="gun",
        colour="#7d9c8a",
        specs={
            "stall_force_lb": 30,
            "amplitude_mm": Decimal("10.0"),
            "speed_settings": 3,
            "battery_life_h": Decimal("4.5"),
            "weight_g": 450,
            "noise_db": 45,
        },
        variants=(
            VariantData(sku="NP-MINI-GRA", colour="Graphite", price=Decimal("169.00"), stock_quantity=14, weight_g=900),
            VariantData(sku="NP-MINI-SGE", colour="Sage", price=Decimal("169.00"), stock_quantity=11, weight_g=900),
            VariantData(sku="NP-MINI-BLS", colour="Blush", price=Decimal("169.00"), stock_quantity=0, weight_g=900),
        ),
    ),
    ProductData(
        slug="tidewell-quiet-pulse",
        name="Tidewell Quiet Pulse",
        category="massage-guns",
        brand="tidewell",
        product_type=ProductType.MASSAGE_GUN,
        is_featured=True,
        summary=(
            "The quietest full-size gun we stock: 40 dB at its lowest speed, with six speeds and five hours of battery."
        ),
        description=(
            "<p>Most massage guns sound like a small drill. The Quiet Pulse uses a brushless motor in a rubber "
            "mount, and at its lowest speed it measures about 40 decibels, close to a quiet library. That makes "
            "it the one to choose if you use it late in the evening or in a shared apartment.</p>"
            "<p>A 12 mm stroke and 40 pounds of stall force make it a good all-rounder for back, legs and "
            "shoulders. Six speeds give fine control, the angled handle reaches the upper back without straining "
            "your wrist, and the battery lasts around five hours.</p>"
        ),
        french=FrenchText(
            name="Tidewell Quiet Pulse",
            summary=(
                "Le pistolet pleine grandeur le plus silencieux de nos tablettes : 40 dB à basse vitesse, six "
                "vitesses et cinq heures d'autonomie."
            ),
            description=(
                "<p>La plupart des pistolets de massage font le bruit d'une petite perceuse. Le Quiet Pulse a un "
                "moteur sans balais monté sur caoutchouc et, à sa plus basse vitesse, il mesure environ 40 "
                "décibels, à peu près le calme d'une bibliothèque. C'est celui qu'il vous faut si vous "
                "l'utilisez tard le soir ou dans un logement partagé.</p><p>Avec une course de 12 mm et 40 "
                "livres de force de blocage, c'est un bon polyvalent pour le dos, les jambes et les épaules. Ses "
                "six vitesses permettent un réglage fin, sa poignée inclinée rejoint le haut du dos sans forcer "
                "le poignet et sa batterie tient environ cinq heures.</p>"
            ),
        ),
        drawing="gun",
        colour="#5b7083",
        specs={
            "stall_force_lb": 40,
            "amplitude_mm": Decimal("12.0"),
            "speed_settings": 6,
            "battery_life_h": Decimal("5.0"),
            "weight_g": 820,
            "noise_db": 40,
        },
        variants=(
            VariantData(sku="TW-QP-SLT", colour="Slate", price=Decimal("249.00"), stock_quantity=12, weight_g=1500),
            VariantData(sku="TW-QP-SND", colour="Sand", price=Decimal("249.00"), stock_quantity=7, weight_g=1500),
        ),
    ),
    ProductData(
        slug="tidewell-travel-go",
        name="Tidewell Travel Go",
        category="massage-guns",
        brand="tidewell",
        product_type=ProductType.MASSAGE_GUN,
        summary="Tidewell's smallest gun, at 380 g, for carry-on bags and cottage weekends.",
        description=(
            "<p>The Travel Go is the lightest gun we carry and one of the longest-lasting, with about six hours "
            "per charge. Its 8 mm stroke is gentle by design: it suits necks, forearms and feet, and people who "
            "are new to percussion massage.</p>"
            "<p>Four speeds, a soft silicone head and a travel lock that stops it switching on in your bag make it "
            "an easy gift. It sold out faster than we expected; a new shipment is on its way from the maker.</p>"
        ),
        french=FrenchText(
            name="Tidewell Travel Go",
            summary=(
                "Le plus petit pistolet de Tidewell, à 380 g, pour le bagage de cabine et les fins de semaine au "
                "chalet."
            ),
            description=(
                "<p>Le Travel Go est le pistolet le plus léger que nous tenons et l'un de ceux qui durent le "
                "plus longtemps, avec environ six heures par charge. Sa course de 8 mm est douce, et c'est voulu "
                ": elle convient au cou, aux avant-bras et aux pieds, ainsi qu'aux gens qui découvrent le "
                "massage par percussion.</p><p>Quatre vitesses, une tête en silicone souple et un verrou de "
                "voyage qui l'empêche de partir tout seul dans votre sac en font un cadeau facile. Il s'est "
                "envolé plus vite que prévu; un nouvel arrivage est en route de chez le fabricant.</p>"
            ),
        ),
        drawing="gun",
        colour="#3f8ea0",
        specs={
            "stall_force_lb": 25,
            "amplitude_mm": Decimal("8.0"),
            "speed_settings": 4,
            "battery_life_h": Decimal("6.0"),
            "weight_g": 380,
            "noise_db": 42,
        },
        variants=(
            VariantData(sku="TW-TGO-TEA", colour="Teal", price=Decimal("129.00"), stock_quantity=0, weight_g=750),
        ),
    ),
    ProductData(
        slug="corvane-torque-x",
        name="Corvane Torque X",
        category="massage-guns",
        brand="corvane",
        product_type=ProductType.MASSAGE_GUN,
        is_featured=True,
        summary="Eighty pounds of stall force and a 16 mm stroke: a clinic-grade gun for dense, athletic muscle.",
        description=(
            "<p>The Torque X is for people who have pressed a lighter gun into a tight hamstring and felt it stall. "
            "Its motor keeps the 16 mm stroke going up to 80 pounds of pressure, so it can work large, dense "
            "muscle groups deeply. It is the gun physiotherapists in our area ask for most.</p>"
            "<p>That power has a cost: it is the heaviest and loudest gun in the range, and its battery lasts about "
            "two and a half hours. For home users who want depth without the weight, the Northpeak Pro 16 is the "
            "better fit; for a clinic that runs it all day, a spare battery is included.</p>"
        ),
        french=FrenchText(
            name="Corvane Torque X",
            summary=(
                "Quatre-vingts livres de force de blocage et une course de 16 mm : un pistolet de calibre "
                "clinique pour les muscles denses et athlétiques."
            ),
            description=(
                "<p>Le Torque X s'adresse à ceux qui ont déjà appuyé un pistolet plus léger sur un ischiojambier "
                "tendu et l'ont senti caler. Son moteur maintient la course de 16 mm jusqu'à 80 livres de "
                "pression, ce qui lui permet de travailler en profondeur les gros groupes musculaires. C'est le "
                "pistolet que les physiothérapeutes de notre coin nous demandent le plus.</p><p>Cette puissance "
                "a un prix : c'est le plus lourd et le plus bruyant de la gamme, et sa batterie dure environ "
                "deux heures et demie. Pour un usage à la maison, si vous voulez de la profondeur sans le poids, "
                "le Northpeak Pro 16 vous conviendra mieux; pour une clinique qui le fait rouler toute la "
                "journée, une batterie de rechange est incluse.</p>"
            ),
        ),
        drawing="gun",
        colour="#b23a2e",
        specs={
            "stall_force_lb": 80,
            "amplitude_mm": Decimal("16.0"),
            "speed_settings": 5,
            "battery_life_h": Decimal("2.5"),
            "weight_g": 1350,
            "noise_db": 68,
        },
        variants=(
            VariantData(sku="CV-TQX-BLK", colour="Black", price=Decimal("449.00"), stock_quantity=4, weight_g=2600),
            VariantData(
                sku="CV-TQX-RED", colour="Signal red", price=Decimal("449.00"), stock_quantity=3, weight_g=2600
            ),
        ),
    ),
    ProductData(
        slug="corvane-flex-12",
        name="Corvane Flex 12",
        category="massage-guns",
        brand="corvane",
        product_type=ProductType.MASSAGE_GUN,
        summary="A mid-weight gun with twenty finely spaced speeds and an arm that folds to reach your own back.",
        description=(
            "<p>The Flex 12 has an arm that locks at four angles, so you can reach between your shoulder blades "
            "without asking for help. Its twenty speeds step up in small increments, which makes it easy to find "
            "a rhythm that feels good rather than jarring.</p>"
            "<p>With a 12 mm stroke, 45 pounds of stall force and about four hours of battery, it sits between our "
            "travel guns and the heavy-duty Torque X. It is on sale while we make room for the next model.</p>"
        ),
        french=FrenchText(
            name="Corvane Flex 12",
            summary=(
                "Un pistolet de poids moyen avec vingt vitesses bien échelonnées et un bras qui se plie pour "
                "rejoindre votre propre dos."
            ),
            description=(
                "<p>Le bras du Flex 12 se bloque à quatre angles : vous rejoignez l'espace entre vos omoplates "
                "sans demander d'aide à personne. Ses vingt vitesses montent par petits paliers, ce qui aide à "
                "trouver un rythme agréable plutôt que saccadé.</p><p>Avec une course de 12 mm, 45 livres de "
                "force de blocage et environ quatre heures de batterie, il se situe entre nos pistolets de "
                "voyage et le robuste Torque X. Il est en solde le temps de faire de la place au prochain "
                "modèle.</p>"
            ),
        ),
        drawing="gun",
        colour="#d98c2b",
        specs={
            "stall_force_lb": 45,
            "amplitude_mm": Decimal("12.0"),
            "speed_settings": 20,
            "battery_life_h": Decimal("4.0"),
            "weight_g": 900,
            "noise_db": 55,
        },
        variants=(
            VariantData(
                sku="CV-FLX12-CHR",
                colour="Charcoal",
                price=Decimal("229.00"),
                compare_at_price=Decimal("279.00"),
                stock_quantity=10,
                weight_g=1700,
            ),
        ),
    ),
)
