"""Article, in French: the trigger point guide, written for Quebec readers (not a word-for-word translation)."""

from demo.data.articles import ArticleData, Callout, Heading, Paragraph, Picture, Products, Quote
from demo.data.articles.trigger_points import ARTICLE as ENGLISH

ARTICLE = ArticleData(
    slug="guide-points-de-declenchement",
    title="Les points de déclenchement : un guide pratique",
    author=ENGLISH.author,
    days_ago=ENGLISH.days_ago,
    intro=(
        "Où se cachent les nœuds, ce qu'une pression soutenue leur fait, et comment traiter vous-même "
        "vos points de déclenchement, à la maison, en toute sécurité."
    ),
    search_description=(
        "Les points de déclenchement expliqués : les muscles où les nœuds se forment le plus souvent, la "
        "pression soutenue, ses bienfaits et quand consulter d'abord un professionnel."
    ),
    tags=("points de déclenchement", "automassage", "guides"),
    related_products=ENGLISH.related_products,
    hero=Picture(
        title=ENGLISH.hero.title,
        drawing=ENGLISH.hero.drawing,
        colour=ENGLISH.hero.colour,
        caption="Avec un bâton à nœuds, c'est la paume qui travaille, et votre pouce se repose.",
    ),
    body=(
        Paragraph(
            "<p>On a tous déjà appuyé sur une épaule endolorie pour y trouver un petit point dur, plus sensible "
            "que le reste du muscle, qui envoie parfois la douleur ailleurs : dans le cou, dans la tête, le long "
            "du bras. Les massothérapeutes appellent ces endroits des points de déclenchement (ou points "
            "gâchettes). Ils sont fréquents, le plus souvent sans gravité, et beaucoup réagissent bien à une "
            "pression que vous pouvez faire vous-même, avec un peu de patience.</p>"
            "<p>Voici où on les trouve, ce qui se passe quand on appuie dessus, comment bien s'y prendre, et "
            "les cas où il vaut mieux parler à un professionnel de la santé avant de commencer.</p>"
        ),
        Heading("Qu'est-ce qu'un point de déclenchement?"),
        Paragraph(
            "<p>C'est un petit endroit sensible dans une bande de muscle tendue. Sous les doigts, on dirait un "
            "grain de riz, un pois ou un bout de corde. Quand on appuie, une douleur familière apparaît, parfois "
            "loin du point lui-même : c'est la douleur projetée. Un nœud dans le haut de l'épaule, par exemple, "
            "se fait souvent sentir sur le côté de la tête.</p>"
            "<p>Les chercheurs débattent encore de ce qui se passe dans le tissu, mais une chose est sûre : ces "
            "points sont plus sensibles que le muscle autour, vont souvent de pair avec une raideur et "
            "apparaissent surtout dans les muscles surchargés, immobiles longtemps ou qui se remettent d'un "
            "effort.</p>"
        ),
        Heading("Où on les trouve le plus souvent"),
        Paragraph(
            "<p>Tous les muscles peuvent en avoir, mais quelques-uns reviennent sans cesse en clinique :</p>"
            "<ul>"
            "<li><b>Trapèze supérieur</b> : la crête entre le cou et l'épaule. Le travail de bureau, le sac "
            "porté toujours du même côté et le stress le chargent. Ses points renvoient souvent la douleur à la "
            "tempe et derrière l'œil.</li>"
            "<li><b>Élévateur de la scapula</b> : du côté du cou jusqu'à l'angle supérieur interne de "
            "l'omoplate. C'est le muscle du torticolis qui vous empêche de vérifier l'angle mort.</li>"
            "<li><b>Moyen fessier</b> : sur le côté de la hanche, juste sous le rebord du bassin. Il travaille "
            "fort à la marche, à la course et en appui sur une jambe; ses points ressemblent à une douleur au "
            "bas du dos ou à la hanche.</li>"
            "<li><b>Carré des lombes</b> : au creux du bas du dos, entre la dernière côte et le bassin. Une "
            "douleur d'un seul côté, à la taille, vient souvent de lui.</li>"
            "<li><b>Mollets</b> : jumeaux et soléaire, surtout chez les coureurs, les randonneurs et ceux qui "
            "passent la journée debout sur un plancher dur. Ils imitent parfois une douleur au talon ou à la "
            "cheville.</li>"
            "<li><b>Extenseurs de l'avant-bras</b> : sur le dessus de l'avant-bras, sous le coude. Le clavier, "
            "la souris, le jardinage et les sports de raquette les sollicitent; on croit alors avoir mal au "
            "coude.</li>"
            "</ul>"
        ),
        Picture(
            title="Trigger point guide: back hook",
            drawing="cane",
            colour="#2e6f9e",
            caption="Le crochet dorsal rejoint le trapèze et le bord interne de l'omoplate sans l'aide de personne.",
        ),
        Heading("Comment agit la pression soutenue"),
        Paragraph(
            "<p>La technique la plus simple, et la plus sûre à la maison, est la compression soutenue (ou "
            "ischémique) : on trouve le point sensible, on appuie de façon constante, et on attend. Commencez "
            "par une pression qui fait « du bien qui fait mal », environ cinq à sept sur dix, jamais vive ni "
            "brûlante. Respirez lentement. En 30 à 90 secondes, la plupart des gens sentent la sensibilité "
            "diminuer; vous pouvez alors appuyer un peu plus ou passer au point suivant.</p>"
            "<p>Pourquoi ça aide? Une pression constante semble calmer la réaction du système nerveux, aide la "
            "bande tendue à relâcher et, une fois la pression retirée, laisse le sang revenir dans la région. "
            "La lenteur compte : appuyer fort et vite fait se contracter le muscle, le contraire de ce qu'on "
            "cherche.</p>"
        ),
        Quote(
            text=(
                "Appuyez jusqu'à ce que ce soit intéressant, pas héroïque. Si vous retenez votre souffle, "
                "vous appuyez trop fort."
            ),
            attribution="Une phrase de nos ateliers en boutique",
        ),
        Heading("Les bienfaits à attendre"),
        Paragraph(
            "<p>Ceux qui traitent leurs points régulièrement parlent de moins de raideur au quotidien, de "
            "mouvements plus faciles au cou, aux épaules et aux hanches, et de moins de douleurs projetées. La "
            "pression soutenue se marie bien aux étirements : un muscle qui vient de relâcher s'allonge plus "
            "confortablement.</p>"
            "<p>Soyons honnêtes : l'automassage soulage les symptômes, il ne corrige pas les habitudes qui les "
            "causent. Si le même nœud revient chaque semaine, regardez aussi votre poste de travail, votre "
            "entraînement et votre sommeil.</p>"
        ),
        Products(
            heading="Des outils pour la pression soutenue",
            slugs=("maple-hand-knobber", "back-hook-trigger-point-cane", "spiky-trigger-point-ball"),
        ),
        Heading("Combien de temps, et à quelle fréquence"),
        Paragraph(
            "<p>Tenez chaque point de 30 à 90 secondes, ou jusqu'à ce que la sensibilité baisse de moitié. "
            "Pas plus de cinq ou six points par séance, et pas plus d'une dizaine de minutes en tout sur une "
            "même région. Une fois par jour suffit; si la région est sensible le lendemain matin, donnez-lui "
            "congé. Buvez un peu d'eau, bougez doucement, et c'est terminé.</p>"
        ),
        Callout(
            tone="caution",
            title="Consultez d'abord un professionnel si…",
            html=(
                "<ul>"
                "<li>vous êtes enceinte, prenez des anticoagulants ou avez un trouble de la coagulation;</li>"
                "<li>vous faites de l'ostéoporose, du diabète avec une sensibilité réduite, ou sortez d'une "
                "blessure ou d'une chirurgie;</li>"
                "<li>la douleur est apparue soudainement, suit une chute, vous réveille la nuit ou s'accompagne "
                "d'engourdissement, de faiblesse, de fièvre ou d'une perte de poids inexpliquée.</li>"
                "</ul>"
            ),
        ),
        Callout(
            tone="note",
            title="Où ne pas appuyer",
            html=(
                "<p>Évitez l'avant et les côtés du cou, la colonne elle-même, l'arrière du genou, l'intérieur "
                "du bras et l'aine, où nerfs et vaisseaux passent près de la surface. Évitez aussi les varices, "
                "les bleus, les rougeurs et la peau abîmée. Appuyez sur le muscle, jamais sur l'os, et arrêtez "
                "tout de suite si vous sentez des picotements, un engourdissement ou une douleur vive ou "
                "électrique.</p>"
            ),
        ),
        Paragraph(
            "<p>Fait doucement et avec constance, le travail des points de déclenchement devient une bonne "
            "habitude. Vous ne savez pas par où commencer? Demandez à un massothérapeute agréé de vous montrer "
            "vos propres points.</p>"
        ),
    ),
)
