"""Clouds (operators), their members, subscriber accounts, cameras and the
cameras' tariff history."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# A postal address is free text, but bounded: a TextField does not check its
# ``max_length`` itself, hence the validator (``full_clean`` runs it).
ADDRESS_MAX_LENGTH = 2000


def address_field() -> models.TextField:
    return models.TextField(
        blank=True,
        max_length=ADDRESS_MAX_LENGTH,
        validators=[MaxLengthValidator(ADDRESS_MAX_LENGTH)],
    )


# The structured legal address of an issuer or receiver of legal e-invoices (clouds,
# accounts; the provider's in ``einvoice.ProviderProfile``), checked by
# ``cambill.einvoice.legal``: the country's tax id and the e-invoicing regime's keys.
COUNTRY_HELP = "ISO 3166-1 alpha-2, e.g. MX"
EINVOICE_HELP = "{'regime': 'none' | 'mx-cfdi40' | 'co-dian', ...the regime's own keys}"


PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Proration(models.TextChoices):
    DAY = "day", _("Per local day")
    SECOND = "second", _("Per second")


class LateUsagePolicy(models.TextChoices):
    """What a bill run does with usage that arrives after its period was invoiced."""

    NEXT_PERIOD = "next_period", _("Adjustment line in the next period's invoice")
    CREDIT_NOTE_REPORT = "credit_note_report", _("Late-usage report, credited or charged by hand")


class BillingTiming(models.TextChoices):
    """When a cloud bills its subscribers' tariffs: after the month, or ahead of it."""

    ARREARS = "arrears", _("In arrears (the closed month)")
    ADVANCE = "advance", _("In advance (the coming month, with a true-up of the last)")


class SuspendedDays(models.TextChoices):
    """Whether the days an account spends suspended are charged."""

    BILL = "bill", _("Charged as usual")
    SKIP = "skip", _("Not charged")


class SuspensionMode(models.TextChoices):
    """Whether dunning suspends an overdue account itself or proposes it to a person."""

    AUTO = "auto", _("Suspend automatically")
    CONFIRM = "confirm", _("Wait for a person to confirm")


class CloudStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class Cloud(models.Model):
    """One operator: a client of the provider that resells to its subscribers.

    Its currency, time zone and proration rule drive both invoice levels;
    ``trial_until`` waives wholesale before that instant.
    """

    slug = models.SlugField(max_length=50, unique=True, help_text="Login name of the cloud")
    name = models.CharField(max_length=200)
    currency = models.CharField(max_length=3)
    timezone = models.CharField(max_length=64)
    proration = models.CharField(max_length=8, choices=Proration.choices, default=Proration.DAY)
    discount_percent = models.DecimalField(
        max_digits=7, decimal_places=4, default=Decimal(0), validators=PERCENT
    )
    tax_percent = models.DecimalField(
        max_digits=7, decimal_places=4, default=Decimal(0), validators=PERCENT
    )
    wholesale_tax_percent = models.DecimalField(
        max_digits=7, decimal_places=4, default=Decimal(0), validators=PERCENT
    )
    trial_until = models.DateTimeField(null=True, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_clouds",
        help_text="Provider manager responsible for this cloud",
    )
    status = models.CharField(max_length=12, choices=CloudStatus.choices, default="active")
    legal_name = models.CharField(max_length=200, blank=True)
    tax_id = models.CharField(max_length=64, blank=True)
    address = address_field()
    street = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text=COUNTRY_HELP)
    einvoice = models.JSONField(default=dict, blank=True, help_text=EINVOICE_HELP)
    # the regime's write-only secrets (PAC password, DIAN software PIN and technical
    # key), a Fernet token of their JSON (cambill.einvoice.vault)
    einvoice_secrets = models.TextField(blank=True, default="")
    invoice_prefix = models.CharField(max_length=20, blank=True)
    invoice_number_width = models.PositiveSmallIntegerField(default=6)
    auto_issue = models.BooleanField(
        default=False, help_text="Issue retail invoices automatically when a bill run ends"
    )
    late_usage_policy = models.CharField(
        max_length=20, choices=LateUsagePolicy.choices, default=LateUsagePolicy.NEXT_PERIOD
    )
    billing_timing = models.CharField(
        max_length=8, choices=BillingTiming.choices, default=BillingTiming.ARREARS
    )
    suspended_days = models.CharField(
        max_length=4, choices=SuspendedDays.choices, default=SuspendedDays.BILL
    )
    offline_credit_hours = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="A local day with at least this many hours offline is credited; empty = off",
    )
    # The review screen of a bill run lists first the drafts whose total moved
    # by more than this against the account's previous invoice.
    review_threshold_percent = models.DecimalField(
        max_digits=7,
        decimal_places=4,
        default=Decimal(20),
        validators=PERCENT,
        help_text="A draft whose total moved by more than this % is flagged for review",
    )
    # With ``confirm``, an account dunning would suspend waits in the collections
    # page's suspension queue until a person confirms or dismisses it.
    suspension_mode = models.CharField(
        max_length=8,
        choices=SuspensionMode.choices,
        default=SuspensionMode.AUTO,
        help_text="Whether dunning suspends overdue accounts itself or a person confirms it",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0) & Q(discount_percent__lte=100),
                name="cloud_discount_0_100",
            ),
            models.CheckConstraint(condition=Q(tax_percent__gte=0), name="cloud_tax_nonneg"),
            models.CheckConstraint(
                condition=Q(wholesale_tax_percent__gte=0), name="cloud_wtax_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return self.slug


class Membership(models.Model):
    """Ties a cloud-level user (cloud staff, subscriber, agent) to its cloud,
    and a subscriber user to its account. The role itself is on the user."""

    cloud = models.ForeignKey(Cloud, on_delete=models.CASCADE, related_name="memberships")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    account = models.ForeignKey(
        "clouds.Account",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="users",
    )

    def __str__(self) -> str:
        return f"{self.user} @ {self.cloud}"


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class Account(models.Model):
    """A subscriber of a cloud (a Watcher organization)."""

    cloud = models.ForeignKey(Cloud, on_delete=models.PROTECT, related_name="accounts")
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_accounts",
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_accounts",
    )
    referral_agent = models.ForeignKey(
        "referrals.Agent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
    )
    trial_until = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=AccountStatus.choices, default="active")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    legal_name = models.CharField(max_length=200, blank=True)
    tax_id = models.CharField(max_length=64, blank=True)
    address = address_field()
    street = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text=COUNTRY_HELP)
    einvoice = models.JSONField(default=dict, blank=True, help_text=EINVOICE_HELP)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["cloud_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "code"], name="account_code_unique_in_cloud")
        ]
        indexes = [models.Index(fields=["cloud", "account_manager"])]

    def __str__(self) -> str:
        return self.code


class CameraStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISABLED = "disabled", _("Disabled")
    REMOVED = "removed", _("Removed")


class Camera(models.Model):
    """A Watcher stream; the billing unit. ``code`` is the stream name."""

    cloud = models.ForeignKey(Cloud, on_delete=models.PROTECT, related_name="cameras")
    code = models.CharField(max_length=128)
    title = models.CharField(max_length=200, blank=True)
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="cameras"
    )
    status = models.CharField(max_length=12, choices=CameraStatus.choices, default="active")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["cloud_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "code"], name="camera_code_unique_in_cloud")
        ]

    def __str__(self) -> str:
        return self.code


class CameraTariffPeriod(models.Model):
    """A camera held ``tariff`` while owned by ``account`` during
    ``[valid_from, valid_to)``; ``valid_to`` null means still open.

    Periods of one camera never overlap: PostgreSQL enforces it with an
    exclusion constraint (migration 0002), SQLite through the service, which
    checks under a lock. A tariff change or an account move closes the open
    period and opens another, so history is never rewritten.
    """

    cloud = models.ForeignKey(Cloud, on_delete=models.PROTECT, related_name="+")
    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="tariff_periods")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    tariff = models.ForeignKey("catalog.TariffPlan", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["camera_id", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="tariff_period_not_empty",
            ),
            models.UniqueConstraint(
                fields=["camera"],
                condition=Q(valid_to__isnull=True),
                name="one_open_tariff_period_per_camera",
            ),
        ]
        indexes = [
            models.Index(fields=["cloud", "valid_from"]),
            models.Index(fields=["camera", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.camera_id}:{self.tariff_id} [{self.valid_from}, {self.valid_to})"


class AccountSuspension(models.Model):
    """An account was suspended during ``[start, end)``; ``end`` null: still suspended.

    Suspension and resumption are dated facts kept as a history, like a camera's
    tariff periods: ``account_suspend`` opens one, ``account_resume`` closes it,
    and the rating reads the history (a cloud with ``suspended_days = skip``
    does not charge the days an account is suspended at their end; wholesale
    stops the services not flagged ``billed_while_suspended``). Suspensions of
    one account never overlap: PostgreSQL enforces it with an exclusion
    constraint (migration 0008), SQLite through the verbs, under the write lock.
    ``account.status`` follows the open suspension (Watcher pushes read it).
    """

    cloud = models.ForeignKey(Cloud, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="suspensions")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    resume_reason = models.CharField(max_length=300, blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty: the system (dunning)",
    )
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["account_id", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="suspension_not_empty",
            ),
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(end__isnull=True),
                name="one_open_suspension_per_account",
            ),
        ]
        indexes = [models.Index(fields=["cloud", "start"])]

    def __str__(self) -> str:
        return f"{self.account_id} suspended [{self.start}, {self.end})"
