"""Forms of the legal data and certificate pages.

The legal data form flattens the ``einvoice`` object into one field per regime
key (``mx_tax_regime``, ``co_resolution_range_to`` ...); ``verb_fields`` folds the
chosen regime's fields back into the object the verb checks, and ``aliases``
maps the verb's field names (``einvoice.tax_regime``) back onto the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.einvoice import legal
from cambill.web.core.choices import CountryField
from cambill.web.core.forms import ActorForm, DateInput

ADDRESS = ("legal_name", "tax_id", "street", "city", "region", "postal_code", "country")
SECRET_HELP = _("Write-only: leave empty to keep the stored one.")


def _choices(codes: dict[str, str] | tuple[Any, ...], blank: bool = True) -> list[tuple[str, str]]:
    items = codes.items() if isinstance(codes, dict) else ((str(c), str(c)) for c in codes)
    out = [(str(code), f"{code} - {name}" if name != code else str(code)) for code, name in items]
    return ([("", "---------")] if blank else []) + out


def _text(label: Any, max_length: int = legal.TEXT_MAX, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length, **kwargs)


def _secret(label: Any) -> forms.CharField:
    return _text(label, widget=forms.PasswordInput(render_value=False), help_text=SECRET_HELP)


# Every regime field of the form: (form name, regime, key in the einvoice object).
MX_FIELDS = {
    "mx_tax_regime": "tax_regime",
    "mx_cfdi_use": "cfdi_use",
    "mx_series": "series",
    "mx_pac": "pac",
    "mx_pac_username": "pac_username",
    "mx_pac_password": "pac_password",
}
CO_FIELDS = {
    "co_id_type": "id_type",
    "co_tax_responsibilities": "tax_responsibilities",
    "co_software_id": "software_id",
    "co_software_pin": "software_pin",
    "co_technical_key": "technical_key",
    "co_environment": "environment",
    "co_test_set_id": "test_set_id",
}
RESOLUTION = ("number", "prefix", "range_from", "range_to", "valid_from", "valid_until")
SECRETS = {"mx_pac_password", "co_software_pin", "co_technical_key"}


class LegalForm(ActorForm):
    """A party's legal data; ``role`` is ``issuer`` (the provider), ``cloud`` or
    ``receiver`` (an account): each gets its regime keys only."""

    def __init__(self, *args: Any, role: legal.PartyRole, **kwargs: Any) -> None:
        self.role = role
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        f = self.fields
        f["legal_name"] = _text(_("Legal name"), 200)
        f["tax_id"] = _text(
            _("Tax id"), 64, help_text=_("Checked for the country: RFC, NIT with its check digit…")
        )
        f["street"] = _text(_("Street and number"), 200)
        f["city"] = _text(_("City"), 100)
        f["region"] = _text(_("Region or state"), 100)
        f["postal_code"] = _text(_("Postal code"), 20)
        f["country"] = CountryField()
        f["regime"] = forms.ChoiceField(
            label=_("E-invoicing regime"),
            choices=[
                (legal.NONE, _("None (PDF invoices only)")),
                (legal.MX_CFDI40, _("Mexico: CFDI 4.0")),
                (legal.CO_DIAN, _("Colombia: DIAN electronic invoice")),
            ],
        )
        keys_mx = legal.regime_keys(legal.MX_CFDI40, self.role)
        keys_co = legal.regime_keys(legal.CO_DIAN, self.role)
        all_fields: dict[str, forms.Field] = {
            "mx_tax_regime": forms.ChoiceField(
                label=_("SAT tax regime (c_RegimenFiscal)"),
                required=False,
                choices=_choices(legal.MX_TAX_REGIMES),
            ),
            "mx_cfdi_use": forms.ChoiceField(
                label=_("CFDI use (c_UsoCFDI)"),
                required=False,
                choices=_choices(legal.MX_CFDI_USES),
                help_text=_("For the provider's wholesale CFDIs") if self.role == "cloud" else "",
            ),
            "mx_series": _text(_("CFDI series"), 25),
            "mx_pac": forms.ChoiceField(
                label=_("PAC"), required=False, choices=_choices(legal.MX_PACS, blank=False)
            ),
            "mx_pac_username": _text(_("PAC user name")),
            "mx_pac_password": _secret(_("PAC password")),
            "co_id_type": forms.ChoiceField(
                label=_("Identity document type"),
                required=False,
                choices=_choices(legal.CO_ID_TYPES),
            ),
            "co_tax_responsibilities": forms.MultipleChoiceField(
                label=_("Tax responsibilities"),
                required=False,
                choices=_choices(legal.CO_TAX_RESPONSIBILITIES, blank=False),
                widget=forms.CheckboxSelectMultiple,
            ),
            "co_software_id": _text(_("Software id (DIAN)")),
            "co_software_pin": _secret(_("Software PIN")),
            "co_technical_key": _secret(_("Technical key")),
            "co_environment": forms.TypedChoiceField(
                label=_("Environment"),
                required=False,
                coerce=int,
                choices=[(2, _("2 - test (habilitación)")), (1, _("1 - production"))],
            ),
            "co_test_set_id": _text(_("Test set id")),
        }
        for name, field in all_fields.items():
            key = MX_FIELDS.get(name) or CO_FIELDS[name]
            if key in (keys_mx if name.startswith("mx_") else keys_co):
                f[name] = field
        if "resolution" in keys_co:
            f["co_resolution_number"] = _text(_("Resolution number"), 20)
            f["co_resolution_prefix"] = _text(_("Prefix"), 4)
            f["co_resolution_range_from"] = forms.IntegerField(
                label=_("Range from"), required=False, min_value=0
            )
            f["co_resolution_range_to"] = forms.IntegerField(
                label=_("Range to"), required=False, min_value=0
            )
            f["co_resolution_valid_from"] = forms.DateField(
                label=_("Valid from"), required=False, widget=DateInput()
            )
            f["co_resolution_valid_until"] = forms.DateField(
                label=_("Valid until"), required=False, widget=DateInput()
            )
        self.fieldsets = [
            (_("Legal data"), list(ADDRESS)),
            (_("E-invoicing"), ["regime"]),
            (_("Mexico: CFDI 4.0"), [n for n in self.fields if n.startswith("mx_")]),
            (_("Colombia: DIAN"), [n for n in self.fields if n.startswith("co_")]),
        ]

    @staticmethod
    def initial_of(data: dict[str, Any]) -> dict[str, Any]:
        """The form's initial values from a party's legal data (``legal_of``)."""
        einvoice = data.get("einvoice") or {}
        initial = {k: data.get(k, "") for k in ADDRESS}
        regime = einvoice.get("regime", legal.NONE)
        initial["regime"] = regime
        names = MX_FIELDS if regime == legal.MX_CFDI40 else CO_FIELDS
        for name, key in names.items():
            if name not in SECRETS and key in einvoice:
                initial[name] = einvoice[key]
        for key, value in (einvoice.get("resolution") or {}).items():
            initial[f"co_resolution_{key}"] = value
        return initial

    def verb_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {k: data.get(k) or "" for k in ADDRESS if k in self.fields}
        regime = data.get("regime") or legal.NONE
        einvoice: dict[str, Any] = {"regime": regime}
        names = (
            MX_FIELDS if regime == legal.MX_CFDI40 else CO_FIELDS if regime == legal.CO_DIAN else {}
        )
        for name, key in names.items():
            if name not in self.fields:
                continue
            value = data.get(name)
            if name in SECRETS and not value:
                continue  # left empty: the stored secret stays
            if value not in (None, "", []) or key == "tax_responsibilities":
                einvoice[key] = value
        if regime == legal.CO_DIAN and "co_resolution_number" in self.fields:
            resolution = {k: data.get(f"co_resolution_{k}") for k in RESOLUTION}
            if any(v not in (None, "") for v in resolution.values()):
                einvoice["resolution"] = resolution
        out["einvoice"] = einvoice
        return out

    def aliases(self) -> dict[str, str]:
        """The verb's field names onto this form's (for the chosen regime)."""
        regime = (self.data.get("regime") if self.is_bound else None) or legal.NONE
        names = MX_FIELDS if regime == legal.MX_CFDI40 else CO_FIELDS
        out = {f"einvoice.{key}": name for name, key in names.items()}
        out.update({f"einvoice.resolution.{k}": f"co_resolution_{k}" for k in RESOLUTION})
        out["einvoice.resolution"] = "co_resolution_number"
        out["einvoice.regime"] = "regime"
        return out

    def disable(self) -> None:
        """Read-only (a reader's view of the data)."""
        for field in self.fields.values():
            field.disabled = True


class ProviderLegalForm(LegalForm):
    """The provider's own record: its name, e-mail and printed address too."""

    def setup(self) -> None:
        super().setup()
        fields = dict(self.fields)
        self.fields.clear()
        self.fields["name"] = forms.CharField(label=_("Name"), max_length=200)
        self.fields["email"] = forms.EmailField(label=_("Billing e-mail"), required=False)
        self.fields["address"] = forms.CharField(
            label=_("Address as printed on invoices"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields.update(fields)
        self.fieldsets[0] = (_("Legal data"), ["name", "email", "address", *ADDRESS])

    def verb_fields(self) -> dict[str, Any]:
        out = super().verb_fields()
        for name in ("name", "email", "address"):
            out[name] = self.cleaned_data.get(name) or ""
        return out


class CredentialUploadForm(forms.Form):
    """A CSD as SAT issues it, or one PKCS#12 file; with the key's password."""

    certificate = forms.FileField(
        label=_("Certificate (.cer)"), required=False, help_text=_("DER as SAT issues it, or PEM")
    )
    private_key = forms.FileField(
        label=_("Private key (.key)"),
        required=False,
        help_text=_("Encrypted DER PKCS#8 as SAT issues it, or PEM"),
    )
    pkcs12 = forms.FileField(
        label=_("Or a PKCS#12 file (.p12, .pfx)"),
        required=False,
        help_text=_("The certificate and its key in one file"),
    )
    password = forms.CharField(
        label=_("Password"),
        required=False,
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
    )
