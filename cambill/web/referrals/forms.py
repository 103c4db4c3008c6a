"""Forms of the referral pages: the programme, a payout, the public sign-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.core import languages
from cambill.web.core.forms import ActorForm, DateInput, decimal_field

# Rate levels a programme may set (level 1 is the agent who brought the account).
LEVELS = 4


class ProgrammeForm(ActorForm):
    base = forms.ChoiceField(
        label=_("Commission base"),
        choices=[("paid", _("When the invoice is paid")), ("issued", _("When it is issued"))],
    )
    limit_months = forms.IntegerField(
        label=_("Limit (months from the account's creation)"), required=False
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_to = forms.DateField(
        label=_("Valid until (exclusive)"), required=False, widget=DateInput()
    )

    def setup(self) -> None:
        for level in range(LEVELS, 0, -1):
            self.fields = {
                f"level_{level}": decimal_field(
                    _("Level %(n)s rate, %%") % {"n": level},
                    required=level == 1,
                    help_text=_("Overridden by an agent's own rate") if level == 1 else "",
                ),
                **self.fields,
            }

    def levels(self) -> dict[str, Any]:
        out = {}
        for level in range(1, LEVELS + 1):
            value = self.cleaned_data.get(f"level_{level}")
            if value is None:
                break
            out[str(level)] = value
        return out


class PayoutForm(ActorForm):
    period = forms.CharField(label=_("Statement period (YYYY-MM)"))
    reference = forms.CharField(label=_("Payment reference"), max_length=200)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())


class SignupForm(forms.Form):
    name = forms.CharField(
        label=_("Your name or company"),
        max_length=200,
        help_text=_("As it will appear on invoices."),
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits, dots, hyphens and underscores; you sign in with it."),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=languages.CHOICES)
    coupon = forms.CharField(label=_("Coupon code"), max_length=64, required=False)
    accept_terms = forms.BooleanField(label=_("I accept the terms of service"), required=True)
