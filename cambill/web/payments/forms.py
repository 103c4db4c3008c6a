"""Forms of the payment pages: a payment, a bank import, a gateway export and its results,
the provider's own Stripe account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cambill.web.core.forms import AsciiDecimalField

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
    amount = AsciiDecimalField(label=_("Amount"), max_digits=18, decimal_places=4)
    received_at = forms.DateTimeField(label=_("Received at"))
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
        widget=forms.TextInput(attrs={"placeholder": "2026-03", "inputmode": "numeric"}),
    )


class GatewayResultsForm(forms.Form):
    file = forms.FileField(label=_("Results file (CSV or JSON)"))


class WholesalePaymentForm(forms.Form):
    """A cloud's payment to the provider (provider staff), e.g. a bank transfer."""

    amount = AsciiDecimalField(label=_("Amount"), max_digits=18, decimal_places=4)
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

    def __init__(self, *args: Any, invoices: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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


class ProviderGatewayForm(forms.Form):
    """The provider's Stripe account. The secrets are never shown: a stored one
    appears masked, an empty field keeps it, and "forget" clears both."""

    secret_key = secret_field(_("Secret key"))
    webhook_secret = secret_field(_("Webhook signing secret"))
    publishable_key = forms.CharField(label=_("Publishable key"), max_length=255, required=False)
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

    def __init__(self, *args: Any, state: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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
        if state.get("source") != "record":
            del self.fields["forget"]

    def verb_fields(self) -> dict[str, Any]:
        """What ``provider_gateway_set`` gets: only the secrets typed, or both cleared."""
        data = self.cleaned_data
        if data.get("forget"):
            return {
                "secret_key": "",
                "webhook_secret": "",
                "publishable_key": data["publishable_key"],
            }
        out: dict[str, Any] = {"publishable_key": data["publishable_key"]}
        for name in ("secret_key", "webhook_secret"):
            if data[name]:
                out[name] = data[name]
        return out
