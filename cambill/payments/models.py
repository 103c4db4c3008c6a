"""Ledger, payments, allocations, refunds, bank imports, gateways and dunning.

The ledger is append-only double entry: a :class:`LedgerEntry` (one journal)
groups :class:`LedgerLine` rows whose debits equal their credits. Balances are
sums of lines, never stored. Ledger account codes (per cloud):

=============================  ===========================================================
``receivable:account:<id>``    what a subscriber account owes its cloud (debit balance)
``credit:account:<id>``        money received from an account not yet applied (credit bal.)
``revenue:retail``             the cloud's retail revenue (net)
``tax:retail``                 retail tax collected, owed to the tax authority
``payable:provider``           what the cloud owes the provider (wholesale, credit balance)
``prepaid:provider``           money the cloud paid the provider not yet applied
``cost:wholesale``             the cloud's wholesale cost (net)
``tax:wholesale``              input tax on wholesale invoices
``cash``                       money in the bank / gateway
``commission:expense``         commissions earned by agents (retail revenue share)
``commission:payable``         commissions owed to agents, until paid out
=============================  ===========================================================
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LedgerEntry(models.Model):
    """One journal: a balanced group of ledger lines posted together.

    ``key`` makes posting idempotent: the same business fact (an invoice
    issued, a payment received) can never be posted twice.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=40)
    currency = models.CharField(max_length=3)
    description = models.CharField(max_length=300, blank=True)
    invoice = models.ForeignKey(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment = models.ForeignKey(
        "payments.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField()

    class Meta:
        ordering = ["posted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "key"], name="ledger_entry_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class LedgerLine(models.Model):
    """One side of a journal: a debit or a credit (the other is zero) on a ledger account."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(
        "clouds.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(max_length=80)
    debit = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    credit = models.DecimalField(max_digits=18, decimal_places=4, default=0)

    class Meta:
        ordering = ["entry_id", "id"]
        indexes = [models.Index(fields=["cloud", "code"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(debit__gte=0, credit__gte=0)
                & (Q(debit=0) | Q(credit=0))
                & ~Q(debit=0, credit=0),
                name="ledger_line_one_positive_side",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} Dr {self.debit} Cr {self.credit}"


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    CARD = "card", _("Card (Stripe)")
    GATEWAY = "gateway", _("Operator's gateway (export/import)")


class Payment(models.Model):
    """Money received: from a subscriber account (retail) or from a cloud to the
    provider (wholesale, ``account`` empty). Unapplied money stays a credit."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        "clouds.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    kind = models.CharField(max_length=10, default="retail")  # retail | wholesale
    method = models.CharField(max_length=16, choices=PaymentMethod.choices)
    amount = models.DecimalField(max_digits=18, decimal_places=4)
    currency = models.CharField(max_length=3)
    received_at = models.DateTimeField()
    reference = models.CharField(max_length=200, blank=True)
    # A gateway's own id (Stripe PaymentIntent, operator gateway reference, bank
    # line key): unique per cloud, so a replayed notification never pays twice.
    external_id = models.CharField(max_length=200, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "external_id"], name="payment_external_id_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.amount} {self.currency}"


class Allocation(models.Model):
    """Part of a payment applied to an invoice. A negative row gives money back
    to the payment's credit (an invoice credited after it was paid)."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    invoice = models.ForeignKey(
        "invoicing.Invoice", on_delete=models.PROTECT, related_name="allocations"
    )
    amount = models.DecimalField(max_digits=18, decimal_places=4)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.payment_id} -> {self.invoice_id} {self.amount}"


class Refund(models.Model):
    """Unapplied money (a credit balance) returned to the payer."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=18, decimal_places=4)
    reason = models.CharField(max_length=300, blank=True)
    refunded_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-refunded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")
        ]

    def __str__(self) -> str:
        return f"refund {self.amount} of {self.payment_id}"


class BankImportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    CAMT053 = "camt053", _("ISO 20022 camt.053")
    MT940 = "mt940", _("SWIFT MT940")


class BankImport(models.Model):
    """One uploaded bank statement: CSV ``date,amount,reference,description``,
    ISO 20022 camt.053 or SWIFT MT940 (``cambill.payments.statements``).

    ``kind`` ``retail``: a statement of a cloud's bank account, matched against
    the cloud's retail invoices (``cloud`` set). ``wholesale``: a statement of
    the provider's own bank account, matched against the wholesale invoices of
    every cloud (no ``cloud``: it belongs to the provider; each payment it
    records belongs to the cloud that paid).

    ``digest`` (SHA-256 of a camt.053/MT940 file) is unique per cloud (per the
    provider for wholesale): the same statement uploaded again returns its
    first import and writes nothing.
    """

    cloud = models.ForeignKey(
        "clouds.Cloud", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, default="retail")  # retail | wholesale
    filename = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=8, choices=BankImportFormat.choices, default="csv")
    statement_ids = models.CharField(max_length=500, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lines_total = models.PositiveIntegerField(default=0)
    lines_matched = models.PositiveIntegerField(default=0)
    lines_unmatched = models.PositiveIntegerField(default=0)
    lines_skipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "digest"],
                condition=~Q(digest=""),
                name="bank_import_digest_unique",
            ),
            models.UniqueConstraint(
                fields=["digest"],
                condition=Q(cloud__isnull=True) & ~Q(digest=""),
                name="bank_import_provider_digest_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind="retail", cloud__isnull=False)
                | Q(kind="wholesale", cloud__isnull=True),
                name="bank_import_kind_cloud",
            ),
        ]

    def __str__(self) -> str:
        return f"bank import {self.pk} {self.filename}"


class BankLineStatus(models.TextChoices):
    MATCHED = "matched", _("Matched")
    SUGGESTED = "suggested", _("Suggestions to review")
    UNMATCHED = "unmatched", _("Unmatched")
    IGNORED = "ignored", _("Not money received")


class BankLine(models.Model):
    """One statement line. ``key`` is unique per cloud, so importing the same
    statement again changes nothing: for CSV a hash of the line and its
    occurrence in the file, for camt.053/MT940 a hash of the statement id and
    the bank's reference of the entry.

    ``status``: ``matched`` (a payment was recorded from it), ``suggested``
    (open invoices a person may confirm, :class:`BankSuggestion`),
    ``unmatched`` (the queue), ``ignored`` (money going out).

    A line of a provider (wholesale) statement has no ``cloud``, as its import;
    its ``key`` is unique among the provider's lines."""

    cloud = models.ForeignKey(
        "clouds.Cloud", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bank_import = models.ForeignKey(BankImport, on_delete=models.PROTECT, related_name="lines")
    key = models.CharField(max_length=64)
    date = models.DateField()
    amount = models.DecimalField(max_digits=18, decimal_places=4)
    reference = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10)  # BankLineStatus
    entry_ref = models.CharField(max_length=120, blank=True)
    payer_name = models.CharField(max_length=200, blank=True)
    payer_iban = models.CharField(max_length=64, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    note = models.CharField(max_length=300, blank=True)
    invoice = models.ForeignKey(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    account = models.ForeignKey(
        "clouds.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "key"], name="bank_line_key_unique"),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(cloud__isnull=True),
                name="bank_line_provider_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount} {self.reference}"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class BankSuggestion(models.Model):
    """An open invoice a statement line may pay, for a person to confirm or
    reject. ``reason``: ``amount_and_payer``, ``amount`` or ``payer`` (how it
    was found); ``rank`` orders a line's suggestions, best first. No ``cloud``
    on a line of a provider (wholesale) statement."""

    cloud = models.ForeignKey(
        "clouds.Cloud", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    line = models.ForeignKey(BankLine, on_delete=models.PROTECT, related_name="suggestions")
    invoice = models.ForeignKey("invoicing.Invoice", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20)
    rank = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["line_id", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["line", "invoice"], name="bank_suggestion_unique")
        ]

    def __str__(self) -> str:
        return f"line {self.line_id} -> invoice {self.invoice_id} ({self.status})"


class GatewayKind(models.TextChoices):
    STRIPE = "stripe", _("Stripe")
    EXPORT = "export", _("Export to the operator's gateway")


class GatewayConfig(models.Model):
    """A cloud's payment gateway, or (``cloud`` empty) the provider's own, with which
    the clouds pay its wholesale invoices by card. Keys are write-only: never
    returned or shown."""

    cloud = models.ForeignKey(
        "clouds.Cloud", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    kind = models.CharField(max_length=10, choices=GatewayKind.choices)
    secret_key = models.CharField(max_length=255, blank=True)
    webhook_secret = models.CharField(max_length=255, blank=True)
    publishable_key = models.CharField(max_length=255, blank=True)
    auto_charge = models.BooleanField(default=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cloud", "kind"], name="one_gateway_per_kind"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(cloud__isnull=True),
                name="one_provider_gateway_per_kind",
            ),
        ]

    def __str__(self) -> str:
        if self.cloud_id is None:
            return f"{self.kind} gateway of the provider"
        return f"{self.kind} gateway of {self.cloud_id}"


class SavedCard(models.Model):
    """A card an account saved at the gateway (a Stripe PaymentMethod of its
    Customer). An account may keep several; at most one is its default, the one
    autopay charges off-session. Removing a card deletes its row (and detaches
    it at Stripe): nothing else points at it."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        "clouds.Account", on_delete=models.PROTECT, related_name="saved_cards"
    )
    customer_id = models.CharField(max_length=100)
    payment_method_id = models.CharField(max_length=100, blank=True)
    setup_intent_id = models.CharField(max_length=100, blank=True)
    brand = models.CharField(max_length=30, blank=True)
    last4 = models.CharField(max_length=4, blank=True)
    exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["account_id", "-is_default", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"], condition=Q(is_default=True), name="one_default_card"
            ),
            models.UniqueConstraint(
                fields=["account", "payment_method_id"],
                condition=~Q(payment_method_id=""),
                name="saved_card_once",
            ),
        ]

    def __str__(self) -> str:
        return f"card {self.brand} {self.last4} of {self.account_id}"


class CardProfile(models.Model):
    """An account's customer at the gateway and its autopay switch.

    ``autopay``: whether an issued invoice is charged off-session on the default
    card (on by default: saving a card is asking to be charged; the subscriber
    turns it off in its portal). ``setup_intent_id``: the SetupIntent a card
    setup started (Stripe.js or the API), until it completes."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    account = models.OneToOneField(
        "clouds.Account", on_delete=models.PROTECT, related_name="card_profile"
    )
    customer_id = models.CharField(max_length=100, blank=True)
    setup_intent_id = models.CharField(max_length=100, blank=True)
    autopay = models.BooleanField(default=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"card profile of {self.account_id}"


class CheckoutStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    SAVED = "saved", _("Card saved")
    DECLINED = "declined", _("Declined")
    AUTH_FAILED = "auth_failed", _("Authentication failed")
    CANCELED = "canceled", _("Canceled")


class CardCheckout(models.Model):
    """One Stripe Checkout Session cambill opened: paying open invoices
    (``mode`` payment; retail with an ``account``, wholesale without) or saving
    a card (``mode`` setup). The return page and the webhook both complete it;
    the payment is unique per PaymentIntent, so it is recorded once whichever
    comes first."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        "clouds.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, default="retail")  # retail | wholesale
    mode = models.CharField(max_length=8)  # payment | setup
    session_id = models.CharField(max_length=200)
    url = models.CharField(max_length=500, blank=True)
    invoice_ids = models.JSONField(default=list, blank=True)
    amount = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    save_card = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=CheckoutStatus.choices, default=CheckoutStatus.OPEN
    )
    error = models.CharField(max_length=300, blank=True)
    intent_id = models.CharField(max_length=100, blank=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session_id"], name="card_checkout_session_once")
        ]

    def __str__(self) -> str:
        return f"checkout {self.session_id} {self.status}"


class ChargeAttempt(models.Model):
    """One attempt to charge an invoice through a gateway (success or failure)."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(
        "invoicing.Invoice", on_delete=models.PROTECT, related_name="charge_attempts"
    )
    number = models.PositiveSmallIntegerField()
    gateway = models.CharField(max_length=10)
    idempotency_key = models.CharField(max_length=120)
    intent_id = models.CharField(max_length=100, blank=True)
    amount = models.DecimalField(max_digits=18, decimal_places=4)
    # pending | succeeded | failed | requires_action (the bank asks the cardholder)
    status = models.CharField(max_length=16)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["invoice_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "number"], name="charge_attempt_unique")
        ]

    def __str__(self) -> str:
        return f"charge {self.invoice_id}#{self.number} {self.status}"


class GatewayEvent(models.Model):
    """A gateway notification already handled (Stripe event id): replay is a no-op."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    gateway = models.CharField(max_length=10)
    event_id = models.CharField(max_length=100)
    type = models.CharField(max_length=60)
    received_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gateway", "event_id"], name="gateway_event_once")
        ]

    def __str__(self) -> str:
        return self.event_id


class DunningPolicy(models.Model):
    """When a cloud reminds, retries cards and suspends for overdue retail invoices."""

    cloud = models.OneToOneField(
        "clouds.Cloud", on_delete=models.PROTECT, related_name="dunning_policy"
    )
    enabled = models.BooleanField(default=True)
    reminder_days = models.JSONField(default=list)
    suspend_after_days = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"dunning of {self.cloud_id}"


class DunningEvent(models.Model):
    """Something dunning did to an account: a reminder (once per invoice and
    day), a card retry, a suspension or a resumption."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        "clouds.Account", on_delete=models.PROTECT, related_name="dunning_events"
    )
    invoice = models.ForeignKey(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=12)  # reminder | retry | suspended | resumed
    day = models.IntegerField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "kind", "day"],
                condition=Q(kind__in=["reminder", "retry"]),
                name="dunning_step_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.account_id} day {self.day}"
