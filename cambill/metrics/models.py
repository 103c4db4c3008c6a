"""Precomputed dashboard figures (docs/metrics.md defines each one).

The dashboards must load in well under a second with 100,000 cameras, so the
figures that need every camera's tariff history are computed by
``metrics_refresh_cloud`` (scheduled, and after bill runs) and read from here.
Figures that change with every payment (receivables, overdue accounts) and
invoiced revenue stay live: they read few rows through indexed queries.

Nothing here is a source of truth: every row can be rebuilt from the tariff
history, the catalogue and the invoices at any time.
"""

from __future__ import annotations

from django.db import models

# ``scope`` of a snapshot: the whole cloud, or the accounts of one account
# manager (``am:<user id>``), whose dashboard shows only its own accounts.
CLOUD_SCOPE = "cloud"


def manager_scope(user_id: int) -> str:
    return f"am:{user_id}"


class CloudSnapshot(models.Model):
    """Figures of one cloud (or of one account manager's accounts in it) as of
    ``as_of``, kept per local day of the cloud: a refresh on the same day
    replaces the day's row, so the table holds one row per day of history."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=32, default=CLOUD_SCOPE)
    day = models.DateField(help_text="Local date of as_of in the cloud's time zone")
    as_of = models.DateTimeField()
    currency = models.CharField(max_length=3)
    active_cameras = models.PositiveIntegerField(default=0)
    cameras_added = models.PositiveIntegerField(default=0)
    cameras_removed = models.PositiveIntegerField(default=0)
    wholesale_mrr = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    retail_mrr = models.DecimalField(max_digits=18, decimal_places=4, default=0)

    class Meta:
        ordering = ["cloud_id", "scope", "-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "scope", "day"], name="one_metrics_snapshot_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cloud_id}:{self.scope} {self.day}"


class TariffSnapshot(models.Model):
    """Active cameras of one tariff inside a :class:`CloudSnapshot`, with their
    retail MRR and their wholesale cost (same rules as the snapshot's totals,
    applied to this tariff's cameras alone)."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    snapshot = models.ForeignKey(CloudSnapshot, on_delete=models.CASCADE, related_name="tariffs")
    tariff = models.ForeignKey(
        "catalog.TariffPlan", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    tariff_code = models.CharField(max_length=64)
    tariff_name = models.CharField(max_length=200)
    cameras = models.PositiveIntegerField(default=0)
    retail_mrr = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    wholesale_mrr = models.DecimalField(max_digits=18, decimal_places=4, default=0)

    class Meta:
        ordering = ["snapshot_id", "-cameras", "tariff_code"]

    def __str__(self) -> str:
        return f"{self.snapshot_id}:{self.tariff_code} x {self.cameras}"


class MonthUsage(models.Model):
    """Usage of one cloud in one of its billing periods: distinct cameras and
    camera-days (local days covered by a tariff interval, the ``day`` rule);
    for the current period, only the local days completed by ``as_of``."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    cameras = models.PositiveIntegerField(default=0)
    camera_days = models.PositiveIntegerField(default=0)
    complete = models.BooleanField(default=True, help_text="False while the period runs")
    as_of = models.DateTimeField()

    class Meta:
        ordering = ["cloud_id", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "period"], name="one_month_usage_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.cloud_id} {self.period}: {self.cameras} cameras, {self.camera_days} days"
