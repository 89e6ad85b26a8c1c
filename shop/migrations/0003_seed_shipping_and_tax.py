"""Seed the shipping zones and the sales-tax table with the rates in force in 2026.

Both are admin-editable afterwards; this only gives a fresh shop correct starting data. Old rates keep their
dated rows (Nova Scotia's 15% HST until 2025-03-31) so an order can always be explained by the table.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

GST = Decimal("0.05")

TAX_RATES = [
    # (province, tax, rate, in force from, in force until)
    ("AB", "GST", GST, date(2008, 1, 1), None),
    ("NT", "GST", GST, date(2008, 1, 1), None),
    ("NU", "GST", GST, date(2008, 1, 1), None),
    ("YT", "GST", GST, date(2008, 1, 1), None),
    ("BC", "GST", GST, date(2013, 4, 1), None),
    ("BC", "PST", Decimal("0.07"), date(2013, 4, 1), None),
    ("MB", "GST", GST, date(2008, 1, 1), None),
    ("MB", "RST", Decimal("0.07"), date(2019, 7, 1), None),
    ("SK", "GST", GST, date(2008, 1, 1), None),
    ("SK", "PST", Decimal("0.06"), date(2017, 3, 23), None),
    ("QC", "GST", GST, date(2008, 1, 1), None),
    ("QC", "QST", Decimal("0.09975"), date(2013, 1, 1), None),
    ("ON", "HST", Decimal("0.13"), date(2010, 7, 1), None),
    ("NB", "HST", Decimal("0.15"), date(2016, 7, 1), None),
    ("NL", "HST", Decimal("0.15"), date(2016, 7, 1), None),
    ("PE", "HST", Decimal("0.15"), date(2016, 10, 1), None),
    ("NS", "HST", Decimal("0.15"), date(2010, 7, 1), date(2025, 3, 31)),
    ("NS", "HST", Decimal("0.14"), date(2025, 4, 1), None),
]

SHIPPING_ZONES = [
    # (zone, provinces, standard, expedited)
    ("Ontario and Quebec", "ON,QC", Decimal("11.00"), Decimal("22.00")),
    ("Western Canada", "AB,BC,MB,SK", Decimal("15.00"), Decimal("28.00")),
    ("Atlantic Canada", "NB,NL,NS,PE", Decimal("15.00"), Decimal("28.00")),
    ("Territories", "NT,NU,YT", Decimal("32.00"), Decimal("58.00")),
]


def seed(apps, schema_editor):
    TaxRate = apps.get_model("shop", "TaxRate")
    ShippingZone = apps.get_model("shop", "ShippingZone")
    ShippingRate = apps.get_model("shop", "ShippingRate")
    for province, name, rate, effective_from, effective_to in TAX_RATES:
        TaxRate.objects.get_or_create(
            province=province,
            name=name,
            effective_from=effective_from,
            defaults={"rate": rate, "effective_to": effective_to},
        )
    for name, provinces, standard, expedited in SHIPPING_ZONES:
        zone, _created = ShippingZone.objects.get_or_create(name=name, defaults={"provinces": provinces})
        for order, (method, price) in enumerate((("standard", standard), ("expedited", expedited))):
            ShippingRate.objects.get_or_create(zone=zone, method=method, defaults={"price": price, "sort_order": order})


def unseed(apps, schema_editor):
    apps.get_model("shop", "ShippingZone").objects.filter(name__in=[zone[0] for zone in SHIPPING_ZONES]).delete()
    TaxRate = apps.get_model("shop", "TaxRate")
    for province, name, _rate, effective_from, _to in TAX_RATES:
        TaxRate.objects.filter(province=province, name=name, effective_from=effective_from).delete()


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_pricing_and_cart")]

    operations = [migrations.RunPython(seed, unseed)]
