"""Bodies of the wholesale endpoints: a cloud's payments to the provider and its balance."""

from __future__ import annotations

from rest_framework import serializers

from cambill.api.core.common import DecimalIn, Input, MoneyOut, Output, TimeField, text_of
from cambill.invoicing.selectors import field_max_length as invoicing_max_length
from cambill.payments.selectors import field_max_length as payments_max_length

from .serializers import PaymentOut


class WholesalePaymentOut(PaymentOut):
    """A payment of the cloud to the provider; ``allocations`` are the
    wholesale invoices it paid, ``unapplied`` what stays as prepaid credit."""


class WholesalePaymentIn(Input):
    amount = DecimalIn(help_text='In the cloud\'s currency, to its minor unit: "10.10"')
    received_at = TimeField(help_text="When the money reached the provider (ISO 8601 with offset)")
    method = serializers.ChoiceField(
        choices=["bank_transfer", "cash"], required=False, default="bank_transfer"
    )
    reference = text_of(
        payments_max_length("Payment", "reference"), required=False, allow_blank=True, default=""
    )
    invoices = serializers.ListField(
        child=text_of(invoicing_max_length("Invoice", "number")),
        required=False,
        max_length=100,
        help_text="Numbers of the cloud's open wholesale invoices to pay first, in this order; "
        "what is left pays the oldest open ones, then stays as prepaid credit",
    )


class WholesaleOpenInvoiceOut(Output):
    number = serializers.CharField(source="invoice.number")
    period = serializers.CharField(source="invoice.period")
    due_at = TimeField(source="invoice.due_at", allow_null=True)
    total = MoneyOut(source="invoice.total", currency="invoice.currency")
    open = MoneyOut(source="open_amount", currency="invoice.currency")
    overdue = serializers.BooleanField()


class WholesaleBalanceOut(Output):
    currency = serializers.CharField()
    open = MoneyOut(help_text="Open on issued wholesale invoices")
    overdue = MoneyOut(help_text="Of which past due")
    prepaid = MoneyOut(help_text="Paid to the provider and not applied to an invoice yet")
    balance = MoneyOut(help_text="open - prepaid (negative: the cloud is in credit)")
    invoices = WholesaleOpenInvoiceOut(many=True)
