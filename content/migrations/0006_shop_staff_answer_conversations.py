"""Shop staff read the "Chat with us" inbox and reply; Editors never see conversations."""

from django.db import migrations

from config.staff_groups import grant, make_permissions, revoke

PERMISSIONS = [("content", "view_conversation"), ("content", "change_conversation")]


def grant_conversations(apps, schema_editor):
    make_permissions(apps, "content")
    grant(apps, "Shop staff", PERMISSIONS)


def revoke_conversations(apps, schema_editor):
    revoke(apps, "Shop staff", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0005_conversations"),
        ("shop", "0013_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_conversations, revoke_conversations)]
