"""Bodies of the bank statement endpoints (camt.053 / MT940 reconciliation)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cambill.api.core.common import Input, Output, TimeField, display_money, text_of
from cambill.payments.choices import BankLineStatus, SuggestionStatus
from cambill.payments.selectors import field_max_length as payments_max_length


def _money(amount: Any, currency: str | None) -> str:
    return display_money(amount, currency)


class BankStatementIn(Input):
    filename = text_of(
        payments_max_length("BankImport", "filename"), required=False, allow_blank=True, default=""
    )
    content = serializers.CharField(
        help_text="The statement file's text: ISO 20022 camt.053 (XML, .001.02 to .001.08) "
        "or SWIFT MT940; a statement of the provider's account may also be CSV (date, amount, "
        "reference, description, optional payer and currency). A multipart upload with a "
        "'file' field works too.",
        trim_whitespace=False,
        max_length=settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440,
    )


class BankStatementUploadIn(Input):
    file = serializers.FileField(help_text="The statement file (camt.053 XML or MT940)")


class BankSuggestionOut(Output):
    id = serializers.IntegerField()
    invoice = serializers.CharField(source="invoice.number")
    account = serializers.CharField(source="invoice.account.code", allow_null=True, default=None)
    cloud = serializers.CharField(
        source="invoice.cloud.slug", help_text="The invoice's cloud (the payer of a wholesale one)"
    )
    customer = serializers.CharField(source="invoice.customer_name")
    invoice_total = serializers.SerializerMethodField()
    due_at = TimeField(source="invoice.due_at", allow_null=True)
    reason = serializers.CharField(help_text="amount_and_payer | amount | payer | manual")
    status = serializers.ChoiceField(choices=SuggestionStatus.choices)

    def get_invoice_total(self, obj: Any) -> str:
        return _money(obj.invoice.total, obj.invoice.currency)


class BankStatementLineOut(Output):
    id = serializers.IntegerField()
    bank_import = serializers.IntegerField(source="bank_import_id")
    date = serializers.DateField()
    amount = serializers.SerializerMethodField()
    currency = serializers.CharField(allow_blank=True)
    payer_name = serializers.CharField(allow_blank=True)
    payer_iban = serializers.CharField(allow_blank=True)
    reference = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    entry_ref = serializers.CharField(allow_blank=True, help_text="The bank's reference")
    status = serializers.ChoiceField(choices=BankLineStatus.choices)
    note = serializers.CharField(allow_blank=True)
    invoice = serializers.CharField(source="invoice.number", allow_null=True, default=None)
    account = serializers.CharField(source="account.code", allow_null=True, default=None)
    cloud = serializers.CharField(
        source="payment.cloud.slug",
        allow_null=True,
        default=None,
        help_text="Whose payment the line became (on the provider's statement: the cloud that paid)",
    )
    payment = serializers.IntegerField(source="payment_id", allow_null=True)
    suggestions = serializers.SerializerMethodField()

    def get_amount(self, obj: Any) -> str:
        return _money(obj.amount, obj.currency or self.context.get("currency"))

    @extend_schema_field(BankSuggestionOut(many=True))
    def get_suggestions(self, obj: Any) -> Any:
        return BankSuggestionOut(obj.suggestions.all(), many=True, context=self.context).data


class BankStatementOut(Output):
    id = serializers.IntegerField()
    filename = serializers.CharField(allow_blank=True)
    format = serializers.CharField(help_text="camt053 | mt940 | csv")
    statement_ids = serializers.CharField(allow_blank=True)
    imported_at = TimeField()
    total = serializers.IntegerField(source="lines_total")
    matched = serializers.IntegerField(source="lines_matched")
    unmatched = serializers.IntegerField(
        source="lines_unmatched",
        help_text="Lines left for a person (suggested, unmatched, ignored)",
    )
    skipped = serializers.IntegerField(
        source="lines_skipped", help_text="Lines imported before (same statement and reference)"
    )


class BankStatementDetailOut(BankStatementOut):
    lines = serializers.SerializerMethodField()

    @extend_schema_field(BankStatementLineOut(many=True))
    def get_lines(self, obj: Any) -> Any:
        return BankStatementLineOut(self.context["lines"], many=True, context=self.context).data


class BankLineMatchIn(Input):
    invoice = text_of(48, help_text="Number of an issued invoice of this cloud")
