"""Each refunded line records how much it got back (RefundLine), so a line refunded after a price match gives
back only what is left on it. The refunds by line made so far are copied over: each line is owed its price
and its share of the order's tax, and a refund cut down to what was left on the order is shared out in
line order, as the refund service does."""

from decimal import ROUND_HALF_UP, Decimal

import django.db.models.deletion
from django.db import migrations, models

CENT = Decimal("0.01")


def owed(line, order, taxable):
    if taxable <= 0:
        return line.line_total.quantize(CENT, rounding=ROUND_HALF_UP)
    share = line.line_total + order.tax_total * line.line_total / taxable
    return share.quantize(CENT, rounding=ROUND_HALF_UP)


def copy_refunded_lines(apps, schema_editor):
    Refund = apps.get_model("shop", "Refund")
    RefundLine = apps.get_model("shop", "RefundLine")
    rows = []
    for refund in Refund.objects.filter(lines__isnull=False).distinct().select_related("order"):
        order = refund.order
        taxable = sum((line.line_total for line in order.lines.all()), Decimal("0.00")) + order.shipping_total
        left = refund.amount
        for line in refund.lines.order_by("pk"):
            amount = min(owed(line, order, taxable), left)
            left -= amount
            rows.append(RefundLine(refund_id=refund.pk, line_id=line.pk, amount=amount))
    RefundLine.objects.bulk_create(rows)


def copy_back(apps, schema_editor):
    Refund = apps.get_model("shop", "Refund")
    RefundLine = apps.get_model("shop", "RefundLine")
    for row in RefundLine.objects.all():
        Refund.objects.get(pk=row.refund_id).lines.add(row.line_id)


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0028_partial_refund_leaves_status"),
    ]

    operations = [
        migrations.CreateModel(
            name="RefundLine",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="amount")),
                (
                    "line",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="refund_amounts",
                        to="shop.orderline",
                    ),
                ),
                (
                    "refund",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="line_amounts",
                        to="shop.refund",
                    ),
                ),
            ],
            options={
                "verbose_name": "refunded line",
                "verbose_name_plural": "refunded lines",
                "ordering": ["pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("refund", "line"), name="shop_refundline_once_per_line")
                ],
            },
        ),
        migrations.RunPython(copy_refunded_lines, copy_back),
        migrations.RemoveField(model_name="refund", name="lines"),
        migrations.AddField(
            model_name="refund",
            name="lines",
            field=models.ManyToManyField(
                blank=True,
                related_name="refunds",
                through="shop.RefundLine",
                to="shop.orderline",
                verbose_name="lines",
            ),
        ),
    ]
