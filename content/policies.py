"""Policy pages the shopper can read before paying: shipping, returns, privacy, terms and contact.

Editors write each page in Wagtail. The shipping page's rate table and the contact page's hours are blocks
that read the live rows (the same shipping rules checkout charges by, the office hours in site settings),
so the words around them are the editor's and the figures are never out of date. Each page has a `kind`,
which is how the footer and checkout find it; the price-match policy is not one of these: it is generated
from the price-match settings at /price-match/.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from config.caches import POLICY_LINKS
from config.caching import forget
from config.languages import content_language
from content.blocks import CalloutBlock, HeadingBlock
from shop.provinces import Province
from shop.selectors.shipping import shipping_rates_table
from shop.shipping import ShippingMethod


class PolicyKind(models.TextChoices):
    SHIPPING = "shipping", _("Shipping")
    RETURNS = "returns", _("Returns and refunds")
    PRIVACY = "privacy", _("Privacy")
    TERMS = "terms", _("Terms of sale")
    CONTACT = "contact", _("Contact us")


METHOD_LABELS = {ShippingMethod.STANDARD: _("Standard"), ShippingMethod.EXPEDITED: _("Expedited")}


class ShippingRatesBlock(blocks.StaticBlock):
    """The live rate table: each province's rate and delivery time per method, and the free-shipping threshold."""

    class Meta:
        icon = "table"
        label = _("Shipping rate table (live)")
        admin_text = _(
            "Shows the rate and delivery time for every province and method, and the free-shipping threshold, "
            "read from the shipping zones and shop settings each time the page is shown (the same figures "
            "checkout charges). Edit the figures under Pricing & tax → Shipping zones."
        )
        template = "blocks/shipping_rates_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        table = shipping_rates_table()
        context["table"] = table
        context["methods"] = [METHOD_LABELS.get(method, method) for method in table.methods]
        context["rows"] = [(row.province, Province(row.province).label, row.cells) for row in table.rows]
        return context


class OfficeHoursBlock(blocks.StaticBlock):
    """The shop's weekly hours, from the office hours in site settings (the ones the chat uses)."""

    class Meta:
        icon = "time"
        label = _("Office hours (live)")
        admin_text = _("Shows the office hours from Settings → Site settings, so they are edited in one place.")
        template = "blocks/office_hours_block.html"

    def get_context(self, value, parent_context=None):
        from content.settings import SiteSettings

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        if request is not None:
            site_settings = SiteSettings.for_request(request)
        else:
            site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        hours = site_settings.office_hours()
        context["days"] = [(WEEKDAYS[number], day) for number, day in enumerate(hours.days)]
        context["timezone"] = hours.timezone
        return context


class ContactDetailsBlock(blocks.StaticBlock):
    """The shop's address, phone, email and chat link, from site settings."""

    class Meta:
        icon = "mail"
        label = _("Contact details (live)")
        admin_text = _("Shows the mailing address, phone, email and the chat link from Settings → Site settings.")
        template = "blocks/contact_details_block.html"


class PolicyBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h3", "bold", "italic", "link", "ol", "ul"], template="blocks/paragraph_block.html"
    )
    callout = CalloutBlock()
    shipping_rates = ShippingRatesBlock()
    office_hours = OfficeHoursBlock()
    contact_details = ContactDetailsBlock()


class PolicyPage(Page):
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=PolicyKind.choices,
        help_text=_("Which policy this page is: the footer and checkout link to each kind's page."),
    )
    intro = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences shown under the title."))
    body = StreamField(PolicyBodyBlock(), use_json_field=True)

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("policy page")

    def clean(self):
        # One page of each kind per language: its translations share the kind (a database constraint cannot
        # say this, as the locale is a column of Wagtail's page table, not of this one).
        super().clean()
        same_kind = PolicyPage.objects.filter(kind=self.kind, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.kind and same_kind.exists():
            raise ValidationError({"kind": _("There is already a page of this kind in this language.")})

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        forget_policy_links()  # publishing, unpublishing, retitling and moving all save the page
        return result

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_policy_links()
        return result


@dataclass(frozen=True, slots=True)
class PolicyLink:
    kind: str
    title: str
    url: str


def policy_links_key(language: str) -> str:
    return f"{POLICY_LINKS.key}{language}"


def forget_policy_links() -> None:
    for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        forget(policy_links_key(language))


def policy_links() -> dict[str, PolicyLink]:
    """The live policy pages by kind, in the order of PolicyKind, in the shopper's language (English for a
    kind with no live translation): one query, then the cache until one is saved."""
    language, fallback = content_language(), content_language(settings.LANGUAGE_CODE)
    key = policy_links_key(language)
    links = cache.get(key)
    if links is None:
        pages: dict[str, PolicyPage] = {}
        live = PolicyPage.objects.live().filter(locale__language_code__in={language, fallback})
        # The shopper's language last, so its page replaces the English one of the same kind.
        for page in sorted(
            live.select_related("locale").defer_streamfields().order_by("-path"),
            key=lambda page: page.locale.language_code == language,
        ):
            pages[page.kind] = page
        links = {
            kind: PolicyLink(kind=kind, title=pages[kind].title, url=pages[kind].get_url() or pages[kind].url_path)
            for kind in PolicyKind.values
            if kind in pages
        }
        cache.set(key, links, POLICY_LINKS.seconds)
    return links
