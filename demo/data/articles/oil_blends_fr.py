"""Article, in French: three essential-oil massage blends, written for Quebec readers."""

from demo.data.articles import ArticleData, Callout, Heading, Paragraph, Picture, Products, Quote
from demo.data.articles.oil_blends import ARTICLE as ENGLISH

ARTICLE = ArticleData(
    slug="melanges-huiles-essentielles-massage",
    title="Trois mélanges d'huiles essentielles pour le massage, et comment les préparer sans risque",
    author=ENGLISH.author,
    days_ago=ENGLISH.days_ago,
    intro=(
        "Choisir une huile de support, doser juste, et trois mélanges simples à faire à la maison, "
        "après le test cutané qui doit toujours venir en premier."
    ),
    search_description=(
        "Préparer une huile de massage aux huiles essentielles : huiles de support comparées, dilutions en "
        "pourcentage et en gouttes, trois mélanges, test cutané et sécurité."
    ),
    tags=("huiles essentielles", "mélanges", "guides"),
    related_products=ENGLISH.related_products,
    hero=Picture(
        title=ENGLISH.hero.title,
        drawing=ENGLISH.hero.drawing,
        colour=ENGLISH.hero.colour,
        caption="Le verre ambré protège les huiles essentielles de la lumière; c'est pourquoi on les vend ainsi.",
    ),
    body=(
        Paragraph(
            "<p>Une bonne huile de massage fait deux choses : elle laisse glisser les mains sans tirer la peau, "
            "et elle donne le ton à la séance. La première tâche revient à l'huile de support, la seconde à "
            "quelques gouttes d'huile essentielle. Faire son propre mélange coûte moins cher que l'acheter tout "
            "prêt, et on sait exactement ce qu'il y a dans la bouteille. Il faut seulement un peu de calcul et "
            "de prudence.</p>"
        ),
        Heading("D'abord, l'huile de support"),
        Paragraph(
            "<p>Les huiles essentielles sont bien trop concentrées pour la peau : on les dilue toujours dans "
            "une huile végétale douce, l'huile de support. Chacune a son caractère :</p>"
            "<ul>"
            "<li><b>Amande douce</b> : la classique. Elle glisse bien, pénètre lentement et convient à la "
            "plupart des peaux, mais elle vient d'une noix : on l'évite en cas d'allergie aux noix.</li>"
            "<li><b>Noix de coco fractionnée</b> : fluide, claire, presque sans odeur. Elle reste liquide au "
            "froid, se conserve longtemps et part facilement au lavage des draps.</li>"
            "<li><b>Jojoba</b> : en fait une cire liquide, proche du sébum de la peau. Elle irrite rarement et "
            "est parfaite pour le visage, mais elle coûte plus cher.</li>"
            "<li><b>Tournesol et pépins de raisin</b> : légères et abordables, mais elles rancissent plus vite; "
            "achetez de petites bouteilles et gardez-les au frais.</li>"
            "</ul>"
        ),
        Heading("La dilution : les chiffres qui comptent"),
        Paragraph(
            "<p>On exprime la dilution en pourcentage : la part d'huile essentielle dans le mélange fini. Une "
            "goutte standard fait environ 0,05 mL, soit à peu près 20 gouttes par millilitre. Pour une "
            "bouteille de 30 mL d'huile de support, ça donne :</p>"
            "<ul>"
            "<li><b>0,5 %</b>, environ 3 gouttes dans 30 mL : personnes âgées, peaux sensibles, visage.</li>"
            "<li><b>1 %</b>, environ 6 gouttes dans 30 mL : un mélange doux pour tous les jours, et le bon "
            "point de départ.</li>"
            "<li><b>2 %</b>, environ 12 gouttes dans 30 mL : la force habituelle pour un massage complet chez "
            "l'adulte.</li>"
            "<li><b>3 %</b>, environ 18 gouttes dans 30 mL : pour une courte période sur une petite région, "
            "comme un mollet endolori.</li>"
            "</ul>"
            "<p>Plus n'est pas mieux. Une concentration plus forte augmente le risque d'irritation et de "
            "sensibilisation sans rendre le massage plus efficace; pour le corps entier, nous recommandons de "
            "ne pas dépasser 2 %.</p>"
        ),
        Callout(
            tone="tip",
            title="Comptez les gouttes, pas les éclaboussures",
            html=(
                "<p>Versez d'abord les huiles essentielles dans la bouteille vide, complétez avec l'huile de "
                "support, puis roulez la bouteille entre vos paumes. Notez la date et la recette sur "
                "l'étiquette pour pouvoir refaire le mélange.</p>"
            ),
        ),
        Picture(
            title="Oil blends: carrier bottle",
            drawing="bottle",
            colour="#c9a227",
            caption="Une huile de support légère, comme l'amande douce, forme 98 % ou plus de tout mélange.",
        ),
        Heading("Trois mélanges à essayer"),
        Heading("1. Détente du soir (1,5 %)", level="h3"),
        Paragraph(
            "<p>Dans 30 mL d'huile d'amande douce : 5 gouttes de lavande, 3 gouttes d'orange douce et "
            "1 goutte de cèdre. Doux et un peu boisé, il accompagne bien un massage lent du dos et des épaules "
            "en fin de journée. Les huiles d'agrumes pressées à froid peuvent rendre la peau sensible au "
            "soleil, mais l'orange douce à cette dose est considérée comme peu risquée.</p>"
        ),
        Heading("2. Après la course (2 %)", level="h3"),
        Paragraph(
            "<p>Dans 30 mL d'huile de noix de coco fractionnée : 5 gouttes de romarin, 4 gouttes de menthe "
            "poivrée et 3 gouttes d'eucalyptus radié. Vif et rafraîchissant, il est fait pour les jambes et le "
            "bas du dos après l'effort. Gardez-le loin du visage et lavez-vous les mains avant de toucher vos "
            "yeux; la menthe poivrée et l'eucalyptus ne conviennent pas aux jeunes enfants.</p>"
        ),
        Heading("3. Douceur de tous les jours (1 %)", level="h3"),
        Paragraph(
            "<p>Dans 30 mL de jojoba ou d'amande douce : 4 gouttes de lavande et 2 gouttes d'encens. Doux et "
            "rond, c'est le mélange à choisir quand on ne sait pas comment la peau va réagir, ou pour les "
            "mains et les pieds.</p>"
        ),
        Products(
            heading="Composez votre mélange",
            slugs=("sweet-almond-massage-oil", "fractionated-coconut-carrier-oil", "lavender-essential-oil"),
        ),
        Heading("Toujours un test cutané"),
        Paragraph(
            "<p>Avant d'utiliser un nouveau mélange sur une grande surface, appliquez-en un peu à l'intérieur "
            "de l'avant-bras, couvrez d'un pansement et attendez 24 heures. Rougeur, démangeaison, enflure ou "
            "sensation de brûlure : ce mélange n'est pas pour cette personne. Lavez la région avec de l'huile "
            "de support nature, puis à l'eau et au savon. Refaites le test pour chaque personne : un mélange "
            "qu'un client adore peut irriter le suivant.</p>"
        ),
        Callout(
            tone="caution",
            title="La sécurité d'abord",
            html=(
                "<ul>"
                "<li>N'appliquez jamais une huile essentielle pure et n'en avalez jamais.</li>"
                "<li>Demandez conseil à un professionnel de la santé avant de les utiliser pendant la "
                "grossesse, chez l'enfant, ou en cas d'asthme ou d'épilepsie.</li>"
                "<li>Gardez les bouteilles fermées, debout et hors de portée des enfants et des animaux; "
                "certaines huiles sont toxiques pour les chats.</li>"
                "<li>Conservez les mélanges dans du verre foncé, loin de la chaleur, et utilisez-les en "
                "six mois environ.</li>"
                "</ul>"
            ),
        ),
        Quote(
            text=(
                "Un mélange doit sentir bon à un pas de distance. S'il remplit la pièce avant même qu'on ouvre "
                "la bouteille, il est trop fort."
            ),
            attribution=ENGLISH.author,
        ),
        Paragraph(
            "<p>Avec une bonne huile de support, deux ou trois huiles essentielles et un compte-gouttes, vous "
            "couvrez l'essentiel d'un massage à la maison. Commencez à 1 %, notez ce que vous préparez, et "
            "ajustez à partir de là.</p>"
        ),
    ),
)
