"""Massage stone sets: basalt for heat, jade and marble for cold."""

from decimal import Decimal

from demo.data import FrenchText, ProductData, VariantData
from shop.specifications import ProductType

STONES: tuple[ProductData, ...] = (
    ProductData(
        slug="basalt-hot-stone-starter-set",
        name="Basalt Hot Stone Starter Set",
        category="massage-stones",
        brand="knot-and-stone",
        product_type=ProductType.STONE_SET,
        is_featured=True,
        summary="Twenty smooth basalt stones in the sizes a home or student practice uses most, ready to heat.",
        description=(
            "<p>Basalt is a dense volcanic rock that soaks up warmth and lets it go slowly, which is why it has "
            "been the standard hot-stone material for decades. This starter set gives you two large body stones "
            "for long strokes along the back, eight palm-sized stones for placement, and ten small stones for "
            "hands, feet and between the toes.</p>"
            "<p>Each stone is tumbled and hand-oiled, so the surface glides without grabbing. Warm them in water "
            "between 50 and 55 °C, test every stone on the inside of your own forearm first, and keep them moving "
            "on the skin. A cotton drawstring bag keeps the set together between sessions.</p>"
        ),
        french=FrenchText(
            name="Ensemble de départ de pierres chaudes en basalte",
            summary=(
                "Vingt pierres de basalte bien lisses, dans les formats qu'on utilise le plus à la maison ou en "
                "formation, prêtes à chauffer."
            ),
            description=(
                "<p>Le basalte, une roche volcanique dense, emmagasine la chaleur et la relâche tranquillement : "
                "c'est pour ça qu'il est la pierre de référence en massage aux pierres chaudes depuis des "
                "décennies. Cet ensemble comprend deux grandes pierres pour les longs mouvements le long du dos, "
                "huit pierres de la taille de la paume pour les placements et dix petites pierres pour les "
                "mains, les pieds et entre les orteils.</p><p>Chaque pierre est polie au tonneau et huilée à la "
                "main, alors elle glisse sans accrocher la peau. Faites-les chauffer dans l'eau entre 50 et 55 "
                "°C, vérifiez toujours chaque pierre sur l'intérieur de votre propre avant-bras et gardez-les en "
                "mouvement sur la peau. Un sac en coton à cordon garde l'ensemble réuni d'une séance à "
                "l'autre.</p>"
            ),
            specs={
                "material": "Basalte",
                "sizes": "2 grandes (15 cm), 8 moyennes (8 cm), 10 petites (4 cm)",
            },
        ),
        drawing="stones",
        colour="#3d4a52",
        specs={
            "material": "Basalt",
            "piece_count": 20,
            "sizes": "2 large (15 cm), 8 medium (8 cm), 10 small (4 cm)",
            "weight_g": 4800,
        },
        variants=(
            VariantData(
                sku="KS-STN-BAS20",
                price=Decimal("89.00"),
                compare_at_price=Decimal("104.00"),
                stock_quantity=18,
                weight_g=5300,
            ),
        ),
    ),
    ProductData(
        slug="basalt-professional-stone-kit",
        name="Basalt Professional Stone Kit",
        category="massage-stones",
        brand="knot-and-stone",
        product_type=ProductType.STONE_SET,
        summary="A full 45-piece basalt kit for massage therapists, matched in pairs so both hands work alike.",
        description=(
            "<p>Built for a working clinic: forty-five basalt stones, matched in pairs by weight and shape so "
            "your left and right hands do the same work. The kit covers everything from a spine layout to "
            "facial stones, including two long sacral stones and a set of flat stones for the abdomen.</p>"
            "<p>The stones arrive conditioned with a thin coat of oil and packed in a padded case with a slot "
            "for every piece, so you can see at a glance whether one went home in a client's towel. Pair the kit "
            "with a thermostatic heater and a slotted spoon for safe handling.</p>"
        ),
        french=FrenchText(
            name="Trousse professionnelle de pierres en basalte",
            summary=(
                "Une trousse complète de 45 pierres de basalte pour massothérapeutes, jumelées par paires pour "
                "que vos deux mains travaillent pareil."
            ),
            description=(
                "<p>Pensée pour une clinique qui roule : quarante-cinq pierres de basalte, jumelées par poids et "
                "par forme pour que la main gauche et la main droite fassent le même travail. La trousse couvre "
                "tout, du placement le long de la colonne jusqu'aux pierres pour le visage, avec deux longues "
                "pierres sacrées et une série de pierres plates pour l'abdomen.</p><p>Les pierres arrivent déjà "
                "conditionnées d'une mince couche d'huile, rangées dans un étui rembourré où chaque pièce a sa "
                "place : vous voyez d'un coup d'œil s'il en manque une partie dans la serviette d'un client. "
                "Ajoutez un chauffe-pierres à thermostat et une cuillère à égoutter pour les manipuler en toute "
                "sécurité.</p>"
            ),
            specs={
                "material": "Basalte",
                "sizes": "4 très grandes (18 cm), 12 grandes (12 cm), 16 moyennes (8 cm), 13 petites (4 cm)",
            },
        ),
        drawing="stones",
        colour="#2f3b40",
        specs={
            "material": "Basalt",
            "piece_count": 45,
            "sizes": "4 extra large (18 cm), 12 large (12 cm), 16 medium (8 cm), 13 small (4 cm)",
            "weight_g": 11200,
        },
        variants=(VariantData(sku="KS-STN-BAS45", price=Decimal("189.00"), stock_quantity=6, weight_g=12400),),
    ),
    ProductData(
        slug="jade-cooling-stone-set",
        name="Jade Cooling Stone Set",
        category="massage-stones",
        brand="knot-and-stone",
        product_type=ProductType.STONE_SET,
        summary="Eight nephrite jade stones that hold the cold, for calming puffy, overworked or warm tissue.",
        description=(
            "<p>Nephrite jade stays cool to the touch and, after twenty minutes in the fridge, holds that chill "
            "long enough for a slow face, neck and shoulder routine. The set includes two oval body stones, four "
            "palm stones and two slim stones shaped for the brow and jawline.</p>"
            "<p>Cold stones work well after a long day at a desk or at the end of a hot-stone session, when the "
            "contrast helps the client feel refreshed. Never put them in the freezer: very cold stone can stick "
            "to damp skin. Wash in warm soapy water and dry before storing.</p>"
        ),
        french=FrenchText(
            name="Ensemble de pierres de jade rafraîchissantes",
            summary=(
                "Huit pierres de jade néphrite qui gardent le froid, pour apaiser les tissus enflés, surmenés ou "
                "échauffés."
            ),
            description=(
                "<p>Le jade néphrite reste frais au toucher et, après vingt minutes au frigo, garde sa fraîcheur "
                "assez longtemps pour une routine lente du visage, du cou et des épaules. L'ensemble compte deux "
                "pierres ovales pour le corps, quatre pierres de paume et deux pierres effilées taillées pour le "
                "front et la mâchoire.</p><p>Les pierres froides font du bien après une longue journée au bureau "
                "ou à la fin d'une séance aux pierres chaudes, quand le contraste laisse le client tout "
                "ragaillardi. Ne les mettez jamais au congélateur : une pierre très froide peut coller à la peau "
                "humide. Lavez-les à l'eau tiède savonneuse et séchez-les avant de les ranger.</p>"
            ),
            specs={
                "material": "Jade néphrite",
                "sizes": "2 grandes (10 cm), 4 moyennes (6 cm), 2 pour le visage (5 cm)",
            },
        ),
        drawing="stones",
        colour="#4f8a6b",
        specs={
            "material": "Nephrite jade",
            "piece_count": 8,
            "sizes": "2 large (10 cm), 4 medium (6 cm), 2 facial (5 cm)",
            "weight_g": 1350,
        },
        variants=(VariantData(sku="KS-STN-JADE8", price=Decimal("129.00"), stock_quantity=9, weight_g=1700),),
    ),
    ProductData(
        slug="marble-cold-stone-set",
        name="Marble Cold Stone Set",
        category="massage-stones",
        brand="knot-and-stone",
        product_type=ProductType.STONE_SET,
        summary="Twelve white marble stones for cold therapy, heavier than jade and just as smooth.",
        description=(
            "<p>White marble is denser than jade and stays cold a little longer, which makes it a good choice for "
            "larger areas such as the thighs and lower back after a long run or a day on your feet. This set has "
            "twelve stones, from two broad body stones to four small stones for the hands and feet.</p>"
            "<p>Marble is softer than basalt, so it is best kept away from heat and from harsh cleaners. Rinse it "
            "with mild soap, dry it well and store it in the included cotton wraps so the stones do not chip "
            "against each other.</p>"
        ),
        french=FrenchText(
            name="Ensemble de pierres froides en marbre",
            summary=(
                "Douze pierres de marbre blanc pour la cryothérapie, plus lourdes que le jade et tout aussi douces."
            ),
            description=(
                "<p>Le marbre blanc est plus dense que le jade et garde le froid un peu plus longtemps : un bon "
                "choix pour les grandes surfaces comme les cuisses et le bas du dos, après une longue course ou "
                "une journée debout. L'ensemble compte douze pierres, des deux larges pierres pour le corps "
                "jusqu'aux quatre petites pour les mains et les pieds.</p><p>Le marbre est plus tendre que le "
                "basalte : tenez-le loin de la chaleur et des nettoyants forts. Rincez-le avec un savon doux, "
                "séchez-le bien et rangez-le dans les pochettes de coton fournies pour que les pierres ne "
                "s'ébrèchent pas en se cognant.</p>"
            ),
            specs={
                "material": "Marbre blanc",
                "sizes": "2 grandes (12 cm), 6 moyennes (7 cm), 4 petites (4 cm)",
            },
        ),
        drawing="stones",
        colour="#8a8f99",
        specs={
            "material": "White marble",
            "piece_count": 12,
            "sizes": "2 large (12 cm), 6 medium (7 cm), 4 small (4 cm)",
            "weight_g": 3100,
        },
        variants=(
            VariantData(
                sku="KS-STN-MAR12",
                price=Decimal("119.00"),
                compare_at_price=Decimal("139.00"),
                stock_quantity=7,
                weight_g=3600,
            ),
        ),
    ),
    ProductData(
        slug="basalt-palm-stone-pair",
        name="Basalt Palm Stone Pair",
        category="massage-stones",
        brand="knot-and-stone",
        product_type=ProductType.STONE_SET,
        summary="Two hand-filling basalt stones for self-massage, in two sizes to suit your grip.",
        description=(
            "<p>Not everyone needs a full kit. These two basalt stones fit the palm and let you press and glide "
            "along your own forearms, calves and the front of the thighs, warm or at room temperature. The "
            "rounded edge works into the muscle without the sharpness of a tool.</p>"
            "<p>Choose medium if you have smaller hands or want to warm them in a mug of hot water; choose large "
            "for longer strokes on the legs. Both come with a linen pouch that doubles as a pad when you set a "
            "warm stone down.</p>"
        ),
        french=FrenchText(
            name="Paire de pierres de paume en basalte",
            summary=(
                "Deux pierres de basalte qui remplissent la main, pour l'automassage, en deux formats selon "
                "votre prise."
            ),
            description=(
                "<p>Pas besoin d'une trousse complète pour se faire du bien. Ces deux pierres de basalte se "
                "logent dans la paume et vous permettent de presser et de glisser le long de vos avant-bras, de "
                "vos mollets et du devant des cuisses, chaudes ou à la température de la pièce. Leur bord "
                "arrondi travaille le muscle sans le côté tranchant d'un outil.</p><p>Prenez la moyenne si vous "
                "avez de petites mains ou si vous voulez la réchauffer dans une tasse d'eau chaude; prenez la "
                "grande pour les longs mouvements sur les jambes. Les deux viennent avec une pochette de lin qui "
                "sert aussi de coussinet quand vous déposez une pierre chaude.</p>"
            ),
            specs={
                "material": "Basalte",
                "sizes": "Moyenne de 7 cm ou grande de 9 cm",
            },
        ),
        drawing="stones",
        colour="#55606b",
        specs={
            "material": "Basalt",
            "piece_count": 2,
            "sizes": "Medium 7 cm or large 9 cm",
            "weight_g": 620,
        },
        variants=(
            VariantData(
                sku="KS-STN-PALM-M", size="Medium (7 cm)", price=Decimal("39.00"), stock_quantity=24, weight_g=700
            ),
            VariantData(
                sku="KS-STN-PALM-L", size="Large (9 cm)", price=Decimal("49.00"), stock_quantity=15, weight_g=980
            ),
        ),
    ),
)
