"""The branding form: colours, texts and the logo of one issuer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cambill.branding.rules import LOGO_MAX_BYTES

COLOR_HELP = _(
    "# and six hexadecimal digits (#1f4e79); empty for the product's colour. "
    "It must keep white text on it readable."
)


class BrandingForm(forms.Form):
    primary_color = forms.CharField(
        label=_("Primary colour"),
        required=False,
        max_length=32,
        help_text=COLOR_HELP,
        widget=forms.TextInput(attrs={"placeholder": "#1f4e79", "spellcheck": "false"}),
    )
    accent_color = forms.CharField(
        label=_("Accent colour"),
        required=False,
        max_length=32,
        help_text=COLOR_HELP,
        widget=forms.TextInput(attrs={"placeholder": "#2e75b6", "spellcheck": "false"}),
    )
    bank_details = forms.CharField(
        label=_("Bank details"),
        required=False,
        max_length=1000,
        help_text=_("IBAN and BIC, or the account to pay into; printed on invoices."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invoice_note = forms.CharField(
        label=_("Invoice note"),
        required=False,
        max_length=1000,
        help_text=_("Printed on every invoice."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    footer_text = forms.CharField(
        label=_("Footer text"),
        required=False,
        max_length=300,
        help_text=_("Printed at the foot of invoices and e-mails."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        # Formatted when the form is shown, in the reader's language (a lazy
        # string formatted here would be fixed in English at import).
        help_text=lazy(
            lambda: (
                gettext("SVG, PNG or JPEG, %(kb)d KB at most. SVG files may not hold scripts.")
                % {"kb": LOGO_MAX_BYTES // 1024}
            ),
            str,
        )(),
        widget=forms.ClearableFileInput(attrs={"accept": "image/svg+xml,image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(
        self, *args: Any, actor: Any = None, cloud: Any = None, tz: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)

    def disable(self) -> None:
        for field in self.fields.values():
            field.disabled = True

    def verb_fields(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in (
                "primary_color",
                "accent_color",
                "bank_details",
                "invoice_note",
                "footer_text",
            )
        }

    def logo_bytes(self) -> bytes | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        # One byte more than allowed: the verb refuses an oversize file with its code.
        return bytes(upload.read(LOGO_MAX_BYTES + 1))
