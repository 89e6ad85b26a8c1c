"""The "Marketing" staff group: the Wagtail admin and the newsletter's models, nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Marketing"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("newsletter", "subscriber", "add_subscriber"),
    ("newsletter", "subscriber", "change_subscriber"),
    ("newsletter", "subscriber", "delete_subscriber"),
    ("newsletter", "subscriber", "view_subscriber"),
    ("newsletter", "consentevent", "view_consentevent"),
    ("newsletter", "newslettersettings", "change_newslettersettings"),
    ("newsletter", "newslettersettings", "view_newslettersettings"),
]


def create_marketing_group(apps, schema_editor):
    # Permissions are normally made after all migrations; make the newsletter's now so the group can hold them.
    newsletter = apps.get_app_config("newsletter")
    newsletter.models_module = True
    create_permissions(newsletter, apps=apps, verbosity=0)
    newsletter.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_marketing_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_subscribers"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # After Wagtail's own migrations that hand "choose" permissions to every group with admin access.
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_marketing_group, remove_marketing_group)]
