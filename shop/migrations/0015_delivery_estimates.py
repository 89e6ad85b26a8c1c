"""Delivery estimates on shipping rates, with starting figures for the zones 0003 seeded (editable in the admin)."""

import django.core.validators
from django.db import migrations, models

# (zone, method): (fewest, most) business days once the parcel leaves Guelph.
SEEDED_ESTIMATES = {
    ("Ontario and Quebec", "standard"): (2, 4),
    ("Ontario and Quebec", "expedited"): (1, 2),
    ("Western Canada", "standard"): (4, 7),
    ("Western Canada", "expedited"): (2, 3),
    ("Atlantic Canada", "standard"): (4, 7),
    ("Atlantic Canada", "expedited"): (2, 3),
    ("Territories", "standard"): (7, 14),
    ("Territories", "expedited"): (4, 7),
}


def seed_estimates(apps, schema_editor):
    ShippingRate = apps.get_model("shop", "ShippingRate")
    for (zone, method), (fewest, most) in SEEDED_ESTIMATES.items():
        ShippingRate.objects.filter(zone__name=zone, method=method).update(
            delivery_days_min=fewest, delivery_days_max=most
        )


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0014_one_refund_email_per_refund"),
    ]

    operations = [
        migrations.AddField(
            model_name="shippingrate",
            name="delivery_days_max",
            field=models.PositiveSmallIntegerField(
                default=7,
                help_text="The most business days a parcel usually takes once shipped.",
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="delivery up to (business days)",
            ),
        ),
        migrations.AddField(
            model_name="shippingrate",
            name="delivery_days_min",
            field=models.PositiveSmallIntegerField(
                default=3,
                help_text="The fewest business days a parcel takes once shipped; shown at checkout and on the shipping page.",
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="delivery from (business days)",
            ),
        ),
        migrations.AddConstraint(
            model_name="shippingrate",
            constraint=models.CheckConstraint(
                condition=models.Q(("delivery_days_max__gte", models.F("delivery_days_min"))),
                name="shop_shippingrate_delivery_days_in_order",
            ),
        ),
        migrations.RunPython(seed_estimates, migrations.RunPython.noop),
    ]
