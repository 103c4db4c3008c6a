"""Forms of the usage pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.usage.choices import Aggregation
from cambill.usage.late import late_usage_report
from cambill.usage.selectors import meter_list
from cambill.web.core.choices import CurrencyField
from cambill.web.core.forms import (
    CODE_HELP,
    ActorForm,
    DateInput,
    JsonTextField,
    LabelledModelChoiceField,
    decimal_field,
)
from cambill.web.core.labels import tr_choices


class LateSettleForm(ActorForm):
    period = forms.ChoiceField(label=_("Period"))
    note = forms.CharField(
        label=_("How it was settled"),
        max_length=300,
        help_text=_("E.g. the number of the credit note or of the manual charge."),
    )

    def setup(self) -> None:
        periods = sorted(
            {it.period for it in late_usage_report(actor=self.actor, cloud=self.cloud)}
        )
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p, p) for p in periods]


class MeterForm(ActorForm):
    """A meter's definition (provider admins), with an event to check it on."""

    code = forms.CharField(label=_("Code"), max_length=64, help_text=CODE_HELP)
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(
        label=_("Billing unit"), max_length=40, help_text=_("E.g. GB-month, hour, read.")
    )
    event_type = forms.CharField(
        label=_("Event type"), max_length=200, help_text=_("The CloudEvents 'type' it reads.")
    )
    aggregation = forms.ChoiceField(label=_("Aggregation"), choices=tr_choices(Aggregation.choices))
    value_path = forms.CharField(
        label=_("Value path"),
        max_length=200,
        required=False,
        help_text=_(
            "Dotted path inside the event's data, e.g. bytes or stats.dvr.bytes; "
            "empty for a count (each event counts one)."
        ),
    )
    unit_divisor = decimal_field(
        _("Unit divisor"),
        required=False,
        help_text=_("The aggregate is divided by it, e.g. 1000000000 for bytes to GB."),
    )
    allow_negative = forms.BooleanField(
        label=_("Accept negative readings"), required=False, initial=False
    )
    sample_event = forms.CharField(
        label=_("Check with an event"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 9, "class": "mono", "spellcheck": "false"}),
        help_text=_(
            "Paste a CloudEvent (JSON): the value this meter reads from it shows beside the "
            "form, as ingestion would read it. Nothing is stored."
        ),
    )

    def setup(self) -> None:
        if self.initial.get("code"):
            del self.fields["code"]

    def definition(self) -> dict[str, Any]:
        """The verb's keywords (the sample event is not part of the meter)."""
        d = dict(self.cleaned_data)
        d.pop("sample_event", None)
        if d.get("unit_divisor") is None:
            d["unit_divisor"] = 1
        return d


class MeteredPriceFields(ActorForm):
    """A metered price in one currency: a price per unit or any pricing model,
    with an optional allowance per camera."""

    currency = CurrencyField(label=_("Price currency"))
    valid_from = forms.DateField(
        label=_("Effective from"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "A date, read in each cloud's own time zone; a month is priced at the price in "
            "effect on its first day. A price for the same date is replaced."
        ),
    )
    unit_price = decimal_field(
        _("Price per unit"),
        required=False,
        help_text=_("Tax excluded; or a pricing model below."),
        currency_from="currency",
    )
    pricing = JsonTextField(
        label=_("Pricing model (instead)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "mono"}),
        help_text=_(
            'For tiers or packages, e.g. {"kind": "graduated", "tiers": [{"up_to": "1000", '
            '"unit_price": "0.004"}, {"up_to": null, "unit_price": "0.002"}]}.'
        ),
    )
    included_per_camera = decimal_field(
        _("Included per camera"),
        required=False,
        help_text=_("Units of each camera the cloud is not charged for."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("unit_price") is None and not cleaned.get("pricing"):
            self.add_error("unit_price", _("Give a price per unit or a pricing model."))
        return cleaned

    def price(self) -> dict[str, Any]:
        """The verb's ``{"currency", "valid_from", "pricing", "included_per_camera"}``."""
        d = self.cleaned_data
        pricing = d.get("pricing") or {"kind": "per_unit", "unit_price": f"{d['unit_price']:f}"}
        out: dict[str, Any] = {
            "currency": d["currency"].strip().upper(),
            "pricing": pricing,
            "included_per_camera": d.get("included_per_camera"),
        }
        if d.get("valid_from"):
            out["valid_from"] = d["valid_from"]
        return out


class MeteredServiceForm(MeteredPriceFields):
    """A provider service priced from a meter, with its first price."""

    code = forms.CharField(label=_("Code"), max_length=64, help_text=CODE_HELP)
    name = forms.CharField(label=_("Name"), max_length=200)
    meter = LabelledModelChoiceField(label=_("Meter"), queryset=None)  # type: ignore[arg-type]
    unit = forms.CharField(
        label=_("Unit"), max_length=40, required=False, help_text=_("Default: the meter's unit.")
    )
    field_order = ["code", "name", "meter", "unit"]

    def setup(self) -> None:
        self.set_queryset("meter", meter_list(actor=self.actor))


class MeteredPriceForm(MeteredPriceFields):
    def setup(self) -> None:
        self.fields["valid_from"].required = True
