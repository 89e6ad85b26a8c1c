"""The "Marketing" group runs campaigns too: compose, preview, test-send, send, schedule, pause and cancel."""

from django.db import migrations

from config.staff_groups import grant, make_permissions, revoke

GROUP_NAME = "Marketing"
PERMISSIONS = [
    ("newsletter", "add_campaign"),
    ("newsletter", "change_campaign"),
    ("newsletter", "delete_campaign"),
    ("newsletter", "view_campaign"),
    ("newsletter", "view_campaignrecipient"),
]


def grant_campaigns(apps, schema_editor):
    # Permissions are normally made after all migrations; make the newsletter's now so the group can hold them.
    make_permissions(apps, "newsletter")
    grant(apps, GROUP_NAME, PERMISSIONS)


def revoke_campaigns(apps, schema_editor):
    revoke(apps, GROUP_NAME, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0007_campaigns_admin")]

    operations = [migrations.RunPython(grant_campaigns, revoke_campaigns)]
