"""Bodies of the card endpoints: Stripe Checkout sessions (pay invoices, save a
card, pay the provider's wholesale invoices), saved cards and autopay."""

from __future__ import annotations

from rest_framework import serializers

from cambill.api.core.common import Input, Output, text_of
from cambill.invoicing.selectors import field_max_length as invoicing_max_length

_URL_HELP = (
    "Where Stripe sends the payer back (absolute http(s)); the success address must hold "
    "{CHECKOUT_SESSION_ID}. Default: cambill's own return pages."
)


class _Urls(Input):
    success_url = serializers.CharField(max_length=2000, required=False, help_text=_URL_HELP)
    cancel_url = serializers.CharField(max_length=2000, required=False, help_text=_URL_HELP)


class PaymentSessionIn(_Urls):
    invoices = serializers.ListField(
        child=text_of(invoicing_max_length("Invoice", "number")),
        required=False,
        max_length=100,
        help_text="Numbers of the account's open invoices to pay; none: the whole open "
        "balance (open invoices less unapplied credit)",
    )
    save_card = serializers.BooleanField(
        required=False, default=False, help_text="Keep the card for later (autopay) payments"
    )


class CardSessionIn(_Urls):
    """Save a card: Checkout in ``setup`` mode."""


class WholesaleSessionIn(_Urls):
    invoices = serializers.ListField(
        child=text_of(invoicing_max_length("Invoice", "number")),
        required=False,
        max_length=100,
        help_text="Numbers of the cloud's open wholesale invoices to pay; none: all of them "
        "(less what the cloud prepaid)",
    )


class SessionCompleteIn(Input):
    cancel = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The payer gave up: expire the session at Stripe if it is still open",
    )


class CheckoutSessionOut(Output):
    session_id = serializers.CharField()
    url = serializers.CharField(help_text="Stripe's hosted page: send the payer there")
    mode = serializers.ChoiceField(choices=["payment", "setup"])
    kind = serializers.ChoiceField(choices=["retail", "wholesale"])
    account = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(
        choices=["open", "paid", "saved", "declined", "auth_failed", "canceled"]
    )
    error = serializers.CharField(allow_blank=True, help_text="The bank's reason, when it failed")
    amount = serializers.CharField(allow_null=True, help_text="To the currency's minor unit")
    currency = serializers.CharField()
    invoices = serializers.ListField(child=serializers.CharField())
    payment = serializers.IntegerField(allow_null=True)
    created_at = serializers.CharField()


class SavedCardOut(Output):
    id = serializers.IntegerField()
    brand = serializers.CharField(allow_blank=True)
    last4 = serializers.CharField(allow_blank=True)
    exp_month = serializers.IntegerField(allow_null=True)
    exp_year = serializers.IntegerField(allow_null=True)
    is_default = serializers.BooleanField()


class AutopayIn(Input):
    enabled = serializers.BooleanField()


class AutopayOut(Output):
    account = serializers.CharField()
    enabled = serializers.BooleanField()
    default_card = serializers.IntegerField(allow_null=True)
