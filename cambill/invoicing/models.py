"""Bill runs, invoices, their lines, credit notes and number series."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InvoiceKind(models.TextChoices):
    WHOLESALE = "wholesale", _("Wholesale (provider to cloud)")
    RETAIL = "retail", _("Retail (cloud to subscriber)")


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("invoice status", "Draft")
    ISSUED = "issued", pgettext_lazy("invoice status", "Issued")
    PAID = "paid", pgettext_lazy("invoice status", "Paid")
    VOID = "void", pgettext_lazy("invoice status", "Void")


class NumberSeries(models.Model):
    """A gapless number series. ``key`` is ``provider`` for wholesale invoices,
    ``cloud:<id>`` for a cloud's retail invoices, with ``:credit`` for credit
    notes. The row is locked while a number is taken, so numbers are never
    reused or skipped, even when invoices are issued concurrently."""

    key = models.CharField(max_length=64, unique=True)
    cloud = models.ForeignKey(
        "clouds.Cloud", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    prefix = models.CharField(max_length=32)
    width = models.PositiveSmallIntegerField(default=6)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key} ({self.prefix}{self.last_number:0{self.width}d})"


class BillRunStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")


class BillRun(models.Model):
    """Rating one cloud for one closed period. One row per (cloud, period):
    a rerun resumes or refreshes the same run instead of starting another."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="bill_runs")
    period = models.CharField(max_length=7)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    status = models.CharField(max_length=12, choices=BillRunStatus.choices, default="pending")
    accounts_total = models.PositiveIntegerField(default=0)
    accounts_done = models.PositiveIntegerField(default=0)
    invoices_created = models.PositiveIntegerField(default=0)
    invoices_updated = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    lines_created = models.PositiveIntegerField(default=0)
    # Resume point of the current attempt: accounts are persisted in id order,
    # each chunk in its own transaction, so after a crash (or alongside a
    # concurrent worker) the run carries on after the last committed account.
    cursor_account_id = models.BigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period", "cloud_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "period"], name="one_bill_run_per_cloud_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cloud_id} {self.period} {self.status}"


class BillRunChunk(models.Model):
    """One slice of a bill run's accounts (an account-id range ``[account_from,
    account_to)``, open at either end when null), rated and persisted by one
    worker in one transaction. ``done`` is committed with the chunk's drafts, so
    a chunk whose drafts are in is never redone; the run finalises (wholesale,
    auto-issue) once every chunk of the attempt is done
    (docs/decisions/0023-bill-run-fan-out.md)."""

    run = models.ForeignKey(BillRun, on_delete=models.CASCADE, related_name="chunks")
    # The run's cloud, carried like every cloud-owned row (scoping, sharding by cloud).
    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    index = models.PositiveIntegerField()
    account_from = models.BigIntegerField(null=True, blank=True)
    account_to = models.BigIntegerField(null=True, blank=True)
    done = models.BooleanField(default=False)
    accounts = models.PositiveIntegerField(default=0)
    invoices_created = models.PositiveIntegerField(default=0)
    invoices_updated = models.PositiveIntegerField(default=0)
    lines_created = models.PositiveIntegerField(default=0)
    stale_deleted = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The chunk's exact share of the wholesale invoices the run makes (per job:
    # units per service and local day, as fraction strings; .wholesale_shares),
    # written with ``done``; null on a chunk done before shares were stored.
    wholesale = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["run_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="one_bill_run_chunk_per_index")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}#{self.index} [{self.account_from}, {self.account_to})"


class Invoice(models.Model):
    """A wholesale (provider to cloud) or retail (cloud to account) invoice.

    Unique per (cloud, period) for wholesale and per (account, period) for
    retail, so reruns and concurrent runs can never make a second one.
    Issued invoices never change; corrections are credit notes.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="invoices")
    account = models.ForeignKey(
        "clouds.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    bill_run = models.ForeignKey(
        BillRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices"
    )
    kind = models.CharField(max_length=10, choices=InvoiceKind.choices)
    status = models.CharField(max_length=8, choices=InvoiceStatus.choices, default="draft")
    number = models.CharField(max_length=48, null=True, blank=True, unique=True)
    period = models.CharField(max_length=7)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    currency = models.CharField(max_length=3)
    language = models.CharField(max_length=8, default="en")
    issuer_name = models.CharField(max_length=200)
    issuer_details = models.JSONField(default=dict, blank=True)
    customer_name = models.CharField(max_length=200)
    customer_details = models.JSONField(default=dict, blank=True)
    subtotal = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    discount = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    net = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    tax_percent = models.DecimalField(max_digits=7, decimal_places=4, default=0)
    tax = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    total = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    tax_note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    issued_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-period", "kind", "account_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "period"],
                condition=Q(kind="wholesale"),
                name="one_wholesale_invoice_per_period",
            ),
            models.UniqueConstraint(
                fields=["account", "period"],
                condition=Q(kind="retail"),
                name="one_retail_invoice_per_account_period",
            ),
            models.CheckConstraint(
                condition=Q(kind="wholesale", account__isnull=True)
                | Q(kind="retail", account__isnull=False),
                name="invoice_kind_matches_account",
            ),
        ]
        indexes = [
            models.Index(fields=["cloud", "period", "kind"]),
            models.Index(fields=["status", "due_at"]),
        ]

    def __str__(self) -> str:
        return self.number or f"draft {self.kind} {self.period} #{self.pk}"


class LineKind(models.TextChoices):
    TARIFF = "tariff", _("Tariff")
    SERVICE = "service", _("Service")
    METERED = "metered", _("Metered")
    ADJUSTMENT = "adjustment", _("Adjustment")
    DISCOUNT = "discount", _("Discount")
    ADVANCE = "advance", _("In advance")
    TRUE_UP = "true_up", _("True-up")
    ONE_OFF = "one_off", _("One-off charge")
    COUPON = "coupon", _("Coupon")
    OFFLINE_CREDIT = "offline_credit", _("Offline credit")


# Document-level allowances, listed apart from the charged lines (account
# discounts, coupons): their sum is the invoice's ``discount``.
ALLOWANCE_KINDS = (LineKind.DISCOUNT, LineKind.COUPON)


class InvoiceLine(models.Model):
    """One rounded line of an invoice. Amounts are rounded once, here."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=LineKind.choices)
    description = models.CharField(max_length=300)
    camera = models.CharField(max_length=128, blank=True)
    tariff = models.CharField(max_length=64, blank=True)
    service = models.CharField(max_length=64, blank=True)
    account = models.CharField(max_length=64, blank=True)
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    # wholesale lines count unit-days: 1,000,000 cameras x 31 days x 30 units pass 10^8
    days = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    quantity = models.DecimalField(max_digits=20, decimal_places=6)
    unit_price = models.DecimalField(max_digits=18, decimal_places=6)
    amount = models.DecimalField(max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["invoice_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="line_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id}#{self.position} {self.amount}"


class CreditNote(models.Model):
    """A correction of an issued invoice, whole or by line, with its own number."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    number = models.CharField(max_length=48, unique=True)
    reason = models.CharField(max_length=300)
    currency = models.CharField(max_length=3)
    net = models.DecimalField(max_digits=18, decimal_places=4)
    tax = models.DecimalField(max_digits=18, decimal_places=4)
    total = models.DecimalField(max_digits=18, decimal_places=4)
    issued_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number


class CreditNoteLine(models.Model):
    """Amount credited against one invoice line (or a free-text correction)."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    credit_note = models.ForeignKey(CreditNote, on_delete=models.CASCADE, related_name="lines")
    invoice_line = models.ForeignKey(
        InvoiceLine, null=True, blank=True, on_delete=models.PROTECT, related_name="credits"
    )
    description = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=18, decimal_places=4)

    def __str__(self) -> str:
        return f"{self.credit_note_id} {self.amount}"


class IssueJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")


class IssueJob(models.Model):
    """Issuing the drafts of one bill run (all, or those chosen) in the background.

    The job issues in chunks, each in its own transaction with a block of the
    series' numbers, so progress is visible and a crash loses nothing: a draft
    already issued is skipped, so running it again never takes a second number.
    At most one job per bill run is active at a time (partial unique constraint),
    so two jobs never race on the same drafts.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    bill_run = models.ForeignKey(BillRun, on_delete=models.CASCADE, related_name="issue_jobs")
    status = models.CharField(
        max_length=10, choices=IssueJobStatus.choices, default=IssueJobStatus.QUEUED
    )
    # The chosen drafts; empty = every draft of the run the actor may issue.
    invoice_ids = models.JSONField(default=list, blank=True)
    kinds = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    first_number = models.CharField(max_length=48, blank=True)
    last_number = models.CharField(max_length=48, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bill_run"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_issue_job_per_run",
            )
        ]

    def __str__(self) -> str:
        return f"issue job {self.pk} of run {self.bill_run_id} {self.status}"
