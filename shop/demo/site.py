"""Load the shop around the catalogue: the staff account, the home page and the site settings."""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from content.models import HomePage, HomePageFeaturedProduct
from content.settings import SiteSettings
from shop.demo.base import CREATED, UNCHANGED, DemoContext
from shop.demo.images import ensure_image, render_hero
from shop.models import Product, ShopSettings

SHOP_NAME = "Knot & Stone Therapy Supply"
STAFF_USERNAME = "staff"
STAFF_EMAIL = "staff@knotandstone.example"
DEFAULT_STAFF_PASSWORD = "knotandstone-demo"
HOME_FEATURED_SLUGS = (
    "basalt-hot-stone-starter-set",
    "tidewell-quiet-pulse",
    "sweet-almond-massage-oil",
    "maple-hand-knobber",
)
HERO_TITLE = "Knot & Stone home page picture"
ANNIVERSARY_SALE_DAYS = 14


def load_staff_account(ctx: DemoContext) -> None:
    """The demo's staff login; its password is only ever set when the account is first made."""
    port = os.environ.get("PORT", "8000")
    user_model = get_user_model()
    if user_model.objects.filter(username=STAFF_USERNAME).exists():
        ctx.say("Staff account: already present")
        login = f"Staff login: username '{STAFF_USERNAME}' already exists (its password was not changed)"
    else:
        password = os.environ.get("DEMO_STAFF_PASSWORD") or DEFAULT_STAFF_PASSWORD
        user_model.objects.create_user(
            username=STAFF_USERNAME,
            email=STAFF_EMAIL,
            password=password,
            first_name="Demo",
            last_name="Staff",
            is_staff=True,
            is_superuser=True,
        )
        ctx.say("Staff account: 1 created")
        login = f"Staff login: username '{STAFF_USERNAME}', password '{password}'"
    ctx.closing_lines += [f"Admin: http://127.0.0.1:{port}/admin/", login]


def load_home_page(ctx: DemoContext) -> None:
    """Make the shop's HomePage the root of the default site, replacing Wagtail's "Welcome" page."""
    hero_image, hero_outcome = ensure_image(
        title=HERO_TITLE,
        filename="home-hero.png",
        render=lambda: render_hero(ctx.image_size),
        alt_text="Illustration of massage stones, a bottle of massage oil and a percussion massage gun",
    )
    ctx.report("Home page picture", [hero_outcome])
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and site.root_page.specific_class is HomePage:
        ctx.say("Home page: already present")
        return
    with transaction.atomic():
        home = HomePage.objects.first()
        outcome = UNCHANGED
        if home is None:
            home = _create_home_page(hero_image)
            outcome = CREATED
        welcome = site.root_page if site is not None else None
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
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
    # The same fortnight as the buying feature's demo "Anniversary sale" promotion (shop/demo/pricing.py).
    sale_ends = timezone.localtime(now + timedelta(days=ANNIVERSARY_SALE_DAYS))
    site_values = {
        "shop_name": SHOP_NAME,
        "tagline": "Massage stones, percussion guns and trigger-point tools, chosen in Guelph",
        "contact_phone": "1-800-555-0148",
        "contact_email": "hello@knotandstone.example",
        "chat_url": "https://chat.knotandstone.example/",
        "mailing_address": "Knot & Stone Therapy Supply\n214 Woolwich Street, Unit 3\nGuelph ON  N1H 3V7\nCanada",
        "announcement_text": f"Anniversary sale: 15% off massage stones until {sale_ends:%b} {sale_ends.day}",
        "announcement_link": "/shop/massage-stones/",
        "announcement_starts_at": now - timedelta(days=1),
        "announcement_ends_at": sale_ends,
    }
    shop_values = {
        "free_shipping_threshold": Decimal("250.00"),
        "gst_hst_registration": "784512369 RT0001",
        "qst_registration": "1219874563 TQ0001",
    }
    ctx.report("Site settings", [_fill_blanks(SiteSettings.for_site(site), site_values)])
    ctx.report("Shop settings", [_fill_blanks(ShopSettings.for_site(site), shop_values)])


def _fill_blanks(settings, values: dict) -> str:
    """Set each value the settings do not have yet; "unchanged" when nothing was missing.

    The announcement is one unit: its dates are only written with its text, so a re-run never
    moves the sale's end date.
    """
    missing = [name for name, value in values.items() if getattr(settings, name) in ("", None)]
    if "announcement_text" not in missing:
        missing = [name for name in missing if not name.startswith("announcement_")]
    if not missing:
        return UNCHANGED
    for name in missing:
        setattr(settings, name, values[name])
    settings.save()
    return CREATED
