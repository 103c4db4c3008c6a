"""Forms of the usage pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.usage.choices import Aggregation
from cambill.usage.late import late_usage_report
from cambill.web.core.forms import CODE_HELP, ActorForm, decimal_field
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
