"""Meters, raw usage events, hourly rollups and metered prices.

Raw events are the record; rollups are a derived, rebuildable cache per
(cloud, camera, meter, UTC hour) that holds exactly what every aggregation
needs (see ``cambill.usage.aggregates``), so a month is priced from ~720 rows
per camera and meter instead of every event.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExactDecimalField(models.Field):
    """A decimal that is never rounded by the database.

    PostgreSQL: unconstrained ``numeric`` (exact, any size). SQLite: TEXT,
    because its NUMERIC affinity turns a long decimal into a REAL and keeps only
    15 significant digits (an archive of 10 TB held for an hour is already
    3.6e16 byte-seconds). Arithmetic on these columns is done in Python (and in
    PostgreSQL's exact numeric), never by SQLite.
    """

    description = "Exact decimal"

    def db_type(self, connection: Any) -> str:
        return "numeric" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        return self.to_python(value)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(str(value))

    def get_prep_value(self, value: Any) -> Any:
        return self.to_python(super().get_prep_value(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = self.get_prep_value(value) if not prepared else value
        if value is None or connection.vendor == "postgresql":
            return value
        return format(value, "f")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    MAX = "max", _("Maximum")
    LATEST = "latest", _("Latest value")
    UNIQUE_COUNT = "unique_count", _("Unique count")
    TIME_WEIGHTED_AVG = "time_weighted_avg", _("Time-weighted average")
    # Each event of the meter's type counts one (plate reads, alarms): the
    # value path stays empty, so the reading of every event is 1.
    COUNT = "count", _("Count")


class Meter(models.Model):
    """A usage metric defined by the provider (provider-level: no cloud).

    It reads the CloudEvents whose ``type`` is ``event_type``; the value is at
    the dotted ``value_path`` inside ``data`` (``bytes``, ``stats.dvr.bytes``;
    empty = every event counts 1). The aggregate is divided by
    ``unit_divisor`` to give billing units (1e9: bytes -> GB; a time-weighted
    average of bytes over a month / 1e9 is GB-months).
    """

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, help_text="Billing unit, e.g. GB-month, hour, read")
    event_type = models.CharField(max_length=200, db_index=True)
    value_path = models.CharField(max_length=200, blank=True)
    aggregation = models.CharField(max_length=20, choices=Aggregation.choices)
    unit_divisor = models.DecimalField(max_digits=30, decimal_places=6, default=Decimal(1))
    # Off by default: a negative reading would cancel usage the provider bills.
    # On only for metrics that truly go down (a balance, a net change).
    allow_negative = models.BooleanField(
        default=False, help_text="Accept negative values (otherwise they are refused)"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_divisor__gt=0), name="meter_divisor_positive")
        ]

    def __str__(self) -> str:
        return self.code


class UsageEvent(models.Model):
    """One raw CloudEvent as received, kept for rebuilds and audit.

    ``(cloud, source, event_id)`` is unique through :class:`UsageEventKey`: a
    replay counts once however it arrives. On PostgreSQL the table is
    partitioned by month of ``time`` (docs/decisions/0005), so its primary key
    is ``(id, time)`` there and the dedup key lives in its own table. ``camera`` null = "unmatched" (no camera with code ``subject`` yet);
    it is matched and counted when the camera appears. ``late``: the event's
    time falls in a period the cloud had already invoiced when it arrived.
    ``quarantined_at``/``quarantine_reason``: the rollup could not count it (a
    value ingestion would refuse today, or one the database cannot hold); it
    is skipped and listed instead of stopping the cloud's metering.
    """

    # No single-column FK indexes: the composite indexes lead with
    # cloud/camera, and every extra index slows ingestion. No FK constraints
    # in the database either (each costs a trigger per inserted row): the
    # ingest statement takes camera ids from a join with the cameras, and the
    # ORM's PROTECT keeps clouds and cameras with events from being deleted.
    cloud = models.ForeignKey(
        "clouds.Cloud",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    source = models.CharField(max_length=255)
    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=200)
    subject = models.CharField(max_length=255)
    time = models.DateTimeField()
    data = models.JSONField(default=dict)
    camera = models.ForeignKey(
        "clouds.Camera",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    received_at = models.DateTimeField()
    late = models.BooleanField(default=False)
    billed_period = models.CharField(
        max_length=7,
        null=True,
        blank=True,
        help_text="Late events: YYYY-MM of the invoice whose adjustment billed it, "
        "or 'manual' when settled by hand",
    )
    quarantined_at = models.DateTimeField(null=True, blank=True)
    # A database default: the PostgreSQL ingest statement names its columns.
    quarantine_reason = models.CharField(max_length=300, blank=True, default="", db_default="")

    class Meta:
        ordering = ["cloud_id", "time", "id"]
        indexes = [
            models.Index(fields=["cloud", "camera", "time"], name="usage_event_camera_time"),
            models.Index(
                fields=["cloud", "subject"],
                condition=Q(camera__isnull=True),
                name="usage_event_unmatched",
            ),
            # Late events are few: the bill run and the late-usage report find
            # them without scanning the month's raw events.
            models.Index(fields=["cloud", "time"], condition=Q(late=True), name="usage_event_late"),
            models.Index(
                fields=["cloud", "time"],
                condition=Q(quarantined_at__isnull=False),
                name="usage_event_quarantined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}/{self.event_id}"


class UsageEventKey(models.Model):
    """The idempotency key of every stored event, ``(cloud, source, id)``.

    A separate, unpartitioned table: a unique index of the partitioned events
    table would have to include the partition key (``time``), and the same
    event replayed with another time must still count once. The ingest
    statement inserts the keys ``ON CONFLICT DO NOTHING`` and stores only the
    events whose key it inserted, so concurrent replays are decided here.
    """

    pk = models.CompositePrimaryKey("cloud", "source", "event_id")
    # No FK constraint (a trigger per row): the key is written with its event.
    cloud = models.ForeignKey(
        "clouds.Cloud", on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    source = models.CharField(max_length=255)
    event_id = models.CharField(max_length=255)

    def __str__(self) -> str:
        return f"{self.source}/{self.event_id}"


class UsageRollup(models.Model):
    """One meter of one camera during one UTC hour ``[hour, hour + 1h)``.

    Enough to derive every aggregation exactly: ``count``, ``sum``, ``max``;
    ``first_time``; ``last_time``/``last_value`` (latest, and the gauge value
    carried into later hours); ``integral`` = the gauge's value x seconds from
    ``first_time`` to the end of the hour (the part before ``first_time`` holds
    the value carried from earlier hours and is added when aggregating).
    Samples are ordered by (time, event id).
    """

    # Covered by the unique key and the (cloud, meter, hour) index.
    cloud = models.ForeignKey(
        "clouds.Cloud", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    camera = models.ForeignKey(
        "clouds.Camera", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="+", db_index=False)
    hour = models.DateTimeField()
    count = models.BigIntegerField(default=0)
    sum = ExactDecimalField(default=Decimal(0))
    max = ExactDecimalField(null=True)
    first_time = models.DateTimeField(null=True)
    last_time = models.DateTimeField(null=True)
    last_value = ExactDecimalField(null=True)
    last_event_id = models.BigIntegerField(null=True)
    # NULL only inside an ingest transaction: "recompute this bucket" (see rollups.py).
    integral = ExactDecimalField(null=True, default=Decimal(0))

    class Meta:
        ordering = ["cloud_id", "camera_id", "meter_id", "hour"]
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "camera", "meter", "hour"], name="usage_rollup_bucket"
            )
        ]
        indexes = [models.Index(fields=["cloud", "meter", "hour"], name="usage_rollup_meter_hour")]

    def __str__(self) -> str:
        return f"{self.camera_id}:{self.meter_id}@{self.hour:%Y-%m-%dT%H}"


class UsageRollupDaily(models.Model):
    """Hourly rollups folded into one row per camera, meter and local day of
    the cloud ``[day, end)`` (docs/decisions/0026): same columns and meaning as
    :class:`UsageRollup` with the day in place of the hour, so ``integral``
    runs from ``first_time`` to ``end`` (a DST day is 23 or 25 hours long).
    Written only by ``cambill.usage.retention``; read with the hourly rows by
    ``cambill.usage.aggregates``."""

    cloud = models.ForeignKey(
        "clouds.Cloud", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    camera = models.ForeignKey(
        "clouds.Camera", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="+", db_index=False)
    day = models.DateTimeField(help_text="Start of the cloud's local day (an instant)")
    end = models.DateTimeField(help_text="Start of the next local day")
    count = models.BigIntegerField(default=0)
    sum = ExactDecimalField(default=Decimal(0))
    max = ExactDecimalField(null=True)
    first_time = models.DateTimeField()
    last_time = models.DateTimeField()
    last_value = ExactDecimalField(null=True)
    last_event_id = models.BigIntegerField(null=True)
    integral = ExactDecimalField(default=Decimal(0))

    class Meta:
        ordering = ["cloud_id", "camera_id", "meter_id", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "camera", "meter", "day"], name="usage_rollup_daily_bucket"
            )
        ]
        indexes = [
            models.Index(fields=["cloud", "meter", "day"], name="usage_rollup_daily_meter_day")
        ]

    def __str__(self) -> str:
        return f"{self.camera_id}:{self.meter_id}@{self.day:%Y-%m-%d}"


class UniqueValue(models.Model):
    """A distinct value seen by a ``unique_count`` meter for a camera in an hour
    (e.g. a plate number), so distinct counts over any range and scope are exact."""

    # Covered by the unique key and the (cloud, meter, hour) index.
    cloud = models.ForeignKey(
        "clouds.Cloud", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    camera = models.ForeignKey(
        "clouds.Camera", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="+", db_index=False)
    hour = models.DateTimeField()
    value = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "camera", "meter", "hour", "value"], name="usage_unique_value"
            )
        ]
        indexes = [models.Index(fields=["cloud", "meter", "hour"], name="usage_uv_meter_hour")]

    def __str__(self) -> str:
        return self.value


class MeteredService(models.Model):
    """Makes a provider ``catalog.Service`` metered: the wholesale quantity is
    the meter's per-cloud aggregate, priced by the :class:`MeteredServicePrice`
    of the cloud's currency in effect on the period's first day. Provider-level."""

    service = models.OneToOneField(
        "catalog.Service", on_delete=models.CASCADE, related_name="metered"
    )
    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.service_id} <- {self.meter_id}"


class MeteredServicePrice(models.Model):
    """The price of a metered provider service in one currency from
    ``valid_from`` (a local date in each cloud's zone): ``pricing`` is a
    ``cambill.rating.PricingModel`` stored with ``to_dict``. A month is priced
    whole (tiers apply to the month's quantity), at the price in effect on its
    first day. ``included_per_camera``: units of each camera that are not
    charged (the quantity priced is the sum over cameras of what each used
    beyond it); null = none. Provider-level."""

    metered = models.ForeignKey(MeteredService, on_delete=models.CASCADE, related_name="prices")
    currency = models.CharField(max_length=3)
    valid_from = models.DateField()
    pricing = models.JSONField()
    included_per_camera = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["metered_id", "currency", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["metered", "currency", "valid_from"], name="metered_price_unique"
            ),
            models.CheckConstraint(
                condition=Q(included_per_camera__isnull=True) | Q(included_per_camera__gte=0),
                name="metered_price_included_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metered_id} {self.currency} from {self.valid_from}"


class TariffMeteredCharge(models.Model):
    """A retail metered extra of a tariff, priced per camera holding the tariff:
    e.g. "event archive above 10 GB at 0.05 per GB-month" = graduated pricing
    (first 10 at 0, then 0.05) on a time-weighted archive-bytes meter, or
    ``included_per_camera`` 10 with per-unit pricing at 0.05 (the units of
    each camera beyond the allowance are priced). Priced in the cloud's currency."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    tariff = models.ForeignKey(
        "catalog.TariffPlan", on_delete=models.CASCADE, related_name="metered_charges"
    )
    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="+")
    pricing = models.JSONField()
    description = models.CharField(max_length=200)
    included_per_camera = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["tariff_id", "meter_id"]
        constraints = [
            # Per cloud: a provider tariff sold by several clouds has each
            # cloud's own extras.
            models.UniqueConstraint(
                fields=["cloud", "tariff", "meter"], name="tariff_metered_unique_in_cloud"
            ),
            models.CheckConstraint(
                condition=Q(included_per_camera__isnull=True) | Q(included_per_camera__gte=0),
                name="tariff_metered_included_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class LateUsageSettlement(models.Model):
    """Late usage credited or charged by hand (the ``credit_note_report``
    policy): the delta of one item at the time it was settled, so that later
    late events of the same period are billed only for themselves."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10)  # retail | wholesale
    period = models.CharField(max_length=7)
    account_code = models.CharField(max_length=64, blank=True)
    camera_code = models.CharField(max_length=128, blank=True)
    key = models.CharField(max_length=64, help_text="Meter code (retail) or service code")
    quantity = models.DecimalField(max_digits=20, decimal_places=6)
    amount = models.DecimalField(max_digits=18, decimal_places=4)
    note = models.CharField(max_length=300)
    settled_at = models.DateTimeField()
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["cloud_id", "period", "id"]
        indexes = [models.Index(fields=["cloud", "period"], name="usage_settlement_period")]

    def __str__(self) -> str:
        return f"{self.period} {self.key} {self.amount}"


class RollupWatermark(models.Model):
    """How far the rollups of a cloud have read its raw events: every event
    with ``id <= last_event_id`` is counted (or was unmatched then; the rematch
    counts it when its camera appears). Ingestion only inserts raw events; the
    rollup job (and every aggregate, first) rolls up the events above the mark.
    The row is locked while a job moves it, so events are counted once."""

    cloud = models.OneToOneField("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    # Set by the retention job (cambill.usage.retention): raw events before this
    # instant were dropped with their keys, so ingestion refuses events older than
    # it (a replay could no longer be counted once).
    raw_kept_from = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.cloud_id}@{self.last_event_id}"
