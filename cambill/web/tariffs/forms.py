"""Forms of the tariff pages: a tariff and its components."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.catalog.selectors import service_list
from cambill.web.core.forms import (
    CODE_HELP,
    ActorForm,
    LabelledModelChoiceField,
    decimal_field,
)


class TariffForm(ActorForm):
    """A tariff plan's own fields; its components come in ``ComponentFormSet``."""

    code = forms.CharField(label=_("Code"), max_length=64, help_text=CODE_HELP)
    name = forms.CharField(label=_("Name"), max_length=200)
    currency = forms.CharField(
        label=_("Currency"), max_length=3, help_text=_("ISO 4217, e.g. USD.")
    )
    price = decimal_field(_("Monthly price per camera"), help_text=_("Retail, tax excluded."))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

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
