"""The demo shop's policy pages in French, as a Quebec shop would write them (not word for word): the same
facts as demo/data/policies.py (30 days, Guelph, Stripe, the live blocks), the same kinds, French slugs."""

from __future__ import annotations

from demo.data.policies import PolicyData

SHIPPING = PolicyData(
    kind="shipping",
    slug="livraison",
    title="Livraison",
    intro="Nous expédions depuis notre boutique de Guelph, en Ontario, dans toutes les provinces et tous les territoires du Canada.",
    body=(
        ("heading", "Combien ça coûte et combien de temps ça prend"),
        (
            "paragraph",
            "<p>Le tableau ci-dessous est celui qu'utilise notre caisse : le prix affiché ici est le prix que "
            "vous payez. Vous choisissez votre mode de livraison à la caisse, et vous voyez son prix et son "
            "délai pour votre province avant de vérifier votre commande.</p>",
        ),
        ("shipping_rates", None),
        ("heading", "Quand votre commande part"),
        (
            "paragraph",
            "<p>Nous emballons les commandes les jours ouvrables (du lundi au vendredi, sauf les jours fériés de "
            "l'Ontario). La plupart partent le jour ouvrable suivant le paiement; les délais ci-dessus comptent "
            "à partir de là. Vous recevez un courriel avec le numéro de suivi dès que votre colis est en "
            "route.</p>",
        ),
        ("heading", "Bon à savoir"),
        (
            "paragraph",
            "<ul><li>Pour l'instant, nous livrons au Canada seulement.</li>"
            "<li>La livraison gratuite s'applique au service standard. Si vous choisissez le service accéléré, "
            "son tarif s'applique, même sur une grosse commande.</li>"
            "<li>Les articles lourds, comme les ensembles de pierres chaudes, partent dans le même colis que le "
            "reste de votre commande; nous ne facturons jamais de supplément pour le poids.</li>"
            '<li>Votre colis arrive abîmé? Gardez la boîte et <a href="/fr/contact/">écrivez-nous</a> dans les '
            "7 jours. Nous vous envoyons un remplacement ou vous remboursons, sans frais pour vous.</li></ul>",
        ),
    ),
)

RETURNS = PolicyData(
    kind="returns",
    slug="retours",
    title="Retours et remboursements",
    intro="Vous avez changé d'idée? Vous avez 30 jours après la livraison pour nous retourner l'article.",
    body=(
        ("heading", "Notre politique de retour de 30 jours"),
        (
            "paragraph",
            "<p>Vous pouvez retourner la plupart des articles dans les 30 jours suivant la livraison pour être "
            "remboursé, s'ils n'ont pas servi et sont dans leur emballage d'origine. Prévenez-nous d'abord, par "
            'la <a href="/fr/contact/">page Contact</a> ou le clavardage, avec votre numéro de commande : nous '
            "vous répondons avec l'adresse de retour et ce qu'il faut mettre dans la boîte.</p>",
        ),
        ("heading", "Ce que nous ne pouvons pas reprendre"),
        (
            "paragraph",
            "<p>Pour des raisons d'hygiène, nous ne reprenons pas les huiles de massage, lotions et baumes "
            "ouverts, ni les outils qui ont touché la peau (ventouses, outils de grattage, etc.), sauf s'ils "
            "sont arrivés défectueux.</p>",
        ),
        ("heading", "Article défectueux, abîmé ou erroné"),
        (
            "paragraph",
            "<p>Un article arrive brisé, ne fonctionne pas ou n'est pas celui que vous avez commandé? C'est à "
            "nous de corriger l'erreur. Nous payons le retour et remboursons aussi la livraison d'origine, ou "
            "nous envoyons un remplacement si vous préférez. Les pistolets de massage ont en plus la garantie "
            "du fabricant; nous vous aidons à la faire valoir.</p>",
        ),
        ("heading", "Comment se fait le remboursement"),
        (
            "paragraph",
            "<ul><li>Une fois l'article revenu et vérifié (en général dans les deux jours ouvrables suivant son "
            "arrivée), nous remboursons la carte utilisée pour le paiement, par l'entremise de notre "
            "processeur de paiement, Stripe. Nous ne pouvons pas rembourser sur une autre carte, en argent "
            "comptant ni en crédit en magasin.</li>"
            "<li>Vous recevez un courriel pour chaque remboursement, avec son montant. Votre banque met ensuite "
            "de 5 à 10 jours ouvrables à l'afficher sur votre relevé.</li>"
            "<li>Nous remboursons le prix payé pour l'article, taxes comprises. Si vous retournez une partie "
            "d'une commande, nous remboursons seulement ces articles. La livraison d'origine n'est remboursée "
            "que si le retour découle de notre erreur.</li>"
            "<li>Pour un retour par changement d'idée, les frais de retour sont à vos frais. Choisissez un "
            "service avec suivi : nous ne pouvons rembourser que ce qui nous parvient.</li></ul>",
        ),
        (
            "paragraph",
            "<p>Vous avez trouvé votre article moins cher ailleurs après l'achat? C'est notre "
            "<a href=\"/fr/price-match/\">politique d'égalisation des prix</a> qui s'applique, pas un "
            "retour.</p>",
        ),
    ),
)

PRIVACY = PolicyData(
    kind="privacy",
    slug="confidentialite",
    title="Confidentialité",
    intro=(
        "Nous recueillons seulement ce qu'il faut pour vous vendre nos produits et répondre à vos questions, "
        "selon les principes de la loi canadienne sur la protection des renseignements personnels dans le "
        "secteur privé (LPRPDE)."
    ),
    body=(
        ("heading", "Qui en est responsable"),
        (
            "paragraph",
            "<p>Knot &amp; Stone Therapy Supply, à Guelph (Ontario), est responsable des renseignements "
            "personnels décrits ici. Notre propriétaire agit comme responsable de la protection des "
            "renseignements personnels; vous pouvez le joindre par tous les moyens indiqués sur notre "
            '<a href="/fr/contact/">page Contact</a>.</p>',
        ),
        ("heading", "Ce que nous recueillons, et pourquoi"),
        (
            "paragraph",
            "<ul><li><strong>Quand vous commandez :</strong> votre nom, votre courriel, votre adresse de "
            "livraison et, si vous le donnez, votre numéro de téléphone, pour expédier la commande, envoyer "
            "reçus et suivi, et vous joindre en cas de problème de livraison.</li>"
            "<li><strong>Quand vous payez :</strong> les données de votre carte vont directement de votre "
            "navigateur à Stripe, notre processeur de paiement. Nous ne voyons ni ne conservons jamais votre "
            "numéro de carte.</li>"
            "<li><strong>Quand vous clavardez avec nous ou demandez une égalisation de prix :</strong> vos "
            "messages, votre courriel et les détails envoyés, pour vous répondre.</li>"
            "<li><strong>Quand vous créez un compte :</strong> votre courriel et un mot de passe haché de façon "
            "sécuritaire, pour consulter vos commandes.</li>"
            "<li><strong>Infolettre :</strong> votre courriel et les sujets choisis, seulement si vous l'avez "
            "demandée (voir plus bas).</li></ul>",
        ),
        ("heading", "Nos courriels"),
        (
            "paragraph",
            "<p>Les courriels liés à une commande (reçus, avis d'expédition et de remboursement) vous sont "
            "envoyés parce que vous avez commandé. L'infolettre, c'est autre chose : nous l'envoyons seulement "
            "aux personnes qui ont coché la case à la caisse ou qui se sont inscrites et ont confirmé en "
            "cliquant le lien reçu par courriel, comme le demande la Loi canadienne anti-pourriel (LCAP). "
            "Chaque infolettre contient un lien de désabonnement en un clic, qui prend effet tout de suite.</p>",
        ),
        ("heading", "Témoins (cookies)"),
        (
            "paragraph",
            "<p>Nous utilisons deux témoins, tous deux nécessaires au fonctionnement de la boutique : un témoin "
            "de session, qui retient votre panier et les détails de la caisse, et un témoin de sécurité, qui "
            "empêche d'autres sites de soumettre nos formulaires. Aucun témoin publicitaire ou de pistage, et "
            "aucune statistique qui vous suit d'un site à l'autre. Votre navigateur retient aussi, sur votre "
            "propre appareil, si vous avez fermé notre bandeau d'annonce et ce que vous avez écrit dans le "
            "clavardage pendant la visite; ça ne nous parvient jamais.</p>",
        ),
        ("heading", "Avec qui nous les partageons"),
        (
            "paragraph",
            "<p>Nous ne vendons ni ne louons jamais vos renseignements. Nous transmettons seulement ce dont "
            "chaque service a besoin : Stripe pour le paiement et les remboursements, notre service d'envoi "
            "de courriels pour nos messages, et le transporteur pour livrer votre colis. Certaines de ces "
            "entreprises conservent des données à l'extérieur du Canada, par exemple aux États-Unis, où elles "
            "sont soumises aux lois locales.</p>",
        ),
        ("heading", "Combien de temps nous les gardons"),
        (
            "paragraph",
            "<p>Nous gardons les dossiers de commande six ans après la fin de l'année d'imposition à laquelle "
            "ils se rapportent, comme l'exige l'Agence du revenu du Canada. Les messages de clavardage et les "
            "demandes d'égalisation de prix sont conservés tant qu'ils servent à vous répondre et à assurer le "
            "suivi. Les données de l'infolettre sont gardées pendant votre abonnement, puis seulement comme "
            "preuve de votre consentement et de votre désabonnement.</p>",
        ),
        ("heading", "Vos droits"),
        (
            "paragraph",
            "<p>Vous pouvez demander à consulter les renseignements personnels que nous détenons sur vous, à "
            "les faire corriger, ou retirer en tout temps votre consentement à l'infolettre. Écrivez-nous et "
            "nous répondrons dans les 30 jours. Si notre réponse ne vous satisfait pas, vous pouvez porter "
            "plainte au Commissariat à la protection de la vie privée du Canada.</p>",
        ),
    ),
)

TERMS = PolicyData(
    kind="terms",
    slug="conditions",
    title="Conditions de vente",
    intro=(
        "En bref : des prix justes en dollars canadiens, des stocks affichés honnêtement, et une vraie "
        "personne à qui parler en cas de pépin."
    ),
    body=(
        ("heading", "À qui vous achetez"),
        (
            "paragraph",
            "<p>Cette boutique est exploitée par Knot &amp; Stone Therapy Supply, une petite entreprise de "
            "Guelph, en Ontario. Ces conditions s'appliquent à vos commandes; passer une commande, c'est les "
            "accepter.</p>",
        ),
        ("heading", "Prix et taxes"),
        (
            "paragraph",
            "<p>Les prix sont en dollars canadiens. La taxe de vente (TPS, TVH, TVP ou TVQ) est calculée selon "
            "la province de livraison et affichée à part avant le paiement. La livraison est facturée selon "
            'notre <a href="/fr/livraison/">page Livraison</a>. Si un prix erroné s\'affiche par erreur, nous '
            "vous prévenons avant l'expédition et vous pouvez annuler avec remboursement complet.</p>",
        ),
        ("heading", "Votre commande"),
        (
            "paragraph",
            "<ul><li>Quand vous passez votre commande, nous réservons les articles 30 minutes le temps du "
            "paiement. La commande est confirmée une fois le paiement accepté, et nous vous envoyons un reçu "
            "par courriel.</li>"
            "<li>Les codes de réduction ont les conditions indiquées avec eux; un code par commande.</li>"
            "<li>Si un article se révèle indisponible après votre paiement, nous le remboursons en entier, sur "
            "votre carte, sans attendre.</li>"
            "<li>Nous pouvons annuler une commande que nous soupçonnons frauduleuse; nous remboursons tout "
            "montant payé.</li></ul>",
        ),
        ("heading", "Retours, remboursements et égalisation des prix"),
        (
            "paragraph",
            '<p>Consultez notre <a href="/fr/retours/">politique de retours et de remboursements</a> (30 jours '
            'après la livraison) et notre <a href="/fr/price-match/">politique d\'égalisation des prix</a>. '
            "Rien dans ces conditions ne retire les droits que vous donne la loi ontarienne sur la protection "
            "du consommateur.</p>",
        ),
        ("heading", "Utiliser nos produits en toute sécurité"),
        (
            "paragraph",
            "<p>Nous vendons des outils de massage et de récupération, pas des traitements médicaux. Nos "
            "articles et nos fiches produits sont de l'information générale. Si vous êtes enceinte, avez un "
            "problème de santé ou doutez qu'un outil vous convienne, demandez d'abord l'avis de votre médecin, "
            "de votre physiothérapeute ou d'un massothérapeute agréé, et suivez les instructions du "
            "fabricant.</p>",
        ),
        ("heading", "Les aspects juridiques"),
        (
            "paragraph",
            "<p>Ces conditions sont régies par les lois de l'Ontario et du Canada. Nous pouvons les modifier à "
            "l'occasion; la version affichée sur cette page au moment de votre commande est celle qui "
            "s'applique.</p>",
        ),
    ),
)

CONTACT = PolicyData(
    kind="contact",
    slug="contact",
    title="Nous joindre",
    intro="De vraies personnes, à Guelph, heureuses de vous aider à choisir un outil ou à régler une commande.",
    body=(
        ("contact_details", None),
        ("heading", "Nos heures"),
        ("office_hours", None),
        (
            "paragraph",
            "<p>Le plus rapide, c'est le lien <strong>Clavardez avec nous</strong> au bas de chaque page. "
            "Pendant nos heures, l'un de nous vous répond sur-le-champ; en dehors, laissez votre question avec "
            "votre courriel et nous vous répondrons dès notre retour. Nous répondons aux courriels et aux "
            "messages téléphoniques en un jour ouvrable.</p>",
        ),
        ("heading", "Une question sur une commande?"),
        (
            "paragraph",
            "<p>Ayez votre numéro de commande sous la main (il commence par KS- et figure sur votre reçu). Pour "
            'un retour, lisez d\'abord notre <a href="/fr/retours/">politique de retours et de '
            "remboursements</a>; elle répond à la plupart des questions.</p>",
        ),
    ),
)

POLICIES: tuple[PolicyData, ...] = (SHIPPING, RETURNS, PRIVACY, TERMS, CONTACT)
