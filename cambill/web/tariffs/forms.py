"""Forms of the tariff pages: a tariff and its components."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.catalog.selectors import service_list
from cambill.core.validation import check_amount
from cambill.usage.selectors import meter_list
from cambill.web.core.choices import CurrencyField
from cambill.web.core.forms import (
    CODE_HELP,
    ActorForm,
    DateInput,
    JsonTextField,
    LabelledModelChoiceField,
    decimal_field,
    show_currencies,
)


class TariffForm(ActorForm):
    """A tariff plan's own fields; its components come in ``ComponentFormSet``."""

    code = forms.CharField(label=_("Code"), max_length=64, help_text=CODE_HELP)
    name = forms.CharField(label=_("Name"), max_length=200)
    currency = CurrencyField()
    price = decimal_field(
        _("Monthly price per camera"),
        help_text=_("Retail, tax excluded."),
        currency_from="currency",
        check=check_amount,
    )
    price_valid_from = forms.DateField(
        label=_("New price effective from"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "When the price above changes: a local date in the cloud's time zone. Days before "
            "it keep the old price, even when past months are billed again. Default: today."
        ),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    self_service = forms.BooleanField(
        label=_("Self-service"),
        required=False,
        help_text=_(
            "Subscribers may switch their cameras to this tariff themselves in their portal."
        ),
    )

    def setup(self) -> None:
        if self.cloud is not None:
            # A cloud's tariffs are in the cloud's currency.
            del self.fields["currency"]
            self.fields["price"].help_text = _("Retail, tax excluded, in %(currency)s.") % {
                "currency": self.cloud.currency
            }
        if self.initial.get("code"):
            del self.fields["code"]
            self.fields.pop("currency", None)
        else:
            del self.fields["active"]
            del self.fields["price_valid_from"]  # a new tariff's price holds from the start


class ComponentForm(forms.Form):
    """One ``service x quantity`` row; a blank row is ignored."""

    service = LabelledModelChoiceField(label=_("Service"), queryset=None, required=False)  # type: ignore[arg-type]
    quantity = decimal_field(_("Quantity"), required=False)

    def __init__(self, *args: Any, services: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("service") is None and cleaned.get("quantity") is not None:
            self.add_error("service", _("Choose a service for this quantity."))
        if cleaned.get("service") is not None and cleaned.get("quantity") is None:
            self.add_error("quantity", _("Give a quantity."))
        return cleaned


class BaseComponentFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        self.services = service_list(actor=actor).filter(active=True) if actor else None
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"services": self.services}

    def components(self) -> list[dict[str, Any]]:
        return [
            {"service": f.cleaned_data["service"], "quantity": f.cleaned_data["quantity"]}
            for f in self.forms
            if f.cleaned_data.get("service") is not None
        ]


ComponentFormSet = forms.formset_factory(ComponentForm, formset=BaseComponentFormSet, extra=3)


class MeteredExtraForm(forms.Form):
    """One metered extra of a cloud's tariff: a meter priced per camera beyond an
    allowance. A per-unit price is the simple case; ``pricing`` (JSON) takes any
    pricing model. ``sample`` is only for the builder's figures (not saved)."""

    meter = LabelledModelChoiceField(label=_("Meter"), queryset=None, required=False)  # type: ignore[arg-type]
    description = forms.CharField(
        label=_("Invoice text"),
        max_length=200,
        required=False,
        help_text=_("Default: the meter's name."),
    )
    included_per_camera = decimal_field(
        _("Included per camera"), required=False, help_text=_("Units of each camera not charged.")
    )
    unit_price = decimal_field(
        _("Price per unit beyond"), required=False, help_text=_("Tax excluded."), money=True
    )
    pricing = JsonTextField(
        label=_("Pricing model (instead)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "mono"}),
        help_text=_(
            'Optional, for tiers or packages, e.g. {"kind": "graduated", "tiers": '
            '[{"up_to": "1000", "unit_price": "0.01"}, {"up_to": null, "unit_price": "0.005"}]}.'
        ),
    )
    sample = decimal_field(
        _("Sample quantity per camera"),
        required=False,
        help_text=_("Only for the figures beside the form: a month's usage of one camera."),
    )

    def __init__(
        self, *args: Any, meters: Any = None, currency: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        show_currencies(self, currency)
        field = self.fields["meter"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meters

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        priced = cleaned.get("unit_price") is not None or cleaned.get("pricing")
        if cleaned.get("meter") is None and priced:
            self.add_error("meter", _("Choose a meter for this price."))
        if cleaned.get("meter") is not None and not priced:
            self.add_error("unit_price", _("Give a price per unit or a pricing model."))
        return cleaned

    def extra(self) -> dict[str, Any] | None:
        """The verb's ``{"meter", "description", "included_per_camera", "pricing"}``."""
        d = self.cleaned_data
        if d.get("meter") is None:
            return None
        pricing = d.get("pricing") or {"kind": "per_unit", "unit_price": f"{d['unit_price']:f}"}
        return {
            "meter": d["meter"].code,
            "description": d.get("description") or "",
            "included_per_camera": d.get("included_per_camera"),
            "pricing": pricing,
        }


class BaseMeteredExtraFormSet(forms.BaseFormSet):
    def __init__(
        self, *args: Any, actor: Any = None, currency: str | None = None, **kwargs: Any
    ) -> None:
        self.meters = meter_list(actor=actor) if actor else None
        self.currency = currency
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"meters": self.meters, "currency": self.currency}

    def extras(self) -> list[dict[str, Any]]:
        return [x for f in self.forms if (x := f.extra()) is not None]


MeteredExtraFormSet = forms.formset_factory(
    MeteredExtraForm, formset=BaseMeteredExtraFormSet, extra=2
)
EXTRAS_PREFIX = "extras"


def extras_initial(extras: list[dict[str, Any]], meters: Any) -> list[dict[str, Any]]:
    """Form rows of stored extras (``usage.selectors.tariff_extras``): a per-unit
    price in the price box, any other model as JSON."""
    by_code = {m.code: m for m in meters}
    rows = []
    for x in extras:
        per_unit = x["pricing"].get("kind") == "per_unit"
        included = x["included_per_camera"]
        rows.append(
            {
                "meter": by_code.get(x["meter"]),
                "description": x["description"],
                "included_per_camera": included,
                "unit_price": Decimal(x["pricing"]["unit_price"]) if per_unit else None,
                "pricing": None if per_unit else x["pricing"],
            }
        )
    return rows
