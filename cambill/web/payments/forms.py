"""Forms of the payment pages: a payment, a bank import, a gateway export and its results,
the Stripe account of the provider or of a cloud."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cambill.web.core.forms import (
    INPUT_FORMATS,
    AsciiDecimalField,
    LocalDateTimeInput,
    MoneyInput,
    MonthInput,
    show_currencies,
)

# Labels of ``PaymentMethod`` (defined in English in the domain), translated on
# the pages through the ``tr`` filter.
PAYMENT_METHOD_LABELS = [
    gettext_noop("Bank transfer"),
    gettext_noop("Cash"),
    gettext_noop("Card (Stripe)"),
    gettext_noop("Operator's gateway (export/import)"),
]


class PaymentForm(forms.Form):
    account = forms.CharField(label=_("Account code"), max_length=64)
    amount = AsciiDecimalField(
        label=_("Amount"), max_digits=18, decimal_places=4, widget=MoneyInput()
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=LocalDateTimeInput(),
        input_formats=INPUT_FORMATS,
        help_text=_("Local time of the cloud."),
    )

    def __init__(self, *args: Any, currency: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        show_currencies(self, currency)

    method = forms.ChoiceField(
        label=_("Method"), choices=[("bank_transfer", _("Bank transfer")), ("cash", _("Cash"))]
    )
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)


class BankImportForm(forms.Form):
    file = forms.FileField(label=_("Statement (CSV: date, amount, reference, description)"))


class GatewayPeriodForm(forms.Form):
    period = forms.CharField(
        label=_("Month"),
        max_length=7,
        help_text=_("YYYY-MM: the issued invoices of that month still open."),
        widget=MonthInput(),
    )


class GatewayResultsForm(forms.Form):
    file = forms.FileField(label=_("Results file (CSV or JSON)"))


class WholesalePaymentForm(forms.Form):
    """A cloud's payment to the provider (provider staff), e.g. a bank transfer."""

    amount = AsciiDecimalField(
        label=_("Amount"), max_digits=18, decimal_places=4, widget=MoneyInput()
    )
    received_on = forms.DateField(
        label=_("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the money reached the provider's account."),
    )
    method = forms.ChoiceField(
        label=_("Method"), choices=[("bank_transfer", _("Bank transfer")), ("cash", _("Cash"))]
    )
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)
    invoices = forms.MultipleChoiceField(
        label=_("Invoices paid"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Paid first, in this order; what is left pays the oldest open invoices, "
            "then stays as prepaid credit."
        ),
    )

    def __init__(
        self, *args: Any, invoices: Any = (), currency: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        show_currencies(self, currency)
        field = self.fields["invoices"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(inv.pk), label) for inv, label in invoices]


MASKED = "••••••••"


def secret_field(label: Any) -> forms.CharField:
    """A write-only key: typed, never rendered back."""
    return forms.CharField(
        label=label,
        max_length=255,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )


class StripeGatewayForm(forms.Form):
    """A Stripe account's keys: the provider's own (``for_cloud=False``) or a
    cloud's (``for_cloud=True``, which adds ``auto_charge``). The secrets are
    never shown: a stored one appears masked, an empty field keeps it, and
    "forget" clears both."""

    secret_key = secret_field(_("Secret key"))
    webhook_secret = secret_field(_("Webhook signing secret"))
    publishable_key = forms.CharField(label=_("Publishable key"), max_length=255, required=False)
    auto_charge = forms.BooleanField(
        label=_("Charge the saved default card when a retail invoice is issued"),
        required=False,
    )
    forget = forms.BooleanField(
        label=_("Forget the stored secrets (the server's settings apply again)"), required=False
    )

    # What each secret is, and the flag of ``provider_gateway_get`` saying it is set.
    SECRETS = (
        ("secret_key", "has_secret_key", _("Stripe's sk_live_… or sk_test_… key.")),
        (
            "webhook_secret",
            "has_webhook_secret",
            _(
                "The whsec_… secret of the Stripe webhook endpoint that calls /api/v1/stripe/webhook."
            ),
        ),
    )

    def __init__(
        self, *args: Any, state: dict[str, Any], for_cloud: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.for_cloud = for_cloud
        for name, flag, what in self.SECRETS:
            field = self.fields[name]
            if state.get(flag) and state.get("source") == "environment":
                now = _("Set in the server's settings; type one to keep the account here instead.")
            elif state.get(flag):
                field.widget.attrs["placeholder"] = MASKED
                now = _("Set. Leave empty to keep it; type a new one to replace it.")
            else:
                now = _("Not set.")
            field.help_text = format_lazy("{} {}", what, now)
        if for_cloud:
            # A cloud has no settings to fall back on: forgetting stops its card payments.
            self.fields["forget"].label = _(
                "Forget the stored secrets (the cloud's subscribers can no longer pay by card)"
            )
        else:
            del self.fields["auto_charge"]
        stored = state.get("source") == "record" or (
            state.get("source") != "environment" and state.get("has_webhook_secret")
        )
        if not stored:
            del self.fields["forget"]

    def verb_fields(self) -> dict[str, Any]:
        """What ``provider_gateway_set`` or ``gateway_config_set`` gets: only the
        secrets typed, or both cleared."""
        data = self.cleaned_data
        out: dict[str, Any] = {"publishable_key": data["publishable_key"]}
        if self.for_cloud:
            out["auto_charge"] = data["auto_charge"]
        if data.get("forget"):
            return {**out, "secret_key": "", "webhook_secret": ""}
        for name in ("secret_key", "webhook_secret"):
            if data[name]:
                out[name] = data[name]
        return out
