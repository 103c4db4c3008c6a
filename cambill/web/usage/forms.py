"""Forms of the usage pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.usage.late import late_usage_report
from cambill.web.core.forms import ActorForm


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
