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
# EN 16931 (eu-peppol, eu-facturx: the same keys, issue #20)
EU_FIELDS = {
    "eu_endpoint_scheme": "endpoint_scheme",
    "eu_endpoint_id": "endpoint_id",
    "eu_access_point": "access_point",
    "eu_iban": "iban",
    "eu_bic": "bic",
    "eu_buyer_reference": "buyer_reference",
    "eu_order_reference": "order_reference",
    "eu_vat_category": "vat_category",
    "eu_vat_exemption_reason": "vat_exemption_reason",
}

# Spain's Verifactu: the issuer's series; a receiver's VAT category as the EU regimes'
ES_FIELDS = {
    "es_series": "series",
    "eu_vat_category": "vat_category",
    "eu_vat_exemption_reason": "vat_exemption_reason",
}


def regime_fields(regime: str) -> dict[str, str]:
    """The form's fields of a regime: form name -> key of the einvoice object."""
    if regime == legal.MX_CFDI40:
        return MX_FIELDS
    if regime == legal.CO_DIAN:
        return CO_FIELDS
    if regime in legal.EN16931_REGIMES:
        return EU_FIELDS
    if regime == legal.ES_VERIFACTU:
        return ES_FIELDS
    return {}


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
                (legal.EU_PEPPOL, _("EU: Peppol BIS Billing 3.0 (EN 16931)")),
                (legal.EU_FACTURX, _("EU: Factur-X (EN 16931)")),
                (legal.ES_VERIFACTU, _("Spain: Verifactu (AEAT)")),
            ],
        )
        self._eu_fields()
        if "series" in legal.regime_keys(legal.ES_VERIFACTU, self.role):
            self.fields["es_series"] = _text(
                _("Verifactu series"),
                20,
                help_text=_("Written before cambill's number in the record, e.g. A/."),
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
            (_("EU: Peppol and Factur-X"), [n for n in self.fields if n.startswith("eu_")]),
            (_("Spain: Verifactu"), [n for n in self.fields if n.startswith("es_")]),
        ]

    def _eu_fields(self) -> None:
        """The EN 16931 keys this kind of party has (both EU regimes share them)."""
        keys = legal.regime_keys(legal.EU_PEPPOL, self.role)
        fields: dict[str, forms.Field] = {
            "eu_endpoint_scheme": forms.ChoiceField(
                label=_("Peppol address scheme (ISO 6523)"),
                required=False,
                choices=_choices(legal.PEPPOL_SCHEMES),
            ),
            "eu_endpoint_id": _text(_("Peppol address id"), 50),
            "eu_access_point": forms.ChoiceField(
                label=_("Peppol access point"),
                required=False,
                choices=[("sandbox", _("Sandbox")), ("rest", _("The provider's REST API"))],
            ),
            "eu_iban": _text(_("IBAN (paid to)"), 42),
            "eu_bic": _text(_("BIC"), 11),
            "eu_buyer_reference": _text(_("Buyer reference (BT-10)")),
            "eu_order_reference": _text(_("Order reference (BT-13)")),
            "eu_vat_category": forms.ChoiceField(
                label=_("VAT category"),
                required=False,
                choices=[
                    ("S", _("S - standard rate")),
                    ("AE", _("AE - reverse charge (intra-EU B2B)")),
                    ("Z", _("Z - zero rated")),
                    ("E", _("E - exempt")),
                    ("O", _("O - outside the scope of VAT")),
                ],
            ),
            "eu_vat_exemption_reason": _text(
                _("VAT exemption reason"), 300, help_text=_("Printed; required for AE, E and O.")
            ),
        }
        for name, field in fields.items():
            if EU_FIELDS[name] in keys:
                self.fields[name] = field

    @staticmethod
    def initial_of(data: dict[str, Any]) -> dict[str, Any]:
        """The form's initial values from a party's legal data (``legal_of``)."""
        einvoice = data.get("einvoice") or {}
        initial = {k: data.get(k, "") for k in ADDRESS}
        regime = einvoice.get("regime", legal.NONE)
        initial["regime"] = regime
        names = regime_fields(regime) or CO_FIELDS
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
        names = regime_fields(regime)
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
        names = regime_fields(regime) or CO_FIELDS
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
