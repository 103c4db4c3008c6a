"""Forms of the outbox pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.web.core.forms import ActorForm


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Body"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )


class ContactsForm(ActorForm):
    billing_contacts = forms.CharField(
        label=_("Billing contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One e-mail address per line; the first is the main one."),
    )

    def emails(self) -> list[str]:
        text: Any = self.cleaned_data.get("billing_contacts") or ""
        return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]
