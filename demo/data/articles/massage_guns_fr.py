"""Article, in French: reading a percussion massage gun's specifications, written for Quebec readers."""

from demo.data.articles import ArticleData, Callout, Heading, Paragraph, Picture, Products, Quote
from demo.data.articles.massage_guns import ARTICLE as ENGLISH

ARTICLE = ArticleData(
    slug="choisir-un-pistolet-de-massage",
    title="Choisir un pistolet de massage : ce que veulent dire les chiffres",
    author=ENGLISH.author,
    days_ago=ENGLISH.days_ago,
    intro=(
        "La force d'arrêt, l'amplitude, le bruit et l'autonomie décident de ce que vous sentirez en main. "
        "Voici comment les lire, et lesquels comptent selon l'usage que vous en ferez."
    ),
    search_description=(
        "Bien choisir un pistolet de massage : force d'arrêt en livres, amplitude en millimètres, vitesses, "
        "bruit en décibels, autonomie et poids expliqués."
    ),
    tags=("pistolets de massage", "guides d'achat", "guides"),
    related_products=ENGLISH.related_products,
    hero=Picture(
        title=ENGLISH.hero.title,
        drawing=ENGLISH.hero.drawing,
        colour=ENGLISH.hero.colour,
        caption="Quatre chiffres sur la boîte disent presque tout ce qu'il faut savoir.",
    ),
    body=(
        Paragraph(
            "<p>Un pistolet de massage, c'est un petit moteur qui pousse une tête rembourrée d'avant en arrière "
            "plusieurs fois par seconde. Tous les modèles font ça; la différence tient à quelques "
            "caractéristiques imprimées sur la boîte. Le hic : chaque marque les mesure à sa façon et les "
            "explique rarement. Voici chaque chiffre, ce qu'il veut dire en pratique et comment les peser les "
            "uns contre les autres.</p>"
        ),
        Heading("La force d'arrêt : jusqu'où vous pouvez appuyer"),
        Paragraph(
            "<p>La force d'arrêt est la pression, le plus souvent en livres, à laquelle le moteur cesse de "
            "faire bouger la tête. En deçà, l'appareil continue de travailler quand vous appuyez; à ce point, "
            "il cale. Les petits modèles de voyage calent vers 20 à 30 lb, les modèles intermédiaires vers "
            "35 à 50 lb, et les modèles robustes à 60 lb et plus.</p>"
            "<p>Plus n'est pas toujours mieux. Sur soi-même, on appuie rarement à plus de 20 ou 30 lb : ça "
            "devient vite inconfortable. Une force d'arrêt élevée sert surtout quand quelqu'un d'autre "
            "travaille de gros muscles denses, comme un thérapeute sur les ischiojambiers d'un athlète. Si vous "
            "traitez surtout votre cou et vos avant-bras, un chiffre modeste suffit.</p>"
        ),
        Heading("L'amplitude : la profondeur de chaque coup"),
        Paragraph(
            "<p>L'amplitude, ou course, est la distance parcourue par la tête à chaque battement, en "
            "millimètres. C'est le chiffre qui change le plus la sensation. De 8 à 10 mm, on sent une vibration "
            "vive, bien pour les petits muscles, les régions osseuses et les débutants. À 12 mm, on rejoint "
            "mieux les cuisses, le dos et les fessiers. De 14 à 16 mm, le coup est profond et martelé : "
            "excellent pour les grands groupes musculaires, parfois trop pour le cou.</p>"
            "<p>Amplitude et force d'arrêt vont ensemble : une longue course avec un moteur faible cale dès "
            "qu'on appuie, et un moteur puissant avec une course courte ne va jamais bien loin. Regardez-les "
            "en paire.</p>"
        ),
        Picture(
            title="Massage gun guide: compact gun",
            drawing="gun",
            colour="#7d9c8a",
            caption="Les modèles compacts échangent la profondeur contre la légèreté : faciles à traîner, doux pour le cou.",
        ),
        Heading("Les vitesses"),
        Paragraph(
            "<p>La vitesse se mesure en percussions par minute, en général entre 1 700 et 3 200. Le nombre de "
            "réglages compte moins que l'écart entre eux : de trois à six vitesses bien espacées suffisent à la "
            "plupart des gens. Un appareil à vingt vitesses offre des paliers plus fins, ce que certains "
            "aiment, mais vous finirez sans doute par en utiliser deux ou trois.</p>"
        ),
        Heading("Le bruit : le chiffre qu'on entend tous les jours"),
        Paragraph(
            "<p>Le bruit est donné en décibels, mesuré à une certaine distance, souvent à la vitesse la plus "
            "basse. L'échelle est logarithmique : 10 dB de plus sonnent à peu près deux fois plus fort. Un "
            "modèle silencieux, de 40 à 45 dB, fait le bruit d'une pièce tranquille et ne dérangera pas "
            "quelqu'un qui lit à côté. À 55 dB, c'est une conversation normale; au-delà de 65 dB, on se croirait "
            "devant un outil électrique. Si vous comptez l'utiliser le soir, dans une pièce partagée ou pendant "
            "un appel, donnez beaucoup de poids à ce chiffre.</p>"
        ),
        Quote(
            text=(
                "La plupart des retours que nous voyons ne sont pas une question de puissance. C'est un "
                "appareil trop bruyant ou trop lourd pour s'en servir tous les jours."
            ),
            attribution="Tiré des notes de notre service à la clientèle",
        ),
        Heading("Autonomie et poids"),
        Paragraph(
            "<p>L'autonomie est donnée en heures, en général à la vitesse la plus basse; attendez-vous à moins "
            "aux vitesses élevées. Comme une séance dure de cinq à quinze minutes, même une pile de trois heures "
            "couvre deux bonnes semaines d'usage quotidien pour une personne. L'autonomie compte surtout pour "
            "les cliniques et les entraîneurs qui s'en servent toute la journée : cherchez alors des piles "
            "interchangeables.</p>"
            "<p>Le poids, en grammes, décide du temps que vous pourrez tenir l'appareil sans fatigue, surtout "
            "par-dessus l'épaule. Les mini-modèles pèsent de 350 à 500 g; les modèles pleine grandeur, de 800 à "
            "1 400 g. Un appareil plus lourd appuie un peu pour vous, mais votre poignet le sentira après "
            "quelques minutes à bout de bras.</p>"
        ),
        Callout(
            tone="tip",
            title="Pour choisir rapidement",
            html=(
                "<ul>"
                "<li><b>Surtout le cou, les épaules et les avant-bras, souvent le soir :</b> misez sur le "
                "silence et la légèreté; de 10 à 12 mm, c'est amplement.</li>"
                "<li><b>Coureurs et habitués du gym qui travaillent les jambes :</b> visez 12 mm ou plus et au "
                "moins 40 lb de force d'arrêt.</li>"
                "<li><b>Cliniques et gros utilisateurs :</b> 16 mm, 60 lb ou plus, et une pile de "
                "rechange.</li>"
                "</ul>"
            ),
        ),
        Products(
            heading="Les modèles par lesquels nous commencerions",
            slugs=("tidewell-quiet-pulse", "northpeak-pro-16", "corvane-torque-x", "northpeak-mini"),
        ),
        Callout(
            tone="caution",
            title="À utiliser avec soin",
            html=(
                "<p>Gardez la tête en mouvement et ne restez pas plus d'une minute ou deux au même endroit. "
                "Évitez l'avant et les côtés du cou, la colonne, les articulations, les bleus et toute région "
                "engourdie. Si vous êtes enceinte, avez un problème cardiaque ou un stimulateur cardiaque, prenez "
                "des anticoagulants ou sortez d'une blessure, parlez-en à votre médecin ou à votre "
                "physiothérapeute avant d'utiliser un appareil à percussion.</p>"
            ),
        ),
        Paragraph(
            "<p>Servez-vous des caractéristiques pour réduire la liste, puis pensez à l'endroit et à la "
            "fréquence où vous utiliserez vraiment l'appareil. Notre page de comparaison aligne les modèles "
            "côte à côte, chaque chiffre dans la même unité, pour voir les compromis d'un coup d'œil.</p>"
        ),
    ),
)
