"""Forms of the invoicing pages: void, credit note, bill run, usage report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.core import clock
from cambill.core.periods import Period
from cambill.invoicing.choices import LineKind
from cambill.web.core.format import price_text
from cambill.web.core.forms import AsciiDecimalField, MonthInput


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(
        self, *args: Any, actor: Any = None, cloud: Any = None, tz: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)


class CreditNoteForm(forms.Form):
    """A reason, and either the whole invoice or an amount per charged line."""

    reason = forms.CharField(label=_("Reason"), max_length=300)
    whole = forms.BooleanField(label=_("Credit everything still uncredited"), required=False)

    def __init__(self, *args: Any, invoice: Any = None, left: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line_fields: list[str] = []
        for pos, (line, remaining) in sorted((left or {"lines": {}})["lines"].items()):
            if line.kind == LineKind.DISCOUNT or remaining <= 0:
                continue
            name = f"line_{pos}"
            self.fields[name] = AsciiDecimalField(
                label=f"#{pos} {line.description}",
                required=False,
                min_value=Decimal(0),
                max_value=remaining,
                help_text=_("Up to %(amount)s")
                % {"amount": price_text(remaining, invoice.currency)},
            )
            self.line_fields.append(name)

    def items(self) -> list[dict[str, Any]]:
        out = []
        for name in self.line_fields:
            value = self.cleaned_data.get(name)
            if value:
                out.append({"line": int(name.split("_")[1]), "amount": value})
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("whole") and not self.items():
            raise forms.ValidationError(
                _("Give an amount for at least one line, or credit everything.")
            )
        return data


class BillRunForm(forms.Form):
    period = forms.CharField(
        label=_("Month"),
        max_length=7,
        help_text=_("YYYY-MM, a month that has ended in the cloud's time zone."),
        widget=MonthInput(),
    )

    def __init__(
        self, *args: Any, actor: Any = None, cloud: Any = None, tz: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if cloud is not None and not self.is_bound:
            self.initial["period"] = Period.containing(clock.now(), cloud.timezone).previous().key


class UsageForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(
        label=_("To (inclusive)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    account = forms.CharField(label=_("Account"), required=False, max_length=64)
