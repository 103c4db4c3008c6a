"""What a cloud sells besides tariffs: products, one-off charges and coupons.

A one-off charge (a camera sold, an installation) becomes one ``one_off`` line
of the account's retail invoice; a redeemed coupon one ``coupon`` line, after
the account discounts. Both are read by the bill run through
:mod:`cambill.sales.billing` and priced by pure functions (:mod:`cambill.rating`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Product(models.Model):
    """An item of a cloud's catalogue sold once: a camera model, an installation,
    a mount. ``price`` is per unit and excludes tax, like every price: the retail
    invoice's tax rate (the cloud's) applies to the charge's line."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="products")
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=300, blank=True)
    price = models.DecimalField(max_digits=18, decimal_places=6)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["cloud_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "code"], name="product_code_unique_in_cloud"),
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_nonneg"),
        ]

    def __str__(self) -> str:
        return self.code


class Charge(models.Model):
    """A one-off charge to an account, dated by a LOCAL ``date`` of the cloud.

    It lands on the account's retail invoice of the period holding ``date``, or
    on the next one when that invoice was already issued without it. ``invoice``
    is the invoice it is on (set when a draft takes it, cleared when that draft
    is deleted or voided); it can be deleted until that invoice is issued.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey("clouds.Account", on_delete=models.PROTECT, related_name="charges")
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.PROTECT, related_name="charges"
    )
    camera = models.ForeignKey(
        "clouds.Camera", null=True, blank=True, on_delete=models.PROTECT, related_name="charges"
    )
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=20, decimal_places=6)
    unit_price = models.DecimalField(max_digits=18, decimal_places=6)
    date = models.DateField()
    invoice = models.ForeignKey(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["account_id", "date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="charge_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="charge_price_nonneg"),
        ]
        indexes = [models.Index(fields=["cloud", "account", "date"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.date} {self.description}"


class CouponDuration(models.TextChoices):
    ONCE = "once", _("Once")
    REPEATING = "repeating", _("Repeating")
    FOREVER = "forever", _("Forever")


class Coupon(models.Model):
    """A promotion of a cloud: ``percent`` off or a fixed ``amount`` off (in the
    cloud's currency) of each invoice it applies to, for ``duration``.

    ``times_redeemed`` never passes ``max_redemptions``: the redeeming verb
    locks the row and the database checks the bound. Deactivating stops new
    redemptions; accounts that redeemed it keep it for its duration.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="coupons")
    code = models.CharField(max_length=64)
    description = models.CharField(max_length=200, blank=True)
    percent = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    duration = models.CharField(max_length=10, choices=CouponDuration.choices)
    months = models.PositiveSmallIntegerField(null=True, blank=True)
    max_redemptions = models.PositiveIntegerField(null=True, blank=True)
    times_redeemed = models.PositiveIntegerField(default=0)
    valid_until = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["cloud_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "code"], name="coupon_code_unique_in_cloud"),
            models.CheckConstraint(
                condition=(Q(percent__isnull=False) & Q(amount__isnull=True))
                | (Q(percent__isnull=True) & Q(amount__isnull=False)),
                name="coupon_percent_or_amount",
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | (Q(percent__gt=0) & Q(percent__lte=100)),
                name="coupon_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="coupon_amount_positive"
            ),
            models.CheckConstraint(
                condition=(Q(duration="repeating") & Q(months__gte=1))
                | (~Q(duration="repeating") & Q(months__isnull=True)),
                name="coupon_months_iff_repeating",
            ),
            models.CheckConstraint(
                condition=Q(max_redemptions__isnull=True)
                | Q(times_redeemed__lte=F("max_redemptions")),
                name="coupon_max_redemptions",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CouponTariff(models.Model):
    """A tariff a coupon is restricted to; a coupon with none covers the whole invoice."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    coupon = models.ForeignKey(Coupon, on_delete=models.CASCADE, related_name="tariff_links")
    tariff = models.ForeignKey("catalog.TariffPlan", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["coupon_id", "tariff_id"]
        constraints = [
            models.UniqueConstraint(fields=["coupon", "tariff"], name="coupon_tariff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.coupon_id}:{self.tariff_id}"


class RedemptionSource(models.TextChoices):
    STAFF = "staff", _("Staff")
    SIGNUP = "signup", _("Sign-up link")
    PORTAL = "portal", _("Subscriber portal")


class CouponRedemption(models.Model):
    """A coupon redeemed by an account at ``redeemed_at``: it applies to the
    invoices of the periods ``first_period`` to ``last_period`` (YYYY-MM, local;
    ``last_period`` empty for ``forever``), fixed when it is redeemed."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    account = models.ForeignKey(
        "clouds.Account", on_delete=models.PROTECT, related_name="coupon_redemptions"
    )
    redeemed_at = models.DateTimeField()
    first_period = models.CharField(max_length=7)
    last_period = models.CharField(max_length=7, blank=True)
    source = models.CharField(
        max_length=8, choices=RedemptionSource.choices, default=RedemptionSource.STAFF
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["account_id", "redeemed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["coupon", "account"], name="coupon_redeemed_once_per_account"
            )
        ]
        indexes = [models.Index(fields=["cloud", "account"])]

    def __str__(self) -> str:
        return f"{self.coupon_id}@{self.account_id}"
