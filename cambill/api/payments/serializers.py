"""Request and response bodies of the payments endpoints (see ``views.py``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from cambill.api.core.common import (
    DecimalIn,
    Input,
    MoneyOut,
    Output,
    TimeField,
    display_money,
    text_of,
)
from cambill.clouds.selectors import field_max_length as clouds_max_length
from cambill.invoicing.selectors import field_max_length as invoicing_max_length
from cambill.payments.selectors import field_max_length as payments_max_length
from cambill.payments.services import payment_unapplied
from cambill.webhooks.choices import EVENT_TYPES
from cambill.webhooks.selectors import field_max_length as webhooks_max_length

# --- serializers ----------------------------------------------------------------------


class PaymentOut(Output):
    id = serializers.IntegerField()
    account = serializers.CharField(source="account.code", allow_null=True, default=None)
    kind = serializers.CharField()
    method = serializers.CharField()
    amount = MoneyOut()
    currency = serializers.CharField()
    received_at = TimeField()
    reference = serializers.CharField()
    unapplied = serializers.SerializerMethodField()
    allocations = serializers.SerializerMethodField()

    def get_unapplied(self, p: Any) -> str:
        return display_money(payment_unapplied(p), p.currency)

    def get_allocations(self, p: Any) -> list[dict[str, str]]:
        return [
            {"invoice": a.invoice.number or "", "amount": display_money(a.amount, p.currency)}
            for a in p.allocations.select_related("invoice")
        ]


class PaymentIn(Input):
    account = text_of(
        clouds_max_length("Account", "code"),
        required=False,
        allow_null=True,
        help_text="Account code; empty = the cloud pays the provider",
    )
    amount = DecimalIn()
    received_at = TimeField()
    method = text_of(
        payments_max_length("Payment", "method"), required=False, default="bank_transfer"
    )
    reference = text_of(
        payments_max_length("Payment", "reference"), required=False, allow_blank=True, default=""
    )
    invoices = serializers.ListField(
        child=text_of(invoicing_max_length("Invoice", "number")),
        required=False,
        help_text="Invoice numbers to pay first",
    )


class RefundIn(Input):
    amount = DecimalIn(required=False, allow_null=True)
    reason = text_of(
        payments_max_length("Refund", "reason"), required=False, allow_blank=True, default=""
    )


class BankImportIn(Input):
    filename = text_of(
        payments_max_length("BankImport", "filename"), required=False, allow_blank=True, default=""
    )
    content = serializers.CharField(
        help_text="CSV text with the header date,amount,reference,description",
        trim_whitespace=False,
        # No longer than the body that carries it may be.
        max_length=settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440,
    )


class GatewayKeysIn(Input):
    """A gateway's keys. Keys given are stored, keys omitted kept; the secrets are
    write-only."""

    secret_key = text_of(
        payments_max_length("GatewayConfig", "secret_key"),
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Stripe secret key (sk_...). Write-only: never returned.",
    )
    webhook_secret = text_of(
        payments_max_length("GatewayConfig", "webhook_secret"),
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Signing secret of the Stripe webhook endpoint (whsec_...). Write-only.",
    )
    publishable_key = text_of(
        payments_max_length("GatewayConfig", "publishable_key"), required=False, allow_blank=True
    )


class GatewayIn(GatewayKeysIn):
    auto_charge = serializers.BooleanField(required=False)


class DunningIn(Input):
    reminder_days = serializers.ListField(child=serializers.IntegerField())
    suspend_after_days = serializers.IntegerField(allow_null=True, required=False, default=None)
    enabled = serializers.BooleanField(required=False, default=True)


class EndpointIn(Input):
    url = text_of(webhooks_max_length("WebhookEndpoint", "url"))
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_TYPES))
    description = text_of(
        webhooks_max_length("WebhookEndpoint", "description"),
        required=False,
        allow_blank=True,
        default="",
    )


class EndpointPatch(Input):
    url = text_of(webhooks_max_length("WebhookEndpoint", "url"), required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPES), required=False
    )
    description = text_of(
        webhooks_max_length("WebhookEndpoint", "description"), required=False, allow_blank=True
    )
    active = serializers.BooleanField(required=False)


# Response shapes of the views below that build their bodies by hand (documented
# so the OpenAPI schema and the generated client tell the truth).


class BalanceLineOut(Output):
    at = serializers.CharField()
    kind = serializers.CharField()
    description = serializers.CharField()
    code = serializers.CharField(
        help_text="The ledger account's code, e.g. receivable:account:111."
    )
    name = serializers.CharField(
        help_text="The ledger account by what it is, in the request's language, e.g. "
        "'Receivable - Transportes Martinez'."
    )
    debit = serializers.CharField()
    credit = serializers.CharField()


class BalanceOut(Output):
    account = serializers.CharField()
    currency = serializers.CharField()
    balance = serializers.CharField()
    credit = serializers.CharField()
    status = serializers.CharField()
    lines = BalanceLineOut(many=True)


class DunningEventOut(Output):
    kind = serializers.CharField()
    day = serializers.IntegerField(allow_null=True)
    invoice = serializers.CharField(allow_null=True)
    detail = serializers.CharField(allow_blank=True)
    at = serializers.CharField()


class CardSetupOut(Output):
    customer = serializers.CharField()
    setup_intent = serializers.CharField()
    client_secret = serializers.CharField(allow_blank=True)
    publishable_key = serializers.CharField(allow_blank=True)


class CardCompleteIn(Input):
    setup_intent = text_of(
        payments_max_length("SavedCard", "setup_intent_id"), required=False, allow_null=True
    )


class CardCompleteOut(Output):
    customer = serializers.CharField()
    has_payment_method = serializers.BooleanField()


class LedgerAccountOut(Output):
    code = serializers.CharField(help_text="e.g. commission:payable:agent:11")
    name = serializers.CharField(help_text="e.g. 'Commission payable - Agent Ana Ruiz'")
    balance = serializers.CharField(help_text="Debit minus credit.")


class LedgerOut(Output):
    currency = serializers.CharField()
    balances = serializers.DictField(child=serializers.CharField())
    accounts = LedgerAccountOut(many=True)
    owed_to_provider = serializers.CharField()


class BankLineOut(Output):
    date = serializers.CharField()
    amount = serializers.CharField()
    reference = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    invoice = serializers.CharField(allow_null=True)
    account = serializers.CharField(allow_null=True)
    payment = serializers.IntegerField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class BankImportOut(Output):
    id = serializers.IntegerField()
    filename = serializers.CharField(allow_blank=True)
    total = serializers.IntegerField()
    matched = BankLineOut(many=True)
    unmatched = BankLineOut(many=True)
    skipped = serializers.IntegerField()


class GatewayOut(Output):
    kind = serializers.CharField()
    configured = serializers.BooleanField()
    has_secret_key = serializers.BooleanField()
    has_webhook_secret = serializers.BooleanField()
    publishable_key = serializers.CharField(allow_blank=True)
    auto_charge = serializers.BooleanField()


class DunningPolicyOut(Output):
    enabled = serializers.BooleanField()
    reminder_days = serializers.ListField(child=serializers.IntegerField())
    suspend_after_days = serializers.IntegerField(allow_null=True)


class DunningRunOut(Output):
    reminders = serializers.IntegerField()
    retries = serializers.IntegerField()
    suspended = serializers.IntegerField()
    resumed = serializers.IntegerField()


class EndpointOut(Output):
    id = serializers.IntegerField()
    url = serializers.CharField()
    events = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField(allow_blank=True)
    active = serializers.BooleanField()


class EndpointCreatedOut(EndpointOut):
    secret = serializers.CharField(help_text="Shown once: signs every delivery.")


class DeliveryOut(Output):
    id = serializers.IntegerField()
    event = serializers.CharField()
    type = serializers.CharField()
    endpoint = serializers.IntegerField()
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    last_status_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField(allow_blank=True)
    next_attempt_at = serializers.CharField(allow_null=True)
    replay_of = serializers.IntegerField(allow_null=True)
    # A declared field (DRF's metaclass takes it off the class), not Serializer.data.
    data = serializers.JSONField()  # type: ignore[assignment]


# --- the provider's own gateway ------------------------------------------------------


class ProviderGatewayIn(GatewayKeysIn):
    """The provider's Stripe account. Keys given are stored, keys omitted kept; an
    empty ``secret_key`` hands the account back to the server's settings."""


class ProviderGatewayOut(Output):
    kind = serializers.CharField()
    configured = serializers.BooleanField(
        help_text="Whether clouds may pay the provider's invoices by card."
    )
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=["record", "environment", "none"],
        help_text=(
            "record: the keys kept here; environment: the server's "
            "CAMBILL_PROVIDER_STRIPE_* settings (no key kept here); none: no account."
        ),
    )
    has_secret_key = serializers.BooleanField()
    has_webhook_secret = serializers.BooleanField()
    publishable_key = serializers.CharField(allow_blank=True)
    updated_at = TimeField(allow_null=True)
