"""A partial refund no longer changes an order's status: orders left "partially refunded" go back to where
they were in fulfilment (shipped, fulfilled or paid), so they can be packed, shipped or cancelled again. The
partial refund itself is read from the amounts (refunded_total), as the order list's badge and filter do."""

from django.db import migrations


def statuses_from_fulfilment(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    stuck = Order.objects.filter(status="partially_refunded")
    stuck.filter(shipped_at__isnull=False).update(status="shipped")
    stuck.filter(shipped_at__isnull=True, fulfilled_at__isnull=False).update(status="fulfilled")
    stuck.filter(shipped_at__isnull=True, fulfilled_at__isnull=True).update(status="paid")


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0027_marketing_consent_text_snapshot"),
    ]

    operations = [
        migrations.RunPython(statuses_from_fulfilment, migrations.RunPython.noop),
    ]
