"""The "Marketing" group picks and uploads pictures for campaign bodies (image blocks), as Editors do.

Wagtail checks image permissions per collection: "choose" to pick one in the chooser, "add" to upload one from
it. Granted on the root collection, they hold for every collection. Nothing else: no editing of others'
pictures, no documents, no pages.
"""

from django.db import migrations

from config.staff_groups import grant, grant_on_collections, make_permissions

GROUP_NAME = "Marketing"
IMAGE_PERMISSIONS = [("wagtailimages", "choose_image"), ("wagtailimages", "add_image")]


def grant_images(apps, schema_editor):
    make_permissions(apps, "wagtailimages")
    group = grant(apps, GROUP_NAME, [])
    grant_on_collections(apps, group, IMAGE_PERMISSIONS)


def revoke_images(apps, schema_editor):
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(
        group__name=GROUP_NAME,
        permission__content_type__app_label="wagtailimages",
        permission__codename__in=[codename for _app, codename in IMAGE_PERMISSIONS],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0013_campaign_language_digest_stop_reason"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant_images, revoke_images)]
