"""Demo content: the home page, the article index at /articles/ with its articles (published and linked to
products), and the site and shop settings."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

from babel.dates import format_date
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from config.site_url import site_address, site_follow_site_url, site_url
from content.models import ArticleIndexPage, ArticlePage, HomePage, HomePageFeaturedProduct
from content.settings import SiteSettings
from demo.base import CREATED, UNCHANGED, DemoContext
from demo.data.articles import (
    ArticleData,
    Block,
    Callout,
    Heading,
    Paragraph,
    Picture,
    Products,
    Quote,
    massage_guns,
    massage_guns_fr,
    oil_blends,
    oil_blends_fr,
    trigger_points,
    trigger_points_fr,
)
from demo.french import publish_translation
from demo.images import (
    ALT_TEXT,
    ALT_TEXT_FR,
    HERO_ALT_TEXT,
    HERO_ALT_TEXT_FR,
    ensure_image,
    render_banner,
    render_hero,
    render_illustration,
)
from shop.models import Product, ShopSettings

SHOP_NAME = "Knot & Stone Therapy Supply"
HOME_FEATURED_SLUGS = (
    "basalt-hot-stone-starter-set",
    "tidewell-quiet-pulse",
    "sweet-almond-massage-oil",
    "maple-hand-knobber",
)
HERO_TITLE = "Knot & Stone home page picture"
ANNIVERSARY_SALE_DAYS = 14


ARTICLES: tuple[ArticleData, ...] = (trigger_points.ARTICLE, oil_blends.ARTICLE, massage_guns.ARTICLE)
# Each English article's French version, by the English slug.
FRENCH_ARTICLES: dict[str, ArticleData] = {
    trigger_points.ARTICLE.slug: trigger_points_fr.ARTICLE,
    oil_blends.ARTICLE.slug: oil_blends_fr.ARTICLE,
    massage_guns.ARTICLE.slug: massage_guns_fr.ARTICLE,
}
FRENCH_ARTICLE_INDEX = {
    "title": "Articles",
    "slug": "articles",
    "intro": (
        "Les guides de notre équipe de massothérapeutes et d'athlètes : comment se servir des outils que nous "
        "vendons, ce que veulent dire les caractéristiques, et comment prendre soin de soi entre deux rendez-vous."
    ),
    "search_description": (
        "Guides sur les points de déclenchement, les huiles de massage et les pistolets de massage à percussion."
    ),
}
FRENCH_HOME = {
    "slug": "accueil",
    "seo_title": f"{SHOP_NAME} — pierres de massage, pistolets de massage, huiles et outils pour points de déclenchement",
    "search_description": (
        "Une boutique de Guelph, en Ontario, pour les massothérapeutes et les muscles endoloris : ensembles de "
        "pierres de basalte et de jade, pistolets de massage à percussion, huiles de support et essentielles, "
        "outils pour points de déclenchement, livrés partout au Canada."
    ),
    "hero_heading": "Des outils pour les muscles fatigués, de Guelph jusqu'à votre porte",
    "hero_image_alt": HERO_ALT_TEXT_FR,
    "hero_text": (
        "Pierres chaudes et froides, pistolets à percussion silencieux, huiles honnêtes et outils simples pour "
        "les points de déclenchement, choisis par des gens qui s'en servent tous les jours. Livraison gratuite "
        "partout au Canada sur les commandes de plus de 250 $."
    ),
    "hero_cta_label": "Magasiner le catalogue",
    "hero_cta_url": "/fr/shop/",  # the catalogue's French address (English at /, French at /fr/)
}


def load_articles(ctx: DemoContext) -> None:
    home = Site.objects.get(is_default_site=True).root_page
    index = ArticleIndexPage.objects.child_of(home).filter(slug="articles").first()
    if index is None:
        index = ArticleIndexPage(
            title="Articles",
            slug="articles",
            intro=(
                "Guides from our team of massage therapists and athletes: how to use the tools we sell, "
                "what the specifications mean, and how to look after yourself between appointments."
            ),
            search_description="Guides to trigger point therapy, massage oils and percussion massage guns.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        ctx.say("Article index: 1 created at /articles/")
    else:
        ctx.say("Article index: already present")

    image_outcomes: list[str] = []
    outcomes = []
    for article in ARTICLES:
        if ArticlePage.objects.child_of(index).filter(slug=article.slug).exists():
            # Articles belong to editors once published: a re-run never overwrites their changes.
            outcomes.append(UNCHANGED)
            image_outcomes += [UNCHANGED] * (1 + sum(isinstance(block, Picture) for block in article.body))
            continue
        _create_article(ctx, index, article, image_outcomes)
        outcomes.append(CREATED)
    ctx.report("Article images", image_outcomes)
    ctx.report("Articles", outcomes)
    _translate_articles(ctx, index)


def _translate_articles(ctx: DemoContext, index: ArticleIndexPage) -> None:
    """The French article index and a French version of each demo article, under it."""
    _french_index, outcome = publish_translation(index, FRENCH_ARTICLE_INDEX)
    ctx.report("French article index", [outcome])
    outcomes = []
    for article in ARTICLES:
        page = ArticlePage.objects.child_of(index).filter(slug=article.slug).first()
        if page is None:  # an editor removed it: nothing to translate
            continue
        outcomes.append(_translate_article(ctx, page, FRENCH_ARTICLES[article.slug]))
    ctx.report("French articles", outcomes)


def _translate_article(ctx: DemoContext, page: ArticlePage, french: ArticleData) -> str:
    wanted = {slug for block in french.body if isinstance(block, Products) for slug in block.slugs}
    products = {product.slug: product for product in Product.objects.filter(slug__in=wanted)}

    def picture(data: Picture, *, banner: bool = False):
        # The English article drew the pictures; the French one shows the same images.
        image, _outcome = ensure_image(
            title=data.title,
            filename=f"article-{data.drawing}-{data.colour.lstrip('#')}.png",
            render=lambda: (render_banner if banner else render_illustration)(
                data.drawing, data.colour, ctx.image_size
            ),
            alt_text=ALT_TEXT[data.drawing],
        )
        return image

    fields = {
        "title": french.title,
        "slug": french.slug,
        "intro": french.intro,
        "search_description": french.search_description,
        # The pictures are the English article's, so their own descriptions are English: the French page
        # describes them in French.
        "hero_image_alt": ALT_TEXT_FR[french.hero.drawing],
        "body": [_stream_child(block, picture, products, alt=ALT_TEXT_FR) for block in french.body],
    }
    _page, outcome = publish_translation(page, fields, tags=french.tags)
    return outcome


@transaction.atomic
def _create_article(ctx: DemoContext, index: ArticleIndexPage, article: ArticleData, image_outcomes: list[str]) -> None:
    wanted = {*article.related_products}
    for block in article.body:
        if isinstance(block, Products):
            wanted.update(block.slugs)
    products = {product.slug: product for product in Product.objects.filter(slug__in=wanted)}

    def picture(data: Picture, *, banner: bool = False):
        # Article headers are cropped to 16:9, so they get a wide picture; body pictures stay square.
        render = render_banner if banner else render_illustration
        image, outcome = ensure_image(
            title=data.title,
            filename=f"article-{data.drawing}-{data.colour.lstrip('#')}.png",
            render=lambda: render(data.drawing, data.colour, ctx.image_size),
            alt_text=ALT_TEXT[data.drawing],
        )
        image_outcomes.append(outcome)
        return image

    page = ArticlePage(
        title=article.title,
        slug=article.slug,
        author=article.author,
        date=timezone.localdate() - timedelta(days=article.days_ago),
        intro=article.intro,
        search_description=article.search_description,
        hero_image=picture(article.hero, banner=True),
        body=[_stream_child(block, picture, products) for block in article.body],
    )
    page.related_products = [products[slug] for slug in article.related_products]
    page.tags.add(*article.tags)
    index.add_child(instance=page)
    page.save_revision().publish()


def _stream_child(block: Block, picture, products: dict[str, Product], *, alt: dict[str, str] | None = None) -> dict:
    """One body block in StreamField's stored form: {"type", "value", "id"}; `alt`: a picture's description
    by drawing, for a page in another language than the images' own descriptions."""
    match block:
        case Heading(text=text, level=level):
            kind, value = "heading", {"text": text, "level": level}
        case Paragraph(html=html):
            kind, value = "paragraph", html
        case Picture():
            description = (alt or {}).get(block.drawing, "")
            kind, value = "image", {"image": picture(block).pk, "caption": block.caption, "alt": description}
        case Quote(text=text, attribution=attribution):
            kind, value = "quote", {"text": text, "attribution": attribution}
        case Callout(tone=tone, title=title, html=html):
            kind, value = "callout", {"tone": tone, "title": title, "text": html}
        case Products(heading=heading, slugs=slugs):
            ids = [products[slug].pk for slug in slugs]
            kind, value = "products", {"heading": heading, "products": ids}
        case _:
            raise TypeError(f"Unknown article block {block!r}")
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def load_home_page(ctx: DemoContext) -> None:
    """Make the shop's HomePage the root of the default site, replacing Wagtail's "Welcome" page."""
    hero_image, hero_outcome = ensure_image(
        title=HERO_TITLE,
        filename="home-hero.png",
        render=lambda: render_hero(ctx.image_size),
        alt_text=HERO_ALT_TEXT,
    )
    ctx.report("Home page picture", [hero_outcome])
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and site.root_page.specific_class is HomePage:
        ctx.say("Home page: already present")
        _site_follows_site_url(ctx)
        _translate_home_page(ctx, site.root_page)
        return
    with transaction.atomic():
        home = HomePage.objects.first()
        outcome = UNCHANGED
        if home is None:
            home = _create_home_page(hero_image)
            outcome = CREATED
        welcome = site.root_page if site is not None else None
        if site is None:
            address = site_address(site_url())
            site = Site(hostname=address.hostname, port=address.port, is_default_site=True)
        site.root_page = home
        site.site_name = site.site_name or SHOP_NAME
        site.save()
        # Wagtail's starter page is an empty plain Page; anything else is an editor's and stays.
        if welcome is not None and welcome.specific_class is Page and not welcome.get_children().exists():
            welcome.delete()
        if home.slug != "home" and not Page.objects.sibling_of(home).filter(slug="home").exists():
            home.slug = "home"
            home.save_revision().publish()
    ctx.say(f"Home page: {'1 created' if outcome == CREATED else 'already present'}, set as the site's root")
    _site_follows_site_url(ctx)
    _translate_home_page(ctx, home)


def _translate_home_page(ctx: DemoContext, home: Page) -> None:
    """The French home page: the root of the site's French tree (Wagtail serves it at the French root)."""
    _french_home, outcome = publish_translation(home, FRENCH_HOME)
    ctx.report("French home page", [outcome])


def _site_follows_site_url(ctx) -> None:
    """The Site's address is SITE_URL's, the one address every public link is built on."""
    changed = site_follow_site_url()
    ctx.say(f"Site address: {site_url()}{' (updated)' if changed else ''}")


def _create_home_page(hero_image) -> HomePage:
    products = {product.slug: product for product in Product.objects.filter(slug__in=HOME_FEATURED_SLUGS)}
    home = HomePage(
        title=SHOP_NAME,
        # A temporary slug: "home" is still taken by Wagtail's welcome page until it is removed.
        slug="knot-and-stone-home",
        seo_title=f"{SHOP_NAME} — massage stones, massage guns, oils and trigger-point tools",
        search_description=(
            "A Guelph, Ontario shop for massage therapists and sore muscles: basalt and jade stone sets, "
            "percussion massage guns, carrier and essential oils and trigger-point tools, shipped across Canada."
        ),
        hero_heading="Tools for tired muscles, from Guelph to your door",
        hero_text=(
            "Hot and cold massage stones, quiet percussion guns, honest oils and simple trigger-point tools, "
            "chosen by people who use them every day. Free shipping across Canada on orders over $250."
        ),
        hero_image=hero_image,
        hero_cta_label="Shop the catalogue",
        hero_cta_url="/shop/",
    )
    home.featured_products = [
        HomePageFeaturedProduct(product=products[slug], sort_order=position)
        for position, slug in enumerate(HOME_FEATURED_SLUGS)
    ]
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    return home


def load_site_settings(ctx: DemoContext) -> None:
    """Fill the shop's identity, contact details, announcement and tax numbers, leaving any edited value alone."""
    site = Site.objects.get(is_default_site=True)
    now = timezone.now()
    # The same fortnight as the buying feature's demo "Anniversary sale" promotion (demo/shop.py).
    sale_ends = timezone.localtime(now + timedelta(days=ANNIVERSARY_SALE_DAYS))
    settings = SiteSettings.for_site(site)
    # The French announcement names the same end date as the English one, even when only it is missing.
    french_sale_ends = timezone.localtime(settings.announcement_ends_at or sale_ends)
    site_values = {
        "shop_name": SHOP_NAME,
        "tagline": "Massage stones, percussion guns and trigger-point tools, chosen in Guelph",
        "contact_phone": "1-800-555-0148",
        "contact_email": "hello@knotandstone.example",
        "mailing_address": "Knot & Stone Therapy Supply\n214 Woolwich Street, Unit 3\nGuelph ON  N1H 3V7\nCanada",
        "announcement_text": f"Anniversary sale: 15% off massage stones until {sale_ends:%b} {sale_ends.day}",
        "announcement_link": "/shop/massage-stones/",
        "tagline_fr": "Pierres de massage, pistolets à percussion et outils pour points de déclenchement, choisis à Guelph",
        "announcement_text_fr": (
            f"Solde anniversaire : 15 % de rabais sur les pierres de massage jusqu'au "
            f"{format_date(french_sale_ends, 'd MMMM', locale='fr_CA')}"
        ),
        "announcement_starts_at": now - timedelta(days=1),
        "announcement_ends_at": sale_ends,
    }
    shop_values = {
        "free_shipping_threshold": Decimal("250.00"),
        "gst_hst_registration": "784512369 RT0001",
        "qst_registration": "1219874563 TQ0001",
        # New price-match requests are announced to the shop's own inbox, as chat messages are.
        "staff_notification_email": "hello@knotandstone.example",
    }
    ctx.report("Site settings", [_fill_blanks(settings, site_values)])
    ctx.report("Shop settings", [_fill_blanks(ShopSettings.for_site(site), shop_values)])


# Filled on their own when missing: the French text names the end date already stored.
UNDATED = {"announcement_text_fr"}


def _fill_blanks(settings, values: dict) -> str:
    """Set each value the settings do not have yet; "unchanged" when nothing was missing.

    The announcement is one unit: its dates are only written with its text, so a re-run never
    moves the sale's end date.
    """
    missing = [name for name, value in values.items() if getattr(settings, name) in ("", None)]
    if "announcement_text" not in missing:
        missing = [name for name in missing if name in UNDATED or not name.startswith("announcement_")]
    if not missing:
        return UNCHANGED
    for name in missing:
        setattr(settings, name, values[name])
    settings.save()
    return CREATED
