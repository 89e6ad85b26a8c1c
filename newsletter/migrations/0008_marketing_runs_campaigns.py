"""The "Marketing" group runs campaigns too: compose, preview, test-send, send, schedule, pause and cancel."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Marketing"
PERMISSIONS = [
    ("newsletter", "campaign", "add_campaign"),
    ("newsletter", "campaign", "change_campaign"),
    ("newsletter", "campaign", "delete_campaign"),
    ("newsletter", "campaign", "view_campaign"),
    ("newsletter", "campaignrecipient", "view_campaignrecipient"),
]


def grant_campaigns(apps, schema_editor):
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


def revoke_campaigns(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        codenames = [codename for _app, _model, codename in PERMISSIONS]
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="newsletter", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0007_campaigns_admin")]

    operations = [migrations.RunPython(grant_campaigns, revoke_campaigns)]
