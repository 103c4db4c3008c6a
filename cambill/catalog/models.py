"""What the provider sells (services and their prices) and what clouds sell
(tariff plans made of services), plus per-cloud prices and account discounts."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    FIXED = "fixed", _("Fixed (per camera-month)")
    METERED = "metered", _("Metered (from a meter)")


class Service(models.Model):
    """A priced feature the provider sells to clouds ("1 day of recording").

    ``preset_settings`` is what the service implies in a Watcher preset, e.g.
    ``{"dvr_days": 1}`` or ``{"vision_alg": "plates"}``; a tariff's preset is
    built from its components' settings times quantities.
    """

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ServiceKind.choices, default="fixed")
    unit = models.CharField(max_length=40, default="camera-month")
    preset_settings = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=True)
    billed_while_suspended = models.BooleanField(
        default=False,
        help_text="Still charged to the cloud while the camera's account is suspended (e.g. archive kept)",
    )
    # Mexico's CFDI classifies every concept by SAT's catalogues: c_ClaveProdServ
    # 81112000 "data services" and c_ClaveUnidad E48 "service unit" fit a cloud video
    # service; a provider edits them per service (cambill.einvoice.legal checks the form).
    sat_product_code = models.CharField(
        max_length=8, default="81112000", help_text="SAT c_ClaveProdServ (CFDI), 8 digits"
    )
    sat_unit_code = models.CharField(
        max_length=3, default="E48", help_text="SAT c_ClaveUnidad (CFDI), e.g. E48"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ServicePrice(models.Model):
    """Provider list price of a service in one currency from ``valid_from``
    (a date, read in each cloud's own time zone)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="prices")
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=18, decimal_places=6)
    valid_from = models.DateField()

    class Meta:
        ordering = ["service_id", "currency", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "currency", "valid_from"], name="service_price_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="service_price_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.amount} {self.currency} from {self.valid_from}"


class TariffPlan(models.Model):
    """What a subscriber buys for one camera: components and a monthly price.

    Owned by a cloud (``cloud`` set) or by the provider (``cloud`` null) and
    offered to clouds through ``CloudAllowedTariff``. Maps to one Watcher preset.
    """

    cloud = models.ForeignKey(
        "clouds.Cloud", null=True, blank=True, on_delete=models.PROTECT, related_name="tariffs"
    )
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    currency = models.CharField(max_length=3)
    price = models.DecimalField(
        max_digits=18, decimal_places=6, help_text="Retail price per camera-month, tax excluded"
    )
    active = models.BooleanField(default=True)
    self_service = models.BooleanField(
        default=False, help_text="Subscribers may switch their cameras to this tariff themselves"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "code"], name="tariff_code_unique_in_cloud"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(cloud__isnull=True), name="provider_tariff_code_unique"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="tariff_price_nonneg"),
        ]

    def __str__(self) -> str:
        return self.code


class TariffPrice(models.Model):
    """Retail price per camera-month of a tariff from ``valid_from`` (a local
    date in the cloud's zone). A camera-day is priced at the price in effect at
    the start of that day, so changing a price never re-prices days before it.
    ``TariffPlan.price`` mirrors the newest row: the list price quoted going
    forward; rating always reads these rows."""

    tariff = models.ForeignKey(TariffPlan, on_delete=models.CASCADE, related_name="prices")
    amount = models.DecimalField(max_digits=18, decimal_places=6)
    valid_from = models.DateField()

    class Meta:
        ordering = ["tariff_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["tariff", "valid_from"], name="tariff_price_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="tariff_price_row_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.tariff_id} {self.amount} from {self.valid_from}"


class TariffComponent(models.Model):
    """``service x quantity`` inside a tariff (e.g. REC_DAY x 7)."""

    tariff = models.ForeignKey(TariffPlan, on_delete=models.CASCADE, related_name="components")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=12, decimal_places=4)

    class Meta:
        ordering = ["tariff_id", "service_id"]
        constraints = [
            models.UniqueConstraint(fields=["tariff", "service"], name="component_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="component_qty_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} x {self.quantity}"


class CloudAllowedTariff(models.Model):
    """A provider tariff the provider lets this cloud sell."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    tariff = models.ForeignKey(TariffPlan, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cloud", "tariff"], name="allowed_tariff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cloud_id}:{self.tariff_id}"


class CloudServicePrice(models.Model):
    """An individual wholesale price of a service for one cloud; it replaces
    the provider list price for that cloud from ``valid_from``."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=18, decimal_places=6)
    valid_from = models.DateField()

    class Meta:
        ordering = ["cloud_id", "service_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "service", "currency", "valid_from"],
                name="cloud_service_price_unique",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="cloud_service_price_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.cloud_id}:{self.service_id} {self.amount}"


class DiscountKind(models.TextChoices):
    PERCENT = "percent", _("Percent")
    FIXED = "fixed", _("Fixed amount")


class AccountDiscount(models.Model):
    """A retail discount for one account, valid between local dates
    ``[valid_from, valid_to)`` (open ends allowed)."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        "clouds.Account", on_delete=models.CASCADE, related_name="discounts"
    )
    kind = models.CharField(max_length=8, choices=DiscountKind.choices)
    value = models.DecimalField(max_digits=18, decimal_places=6)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["account_id", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="discount_value_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.kind} {self.value}"
