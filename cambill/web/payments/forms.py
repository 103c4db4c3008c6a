"""Forms of the payment pages: a payment, a bank import, a gateway export and its results."""

from __future__ import annotations

from typing import Any

from django import forms
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
