"""The page tree's locales for English at / and French at /fr/.

Databases made before the shop spoke French have one Wagtail Locale, "en-ca" (LANGUAGE_CODE was "en-ca" then);
it becomes "en", the code in WAGTAIL_CONTENT_LANGUAGES now, so every existing page stays English. "fr" is
created for the French pages. Going back renames "en" to "en-ca" again and removes "fr" when nothing uses it.
"""

from django.db import migrations
from django.db.models import ProtectedError

OLD_ENGLISH = "en-ca"
ENGLISH = "en"
FRENCH = "fr"


def locales_forward(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    if not Locale.objects.filter(language_code=ENGLISH).exists():
        Locale.objects.filter(language_code=OLD_ENGLISH).update(language_code=ENGLISH)
    if not Locale.objects.filter(language_code=ENGLISH).exists():
        Locale.objects.create(language_code=ENGLISH)
    Locale.objects.get_or_create(language_code=FRENCH)


def locales_backward(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    french = Locale.objects.filter(language_code=FRENCH).first()
    if french is not None and not Page.objects.filter(locale=french).exists():
        try:
            french.delete()
        except ProtectedError:  # translated snippets or settings still use it: it stays
            pass
    if not Locale.objects.filter(language_code=OLD_ENGLISH).exists():
        Locale.objects.filter(language_code=ENGLISH).update(language_code=OLD_ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0011_french_settings_text_and_policy_kind_per_language"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(locales_forward, locales_backward)]
