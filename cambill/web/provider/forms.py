"""Forms of the provider pages: services and their prices, clouds, a cloud's allowed tariffs and service prices."""

from __future__ import annotations

import copy
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.accounts.selectors import manager_choices
from cambill.catalog.choices import ServiceKind
from cambill.catalog.selectors import provider_tariff_list, service_list
from cambill.clouds.choices import CloudStatus, Proration
from cambill.core.periods import is_timezone
from cambill.core.validation import check_amount, check_percent
from cambill.web.core.choices import CurrencyField, TimezoneField
from cambill.web.core.forms import (
    CODE_HELP,
    ActorForm,
    DateInput,
    JsonTextField,
    LabelledModelChoiceField,
    LabelledMultipleChoiceField,
    LocalDateTimeField,
    decimal_field,
)
from cambill.web.core.labels import tr_choices


class ServiceForm(ActorForm):
    code = forms.CharField(label=_("Code"), max_length=64, help_text=CODE_HELP)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=tr_choices(ServiceKind.choices))
    unit = forms.CharField(label=_("Unit"), max_length=40, initial="camera-month")
    preset_settings = JsonTextField(
        label=_("Watcher preset settings"),
        required=False,
        initial=dict,
        help_text=_('What one unit means in a Watcher preset, e.g. {"dvr_days": 1}.'),
        widget=forms.Textarea(attrs={"rows": 3, "class": "mono"}),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    billed_while_suspended = forms.BooleanField(
        label=_("Billed while suspended"),
        required=False,
        help_text=_(
            "Still charged to the cloud while the camera's account is suspended "
            "(e.g. the archive is still kept)."
        ),
    )
    sat_product_code = forms.CharField(
        label=_("SAT product code"),
        max_length=8,
        required=False,
        initial="81112000",
        help_text=_("Mexico's CFDI: SAT's c_ClaveProdServ for this service."),
    )
    sat_unit_code = forms.CharField(
        label=_("SAT unit code"),
        max_length=3,
        required=False,
        initial="E48",
        help_text=_("Mexico's CFDI: SAT's c_ClaveUnidad (E48: service unit)."),
    )
    currency = CurrencyField(label=_("Price currency"), required=False)
    amount = decimal_field(
        _("List price"),
        required=False,
        help_text=_("Per unit, tax excluded, in the price currency."),
        currency_from="currency",
        check=check_amount,
    )
    valid_from = forms.DateField(
        label=_("Price effective from"),
        required=False,
        widget=DateInput(),
        help_text=_("A date, read in each cloud's own time zone."),
    )

    def setup(self) -> None:
        if self.initial.get("code"):  # editing: the code and prices live elsewhere
            for name in ("code", "currency", "amount", "valid_from"):
                del self.fields[name]
        else:
            del self.fields["active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            "amount" in self.fields
            and cleaned.get("amount") is not None
            and not cleaned.get("currency")
        ):
            self.add_error("currency", _("Give the currency of the price."))
        for name in ("sat_product_code", "sat_unit_code"):
            if not cleaned.get(name):
                cleaned.pop(name, None)  # left empty: the service's own (or default) code
        return cleaned

    def prices(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        if d.get("amount") is None:
            return []
        price = {"currency": d["currency"], "amount": d["amount"]}
        if d.get("valid_from"):
            price["valid_from"] = d["valid_from"]
        return [price]


class ServicePriceForm(ActorForm):
    currency = CurrencyField()
    amount = decimal_field(
        _("Price"),
        help_text=_("Per unit, tax excluded."),
        currency_from="currency",
        check=check_amount,
    )
    valid_from = forms.DateField(
        label=_("Effective from"),
        widget=DateInput(),
        help_text=_(
            "A date, read in each cloud's own time zone. A price for the same date is replaced."
        ),
    )


class CloudForm(ActorForm):
    slug = forms.CharField(
        label=_("Slug"),
        max_length=50,
        help_text=_("The cloud's login name: letters, digits, '-', '_'. Cannot be changed later."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    currency = CurrencyField(help_text=_("Both invoice levels use it."))
    timezone = TimezoneField(
        help_text=_("Type a city, e.g. Bogota. Billing periods are months in this zone."),
    )
    proration = forms.ChoiceField(
        label=_("Proration"), choices=tr_choices(Proration.choices), initial=Proration.DAY
    )
    discount_percent = decimal_field(_("Wholesale discount %"), initial=0, check=check_percent)
    tax_percent = decimal_field(
        _("Retail tax %"),
        initial=0,
        help_text=_("VAT on the cloud's invoices to subscribers."),
        check=check_percent,
    )
    wholesale_tax_percent = decimal_field(
        _("Wholesale tax %"),
        initial=0,
        check=check_percent,
        help_text=_("Tax on the provider's invoices to this cloud."),
    )
    trial_until = LocalDateTimeField(
        label=_("Trial until"),
        required=False,
        help_text=_("Local time in the cloud's time zone. No wholesale is charged before it."),
    )
    manager = LabelledModelChoiceField(
        label=_("Responsible manager"), queryset=None, required=False
    )  # type: ignore[arg-type]
    status = forms.ChoiceField(label=_("Status"), choices=tr_choices(CloudStatus.choices))
    legal_name = forms.CharField(label=_("Legal name"), max_length=200, required=False)
    tax_id = forms.CharField(label=_("Tax id"), max_length=64, required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    invoice_prefix = forms.CharField(
        label=_("Invoice number prefix"),
        max_length=20,
        required=False,
        help_text=_("Default: the slug in capitals and a dash."),
    )
    invoice_number_width = forms.IntegerField(label=_("Invoice number digits"), initial=6)
    auto_issue = forms.BooleanField(
        label=_("Issue retail invoices automatically"),
        required=False,
    )
    review_threshold_percent = decimal_field(
        _("Review threshold %"),
        required=False,
        check=check_percent,
        initial=20,
        help_text=_(
            "On a bill run's review screen, drafts whose total moved by more than this "
            "against the account's previous invoice are flagged first."
        ),
    )
    late_usage_policy = forms.TypedChoiceField(
        label=_("Late usage"),
        required=False,
        empty_value="next_period",
        choices=[
            ("next_period", _("Adjustment line in the next period's invoice")),
            ("credit_note_report", _("Late-usage report, credited or charged by hand")),
        ],
        initial="next_period",
    )

    billing_timing = forms.TypedChoiceField(
        label=_("Billing timing"),
        required=False,
        empty_value="arrears",
        choices=[
            ("arrears", _("In arrears: a month is invoiced after it ends")),
            (
                "advance",
                _(
                    "In advance: a month is invoiced from its first day, "
                    "with the true-up of the month before"
                ),
            ),
        ],
        initial="arrears",
        help_text=_(
            "In advance, each camera's month is charged ahead at its tariff's full price; "
            "the next invoice trues it up to what arrears would charge. Wholesale stays in arrears."
        ),
    )
    suspended_days = forms.TypedChoiceField(
        label=_("Suspended days"),
        required=False,
        empty_value="bill",
        choices=[
            ("bill", _("Charged as usual")),
            ("skip", _("Not charged: a day on which the account is suspended at its end")),
        ],
        initial="bill",
        help_text=_(
            "With per-second proration the suspended seconds are not charged. Wholesale keeps "
            "charging only the services billed while suspended."
        ),
    )
    offline_credit_hours = forms.IntegerField(
        label=_("Offline credit after (hours)"),
        required=False,
        min_value=1,
        max_value=24,
        help_text=_(
            "A local day in which a camera was offline at least this long is credited on the "
            "retail invoice. Empty: no offline credits."
        ),
    )

    fieldsets = [
        (_("Cloud"), ["slug", "name", "status", "manager"]),
        (
            _("Billing"),
            [
                "currency",
                "timezone",
                "proration",
                "billing_timing",
                "discount_percent",
                "tax_percent",
                "wholesale_tax_percent",
                "trial_until",
                "suspended_days",
                "offline_credit_hours",
            ],
        ),
        (
            _("Invoices"),
            [
                "legal_name",
                "tax_id",
                "address",
                "invoice_prefix",
                "invoice_number_width",
                "auto_issue",
                "review_threshold_percent",
                "late_usage_policy",
            ],
        ),
    ]

    def setup(self) -> None:
        self.set_queryset("manager", manager_choices(actor=self.actor))
        if self.cloud is not None:
            del self.fields["slug"]
            self.fields["trial_until"].help_text = _(
                "Local time in %(tz)s. No wholesale is charged before it."
            ) % {"tz": self.cloud.timezone}
        else:
            del self.fields["status"]

    def entry_tz(self) -> ZoneInfo:
        name = (self.cleaned_data.get("timezone") or "").strip()
        if is_timezone(name):
            return ZoneInfo(name)
        # An unknown zone is refused by the verb; any zone will do until then.
        return self.tz

    def verb_fields(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d.pop("slug", None)
        if d.get("review_threshold_percent") is None:
            d.pop("review_threshold_percent", None)  # left empty: unchanged (20 % when new)
        d["timezone"] = d["timezone"].strip()
        if not d.get("invoice_prefix") and self.cloud is None:
            d.pop("invoice_prefix", None)
        return d


class AllowedTariffsForm(ActorForm):
    allowed_tariffs = LabelledMultipleChoiceField(
        label=_("Provider tariffs this cloud may sell"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def setup(self) -> None:
        self.set_queryset("allowed_tariffs", provider_tariff_list(actor=self.actor))


class ServicePricesForm(ActorForm):
    """One optional price per service: the cloud's individual wholesale prices."""

    valid_from = forms.DateField(
        label=_("Effective from"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Replaces the individual prices from this date on (blank: from the start). "
            "Leave a service blank to use the list price."
        ),
    )

    def setup(self) -> None:
        self.services = list(service_list(actor=self.actor))
        for svc in self.services:
            self.fields[f"svc_{svc.pk}"] = decimal_field(
                f"{svc.code} - {svc.name}",
                required=False,
                currency=self.cloud.currency,
                check=check_amount,
                help_text=_("Per %(unit)s, in %(currency)s.")
                % {"unit": svc.unit, "currency": self.cloud.currency},
            )

    def prices(self) -> list[dict[str, Any]]:
        return [
            {"service": svc, "amount": self.cleaned_data[f"svc_{svc.pk}"]}
            for svc in self.services
            if self.cleaned_data.get(f"svc_{svc.pk}") is not None
        ]


BILLING_SETTING_FIELDS = (
    "billing_timing",
    "suspended_days",
    "offline_credit_hours",
    "auto_issue",
    "review_threshold_percent",
    "late_usage_policy",
    "suspension_mode",
)


class BillingSettingsForm(ActorForm):
    """The cloud's retail billing choices (its cloud admin's): the same fields,
    labels and help texts as on the provider's cloud form."""

    fieldsets = [
        (_("Billing"), ["billing_timing", "suspended_days", "offline_credit_hours"]),
        (_("Invoices"), ["auto_issue", "review_threshold_percent", "late_usage_policy"]),
        (_("Collections"), ["suspension_mode"]),
    ]

    def setup(self) -> None:
        for name in BILLING_SETTING_FIELDS:
            if name in CloudForm.base_fields:
                self.fields[name] = copy.deepcopy(CloudForm.base_fields[name])
        self.fields["suspension_mode"] = forms.TypedChoiceField(
            label=_("Suspension of overdue accounts"),
            required=False,
            empty_value="auto",
            choices=[
                ("auto", _("Automatic: the dunning run suspends the account")),
                ("confirm", _("A person confirms it in the collections page's suspension queue")),
            ],
            initial="auto",
            help_text=_(
                "When an account reaches the dunning policy's suspension day, it is suspended "
                "at once, or it waits in the suspension queue to be confirmed or dismissed."
            ),
        )

    def verb_fields(self) -> dict[str, Any]:
        d = {name: self.cleaned_data.get(name) for name in BILLING_SETTING_FIELDS}
        if d.get("review_threshold_percent") is None:
            d.pop("review_threshold_percent")  # left empty: unchanged
        return d
