"""Forms of a cloud's accounts, cameras and discounts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.accounts.roles import Role
from cambill.accounts.selectors import account_manager_choices
from cambill.catalog.choices import DiscountKind
from cambill.catalog.selectors import tariff_list
from cambill.clouds.choices import AccountStatus, CameraStatus
from cambill.clouds.selectors import account_list
from cambill.core import languages
from cambill.referrals.selectors import agent_list
from cambill.web.core.forms import (
    CODE_HELP,
    ActorForm,
    DateInput,
    LocalDateTimeField,
    choice_field,
    decimal_field,
)
from cambill.web.core.labels import tr_choices

LANGUAGES = languages.CHOICES


class AccountForm(ActorForm):
    code = forms.CharField(label=_("Code"), max_length=64, help_text=CODE_HELP)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.CharField(label=_("Billing e-mail"), max_length=254, required=False)
    account_manager = choice_field(_("Account manager"))
    referral_agent = choice_field(_("Referral agent"), empty=_("(none)"))
    status = forms.ChoiceField(label=_("Status"), choices=tr_choices(AccountStatus.choices))
    trial_until = LocalDateTimeField(label=_("Trial until"), required=False)
    language = forms.ChoiceField(label=_("Invoice language"), choices=LANGUAGES)
    legal_name = forms.CharField(label=_("Legal name"), max_length=200, required=False)
    tax_id = forms.CharField(label=_("Tax id"), max_length=64, required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    fieldsets = [
        (
            _("Account"),
            ["code", "name", "email", "status", "account_manager", "referral_agent", "trial_until"],
        ),
        (_("Invoices"), ["language", "legal_name", "tax_id", "address"]),
    ]

    def setup(self) -> None:
        editing = bool(self.initial.get("code"))
        if editing:
            del self.fields["code"]
        else:
            del self.fields["status"]
        role = self.actor.role
        # An account manager manages its own accounts and an agent's accounts
        # are its own: the verb fills those in, so the page does not offer them.
        if role in (Role.ACCOUNT_MANAGER, Role.AGENT):
            del self.fields["account_manager"]
        else:
            self.set_queryset("account_manager", account_manager_choices(cloud=self.cloud))
        if role == Role.AGENT or not self.actor.can("agent.view"):
            del self.fields["referral_agent"]
        else:
            agents = agent_list(actor=self.actor, cloud=self.cloud).filter(active=True)
            self.set_queryset("referral_agent", agents)

    def verb_fields(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d.pop("code", None)
        return d


class CameraForm(ActorForm):
    code = forms.CharField(
        label=_("Stream name"),
        max_length=128,
        help_text=_("The Watcher stream name. Cannot be changed later."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    account = choice_field(_("Account"), empty=_("(no account)"))
    tariff = choice_field(_("Tariff"), empty=_("(no tariff)"))
    at = LocalDateTimeField(label=_("Tariff from"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=tr_choices(CameraStatus.choices))

    def setup(self) -> None:
        if self.initial.get("code"):
            for name in ("code", "account", "tariff", "at"):
                del self.fields[name]
            return
        del self.fields["status"]
        self.set_queryset("account", account_list(actor=self.actor, cloud=self.cloud))
        self.set_queryset(
            "tariff", tariff_list(actor=self.actor, cloud=self.cloud).filter(active=True)
        )
        self.fields["at"].help_text = _(
            "Local time in %(tz)s; blank: now. A tariff needs an account."
        ) % {"tz": self.tz}


class CameraTariffForm(ActorForm):
    tariff = choice_field(_("New tariff"), empty=_("(no tariff from then on)"))
    at = LocalDateTimeField(label=_("From"))

    def setup(self) -> None:
        self.set_queryset(
            "tariff", tariff_list(actor=self.actor, cloud=self.cloud).filter(active=True)
        )


class CameraMoveForm(ActorForm):
    account = choice_field(_("To account"), empty=_("(detach from any account)"))
    at = LocalDateTimeField(label=_("From"))

    def setup(self) -> None:
        self.set_queryset("account", account_list(actor=self.actor, cloud=self.cloud))


class DiscountForm(ActorForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=tr_choices(DiscountKind.choices))
    value = decimal_field(
        _("Value"), help_text=_("A percentage, or an amount in the cloud's currency.")
    )
    valid_from = forms.DateField(label=_("From (local date)"), required=False, widget=DateInput())
    valid_to = forms.DateField(
        label=_("Until (local date, excluded)"), required=False, widget=DateInput()
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class SuspensionForm(ActorForm):
    """Suspend or resume an account: when (default now) and why."""

    at = LocalDateTimeField(
        label=_("When"), required=False, help_text=_("Empty: now. Never in the future.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
