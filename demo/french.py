"""French translations of the demo's pages, made the way an editor makes them with Wagtail's simple
translation: copy the English page into the French locale, write the French, publish.

A page that already has a French version (a translation, or the alias the synced page tree gives a page
created in the admin) is left alone: editors own a page once it exists.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page

from demo.base import CREATED, UNCHANGED

FRENCH = "fr"


def french_locale() -> Locale:
    """The French locale (helper i18n's migration also creates it; whichever runs first makes it)."""
    locale, _created = Locale.objects.get_or_create(language_code=FRENCH)
    return locale


@transaction.atomic
def publish_translation(page: Page, fields: dict[str, Any], *, tags: tuple[str, ...] = ()) -> tuple[Page, str]:
    """The page's French version: the existing one, or a copy for translation with `fields` (and `tags`,
    for an article) in French, published."""
    locale = french_locale()
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, UNCHANGED
    # copy_parents: should an editor have deleted the French parent, it comes back as an alias of the English.
    translation = page.specific.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    if tags:
        translation.tags.clear()
        translation.tags.add(*tags)
    translation.save_revision().publish()
    return translation, CREATED
