"""Site settings editors change in the admin: identity, contact, the announcement bar, trust badges and the lock.

The sentences shoppers read (tagline, announcement, password page message) have a French twin field, read
through the `localized_*` properties.
"""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import translate_url
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import register_setting

from config.languages import content_language
from config.site_settings import CachedSiteSetting
from content.forms import StorefrontLockAdminForm
from content.office_hours import DEFAULT_TIMEZONE, OfficeHours, day_hours

WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def validate_timezone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(_("Enter a time zone name such as America/Toronto.")) from error


def in_language(english: str, french: str) -> str:
    """A setting's text for the shopper's language: the French twin on French pages when the editor wrote
    one, else the English. The settings are one row per site, so French is a twin field beside each sentence
    shoppers read rather than a translatable copy of the whole row (whose switches, hours and addresses would
    then be kept twice and could disagree)."""
    if french and content_language() == "fr":
        return french
    return english


NINE, FIVE = time(9), time(17)


def office_time(label, default: time | None) -> models.TimeField:
    return models.TimeField(label, null=True, blank=True, default=default)


@register_setting(icon="site")
class SiteSettings(CachedSiteSetting):
    shop_name = models.CharField(_("shop name"), max_length=120, default="Knot & Stone Therapy Supply")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    tagline_fr = models.CharField(_("tagline in French"), max_length=200, blank=True)
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=40,
        blank=True,
        help_text=_(
            'Shown as a tap-to-call link: a North American number such as 1-800-555-0148, or "+" and the country code.'
        ),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    chat_alert_email = models.EmailField(
        _("chat alerts to"),
        blank=True,
        help_text=_(
            "Staff are emailed here when a shopper's chat message needs an answer. Leave empty to use the contact email."
        ),
    )
    mailing_address = models.TextField(_("mailing address"), blank=True)

    announcement_text = models.CharField(_("announcement text"), max_length=200, blank=True)
    announcement_text_fr = models.CharField(_("announcement text in French"), max_length=200, blank=True)
    announcement_link = models.CharField(_("announcement link"), max_length=300, blank=True)
    announcement_link_fr = models.CharField(
        _("announcement link on French pages"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to use the French address of the link on English pages."),
    )
    announcement_starts_at = models.DateTimeField(_("show from"), null=True, blank=True)
    announcement_ends_at = models.DateTimeField(_("show until"), null=True, blank=True)
    announcement_dismissible = models.BooleanField(_("shoppers can dismiss it"), default=True)

    show_price_match_badge = models.BooleanField(_("price match assurance"), default=True)
    show_free_shipping_badge = models.BooleanField(_("free shipping over the threshold"), default=True)
    show_fast_shipping_badge = models.BooleanField(_("fast shipping across Canada"), default=True)
    show_chat_badge = models.BooleanField(_("chat with us"), default=True)

    # When staff answer the chat. A day without both times is closed; the times are the shop's local time.
    office_timezone = models.CharField(
        _("office time zone"), max_length=64, default=DEFAULT_TIMEZONE, validators=[validate_timezone]
    )
    monday_opens = office_time(_("Monday opens"), NINE)
    monday_closes = office_time(_("Monday closes"), FIVE)
    tuesday_opens = office_time(_("Tuesday opens"), NINE)
    tuesday_closes = office_time(_("Tuesday closes"), FIVE)
    wednesday_opens = office_time(_("Wednesday opens"), NINE)
    wednesday_closes = office_time(_("Wednesday closes"), FIVE)
    thursday_opens = office_time(_("Thursday opens"), NINE)
    thursday_closes = office_time(_("Thursday closes"), FIVE)
    friday_opens = office_time(_("Friday opens"), NINE)
    friday_closes = office_time(_("Friday closes"), FIVE)
    saturday_opens = office_time(_("Saturday opens"), None)
    saturday_closes = office_time(_("Saturday closes"), None)
    sunday_opens = office_time(_("Sunday opens"), None)
    sunday_closes = office_time(_("Sunday closes"), None)

    panels = [
        MultiFieldPanel(
            [FieldPanel("shop_name"), FieldPanel("tagline"), FieldPanel("tagline_fr")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
                FieldPanel("chat_alert_email"),
                FieldPanel("mailing_address"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("announcement_text"),
                FieldPanel("announcement_text_fr"),
                FieldPanel("announcement_link"),
                FieldPanel("announcement_link_fr"),
                FieldPanel("announcement_starts_at"),
                FieldPanel("announcement_ends_at"),
                FieldPanel("announcement_dismissible"),
            ],
            heading=_("Announcement bar"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("show_price_match_badge"),
                FieldPanel("show_free_shipping_badge"),
                FieldPanel("show_fast_shipping_badge"),
                FieldPanel("show_chat_badge"),
            ],
            heading=_("Trust badges"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("office_timezone"),
                *(FieldRowPanel([FieldPanel(f"{day}_opens"), FieldPanel(f"{day}_closes")]) for day in WEEKDAY_FIELDS),
            ],
            heading=_("Office hours (when staff answer the chat)"),
            help_text=_("Leave both times empty on a day the shop is closed."),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def clean(self) -> None:
        super().clean()
        errors = {}
        for day in WEEKDAY_FIELDS:
            opens, closes = getattr(self, f"{day}_opens"), getattr(self, f"{day}_closes")
            if (opens is None) != (closes is None):
                errors[f"{day}_closes"] = _("Give both times, or neither for a closed day.")
            elif opens is not None and closes <= opens:
                errors[f"{day}_closes"] = _("Closing time must be after opening time.")
        if errors:
            raise ValidationError(errors)

    def office_hours(self) -> OfficeHours:
        """The office hours as the plain value the rules in content/office_hours.py read."""
        days = tuple(day_hours(getattr(self, f"{day}_opens"), getattr(self, f"{day}_closes")) for day in WEEKDAY_FIELDS)
        return OfficeHours(days=days, timezone=self.office_timezone or DEFAULT_TIMEZONE)

    @property
    def chat_alert_address(self) -> str:
        """Where staff are told of a chat message that needs an answer: the alert address, else the contact one."""
        return self.chat_alert_email or self.contact_email

    @property
    def localized_tagline(self) -> str:
        return in_language(self.tagline, self.tagline_fr)

    @property
    def localized_announcement_text(self) -> str:
        return in_language(self.announcement_text, self.announcement_text_fr)

    @property
    def localized_announcement_link(self) -> str:
        # Without a French link, French pages get the English link's French address (/fr/...) where it has one.
        french = self.announcement_link_fr or translate_url(self.announcement_link, "fr")
        return in_language(self.announcement_link, french)

    def announcement_is_showing(self, now=None) -> bool:
        """The bar shows when it has text and today falls between its optional start and end."""
        now = now or timezone.now()
        if not self.localized_announcement_text:
            return False
        if self.announcement_starts_at and now < self.announcement_starts_at:
            return False
        return not (self.announcement_ends_at and now >= self.announcement_ends_at)


@register_setting(icon="lock")
class StorefrontLock(CachedSiteSetting):
    """A pre-launch password on the whole storefront; signed-in staff always pass."""

    is_locked = models.BooleanField(_("storefront is password protected"), default=False)
    password_hash = models.CharField(max_length=200, blank=True, editable=False)
    message = models.CharField(
        _("message on the password page"), max_length=300, blank=True, default="We're getting ready. Check back soon."
    )
    message_fr = models.CharField(
        _("message on the password page in French"),
        max_length=300,
        blank=True,
        default="Nous préparons la boutique. Revenez bientôt.",
    )

    base_form_class = StorefrontLockAdminForm
    panels = [
        FieldPanel("is_locked"),
        FieldPanel("password"),
        FieldPanel("message"),
        FieldPanel("message_fr"),
    ]

    class Meta:
        verbose_name = _("storefront password")

    @property
    def localized_message(self) -> str:
        return in_language(self.message, self.message_fr)

    def set_password(self, raw_password: str) -> None:
        self.password_hash = make_password(raw_password)

    def check_password(self, raw_password: str) -> bool:
        return bool(self.password_hash) and check_password(raw_password, self.password_hash)

    def unlock_token(self) -> str:
        """What a shopper's session remembers after the right password; changing the password forgets it."""
        return salted_hmac("content.storefront-lock", self.password_hash).hexdigest()[:32]
