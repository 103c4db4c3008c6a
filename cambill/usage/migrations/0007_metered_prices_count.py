"""Issue #17, point 2: usage prices the operator sets.

* ``count`` aggregation (each event counts one);
* metered provider services priced per currency and effective-dated
  (``MeteredServicePrice``), with an optional allowance per camera; the single
  ``MeteredService.pricing`` (applied in every cloud's currency) becomes one
  price row per currency in use (the clouds' and the service's list prices),
  valid since always, so existing bill runs price exactly as before;
* ``included_per_camera`` on a tariff's metered extras.
"""

from datetime import date

import django.db.models.deletion
from django.db import migrations, models


def pricing_to_rows(apps, schema_editor):  # type: ignore[no-untyped-def]
    MeteredService = apps.get_model("usage", "MeteredService")
    MeteredServicePrice = apps.get_model("usage", "MeteredServicePrice")
    Cloud = apps.get_model("clouds", "Cloud")
    ServicePrice = apps.get_model("catalog", "ServicePrice")
    currencies = set(Cloud.objects.values_list("currency", flat=True))
    for ms in MeteredService.objects.all():
        mine = currencies | set(
            ServicePrice.objects.filter(service_id=ms.service_id).values_list("currency", flat=True)
        )
        for cur in sorted(mine):
            MeteredServicePrice.objects.create(
                metered=ms, currency=cur, valid_from=date(1970, 1, 1), pricing=ms.pricing
            )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_selling_flags"),
        ("clouds", "0007_selling_settings"),
        ("usage", "0006_meter_allow_negative_event_quarantine"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meter",
            name="aggregation",
            field=models.CharField(
                choices=[
                    ("sum", "Sum"),
                    ("max", "Maximum"),
                    ("latest", "Latest value"),
                    ("unique_count", "Unique count"),
                    ("time_weighted_avg", "Time-weighted average"),
                    ("count", "Count"),
                ],
                max_length=20,
            ),
        ),
        migrations.RemoveConstraint(model_name="tariffmeteredcharge", name="tariff_metered_unique"),
        migrations.AddConstraint(
            model_name="tariffmeteredcharge",
            constraint=models.UniqueConstraint(
                fields=("cloud", "tariff", "meter"), name="tariff_metered_unique_in_cloud"
            ),
        ),
        migrations.AddField(
            model_name="tariffmeteredcharge",
            name="included_per_camera",
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=24, null=True),
        ),
        migrations.AddConstraint(
            model_name="tariffmeteredcharge",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("included_per_camera__isnull", True),
                    ("included_per_camera__gte", 0),
                    _connector="OR",
                ),
                name="tariff_metered_included_nonneg",
            ),
        ),
        migrations.CreateModel(
            name="MeteredServicePrice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("currency", models.CharField(max_length=3)),
                ("valid_from", models.DateField()),
                ("pricing", models.JSONField()),
                (
                    "included_per_camera",
                    models.DecimalField(blank=True, decimal_places=6, max_digits=24, null=True),
                ),
                (
                    "metered",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="prices",
                        to="usage.meteredservice",
                    ),
                ),
            ],
            options={
                "ordering": ["metered_id", "currency", "valid_from"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("metered", "currency", "valid_from"), name="metered_price_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("included_per_camera__isnull", True),
                            ("included_per_camera__gte", 0),
                            _connector="OR",
                        ),
                        name="metered_price_included_nonneg",
                    ),
                ],
            },
        ),
        migrations.RunPython(pricing_to_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="meteredservice", name="pricing"),
    ]
