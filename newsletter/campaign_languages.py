"""A campaign's language, the subscribers it leaves out, and its versions in the shop's other languages.

A campaign reaches only the subscribers who read its language (selectors.speaks): Quebec's Charter of the French
language expects commercial messages to French readers to be in French, so a French reader never gets the English
campaign. Staff see this on the campaign's page: how many subscribers of the same audience read each other
language (and so will not get it), and that language's version of the campaign, or a button that makes one
(campaign_services.campaign_make_version).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from config.languages import language_codes, supported_language
from newsletter.models import Campaign
from newsletter.selectors import eligible_subscribers


def language_name(code: str) -> str:
    """A language's name in the staff member's language ("French", or "Français" to French staff)."""
    code = supported_language(code)
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return dict(settings.LANGUAGES).get(code, code)


def version_label(code: str) -> str:
    """ "French version": how a campaign's twin in that language is named on the page."""
    labels = {"en": _("English version"), "fr": _("French version")}
    return labels.get(code) or _("Version in %(language)s") % {"language": language_name(code)}


def make_version_label(code: str) -> str:
    """The button that makes the campaign's twin in that language."""
    labels = {"en": _("Make the English version"), "fr": _("Make the French version")}
    return labels.get(code) or _("Make the version in %(language)s") % {"language": language_name(code)}


def other_languages(code: str) -> list[str]:
    code = supported_language(code)
    return [other for other in dict.fromkeys(language_codes()) if other != code]


def campaign_family(campaign: Campaign) -> Q:
    """The campaign, the original it is a version of, and all that original's versions."""
    original_id = campaign.translation_of_id or campaign.pk
    return Q(pk=original_id) | Q(translation_of_id=original_id)


@dataclass(frozen=True)
class OtherLanguage:
    code: str
    name: str
    label: str
    make_label: str
    # Subscribers of the same audience who read this language, so will not get the campaign (None: not counted).
    left_out: int | None
    version: Campaign | None


def campaign_other_languages(campaign: Campaign, *, count_left_out: bool) -> list[OtherLanguage]:
    """Each of the shop's other languages: who in the audience reads it, and the campaign's version in it."""
    versions = {
        version.language: version
        for version in Campaign.objects.filter(campaign_family(campaign)).exclude(pk=campaign.pk).order_by("pk")
    }
    rows = []
    for code in other_languages(campaign.language):
        left_out = None
        if count_left_out:
            # The same audience as it would be for a campaign in that language.
            same_audience = Campaign(
                audience=campaign.audience, segment_category_id=campaign.segment_category_id, language=code
            )
            left_out = eligible_subscribers(same_audience).count()
        rows.append(
            OtherLanguage(
                code=code,
                name=language_name(code),
                label=version_label(code),
                make_label=make_version_label(code),
                left_out=left_out,
                version=versions.get(code),
            )
        )
    return rows
