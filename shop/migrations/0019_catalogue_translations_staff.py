"""Shop staff write the catalogue's translations as they write the catalogue (see 0013_staff_groups)."""

from django.db import migrations

from config.staff_groups import grant, make_permissions, revoke

GROUP_NAME = "Shop staff"
PERMISSIONS = [
    ("shop", f"{action}_{model}")
    for model in ("producttranslation", "categorytranslation", "optiontranslation")
    for action in ("add", "change", "delete", "view")
]


def grant_translations(apps, schema_editor):
    make_permissions(apps, "shop")
    grant(apps, GROUP_NAME, PERMISSIONS)


def revoke_translations(apps, schema_editor):
    revoke(apps, GROUP_NAME, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("shop", "0018_catalogue_translations")]

    operations = [migrations.RunPython(grant_translations, revoke_translations)]
