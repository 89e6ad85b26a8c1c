"""The "Editors" staff group: pages, images, documents, tags and the site settings, nothing of the shop or the
newsletter.

Wagtail's own first migration already made an "Editors" group (add and edit pages); this adds publishing,
the content app's models and the admin access it needs. Content models added later (snippets) grant their
permissions in their own migration: `config.staff_groups.grant(apps, "Editors", [...])`.
"""

from django.db import migrations

from config.staff_groups import grant, grant_on_collections, grant_on_page_tree, make_permissions

GROUP_NAME = "Editors"
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("content", "change_sitesettings"),
    ("content", "view_sitesettings"),
    ("taggit", "add_tag"),
    ("taggit", "change_tag"),
    ("taggit", "delete_tag"),
    ("taggit", "view_tag"),
]
# Held on the root collection, so they hold for every collection.
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def create_editors_group(apps, schema_editor):
    make_permissions(apps, "content", "taggit", "wagtailcore", "wagtailimages", "wagtaildocs")
    group = grant(apps, GROUP_NAME, PERMISSIONS)
    grant_on_page_tree(apps, group)
    grant_on_collections(apps, group, MEDIA_PERMISSIONS)


def remove_publishing(apps, schema_editor):
    # The group itself is Wagtail's: going back takes away only what this migration added.
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(
            group=group, permission__codename="publish_page"
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_paragraph_block_template"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # After Wagtail's own migrations that give the Editors group its images, documents and "choose".
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_publishing)]
