"""Referral agents of a cloud."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Lowercase letters and digits without the look-alikes (0/o, 1/l/i): a code
# read aloud or typed from paper still works.
REFERRAL_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
REFERRAL_CODE_LENGTH = 12  # 31**12 ~ 8e17: not guessable at any rate we let through


def new_referral_code() -> str:
    """A fresh, random referral code (the public half of an agent's sign-up link)."""
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(REFERRAL_CODE_LENGTH))


class Agent(models.Model):
    """An outside agent who brings subscribers for a share of their revenue.

    Agents form a tree inside one cloud (``parent``); ``rate_percent`` overrides
    the programme's level-1 rate for this agent when set. ``referral_code`` is
    the random code of the agent's public sign-up link
    (``/join/<cloud>/<referral_code>/``); unlike ``code`` (which staff choose and
    which appears in URLs and exports) it cannot be guessed, so the link cannot
    be forged to attribute sign-ups to another agent.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="agents")
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agent",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    rate_percent = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    active = models.BooleanField(default=True)
    referral_code = models.CharField(max_length=32, unique=True, default=new_referral_code)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["cloud_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "code"], name="agent_code_unique_in_cloud"),
            models.CheckConstraint(
                condition=Q(rate_percent__isnull=True)
                | (Q(rate_percent__gte=Decimal(0)) & Q(rate_percent__lte=Decimal(100))),
                name="agent_rate_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CommissionBase(models.TextChoices):
    ISSUED = "issued", _("When the invoice is issued")
    PAID = "paid", _("When the invoice is paid")


class ReferralProgramme(models.Model):
    """A cloud's commission rules: a rate per level of the agent tree.

    ``levels`` maps the level (as a string, "1" = the agent who brought the
    account) to a percent kept as a decimal string, e.g. {"1": "10", "2": "3"}.
    ``limit_months`` caps commission to invoices whose period starts before the
    account is that many months old. ``valid_from``/``valid_to`` are local
    dates of the base event, half-open.
    """

    cloud = models.OneToOneField(
        "clouds.Cloud", on_delete=models.PROTECT, related_name="referral_programme"
    )
    levels = models.JSONField(default=dict)
    base = models.CharField(max_length=8, choices=CommissionBase.choices, default="paid")
    limit_months = models.PositiveSmallIntegerField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="programme_validity_not_empty",
            )
        ]

    def __str__(self) -> str:
        return f"programme of {self.cloud_id}"


class CommissionKind(models.TextChoices):
    ACCRUAL = "accrual", _("Accrual")
    CLAWBACK = "clawback", _("Clawback")


class CommissionEntry(models.Model):
    """One agent's commission (or its clawback) on one retail invoice.

    Append-only. ``period`` is the invoice's billing period, so a statement
    gathers everything earned on that period's revenue; ``source_agent`` is the
    level-1 agent the account was attributed to at the event (a downline agent
    sees totals per source agent, never the account). ``amount`` is
    ``round(base_amount x rate / 100)``, rounded once; clawbacks are negative.
    The unique constraints make every recomputation a no-op for what exists.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="commission_entries")
    source_agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()
    invoice = models.ForeignKey(
        "invoicing.Invoice", on_delete=models.PROTECT, related_name="commission_entries"
    )
    credit_note = models.ForeignKey(
        "invoicing.CreditNote",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commission_entries",
    )
    account = models.ForeignKey("clouds.Account", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    event = models.CharField(max_length=8)  # issued | paid | credit | void
    currency = models.CharField(max_length=3)
    base_amount = models.DecimalField(max_digits=18, decimal_places=4)
    rate = models.DecimalField(max_digits=7, decimal_places=4)
    amount = models.DecimalField(max_digits=18, decimal_places=4)
    kind = models.CharField(max_length=8, choices=CommissionKind.choices)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["period", "invoice_id", "level", "id"]
        constraints = [
            # NULL credit notes are distinct in a plain unique index, hence two
            # partial ones: (agent, invoice, kind) without a note, and with one.
            models.UniqueConstraint(
                fields=["agent", "invoice", "kind"],
                condition=Q(credit_note__isnull=True),
                name="commission_once_per_invoice",
            ),
            models.UniqueConstraint(
                fields=["agent", "invoice", "credit_note", "kind"],
                condition=Q(credit_note__isnull=False),
                name="commission_once_per_credit_note",
            ),
            models.CheckConstraint(condition=Q(level__gte=1), name="commission_level_positive"),
        ]
        indexes = [
            models.Index(fields=["cloud", "agent", "period"]),
            models.Index(fields=["cloud", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.agent_id} L{self.level} {self.amount}"


class Payout(models.Model):
    """Staff paid an agent its statement of ``period``: the balance of every
    commission entry up to that period less earlier payouts moves from payable
    to paid. One payout per agent and period; periods are paid in order."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="payouts")
    period = models.CharField(max_length=7)
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=18, decimal_places=4)
    reference = models.CharField(max_length=200)
    paid_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["agent_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["agent", "period"], name="one_payout_per_agent_period")
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.period} {self.amount}"
