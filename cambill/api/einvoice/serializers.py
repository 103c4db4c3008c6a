"""Request and response bodies of the legal data and certificate endpoints.

The ``einvoice`` object is documented per regime as a ``oneOf`` keyed by
``regime`` (the serializers below describe it); it is checked by
``cambill.einvoice.legal``, the one place that knows the regimes' rules, so the
API, the pages and the verbs refuse the same things with the same words.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from cambill.api.core.common import Input, Output, TimeField, text_of
from cambill.clouds.selectors import field_max_length as clouds_max_length
from cambill.einvoice import legal
from cambill.einvoice.selectors import field_max_length as einvoice_max_length

# --- the einvoice object, per regime and party (documentation and output) ------------


def _or_empty(schema: dict[str, Any], description: str) -> serializers.Field:
    """A key whose empty string (or null) leaves it unset, as the verbs read it."""
    documented = {
        "oneOf": [schema, {"type": "string", "maxLength": 0}],
        "nullable": True,
        "description": description,
    }
    field_class = extend_schema_field(documented)(type("OrEmpty", (serializers.JSONField,), {}))
    return field_class(required=False)  # type: ignore[no-any-return]


def _regime(value: str) -> serializers.CharField:
    """The discriminator: a string that is exactly ``value`` (a pattern, not a one-value
    enum, so the shapes of the ``oneOf`` exclude each other without enum components)."""
    schema = {"type": "string", "pattern": f"^{value}$", "description": "The e-invoicing regime"}
    field_class = extend_schema_field(schema)(type("RegimeField", (serializers.CharField,), {}))
    return field_class()  # type: ignore[no-any-return]


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1, "maximum": 2},
            {"type": "string", "pattern": "^[12]$"},
        ],
        "description": "1 production, 2 test (habilitación)",
    }
)
class EnvironmentField(serializers.IntegerField):
    pass


class NoRegime(Output):
    """No legal e-invoices: PDF invoices only."""

    regime = _regime(legal.NONE)


def _mx_tax_regime() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=list(legal.MX_TAX_REGIMES),
        required=False,
        help_text="SAT c_RegimenFiscal, e.g. 601",
        allow_blank=True,
        allow_null=True,
    )


class MxIssuer(Output):
    """Mexico, CFDI 4.0, as issuer."""

    regime = _regime(legal.MX_CFDI40)
    tax_regime = _mx_tax_regime()
    series = serializers.CharField(
        max_length=25,
        required=False,
        help_text="CFDI Serie (the folio is cambill's number)",
        allow_blank=True,
        allow_null=True,
    )
    pac = serializers.ChoiceField(
        choices=list(legal.MX_PACS),
        required=False,
        help_text="Who stamps: 'sandbox' (cambill's test PAC) or a real PAC",
        allow_blank=True,
        allow_null=True,
    )
    pac_username = serializers.CharField(
        max_length=legal.TEXT_MAX, required=False, allow_blank=True, allow_null=True
    )
    pac_password = serializers.CharField(
        max_length=legal.TEXT_MAX,
        required=False,
        write_only=True,
        help_text="Write-only: stored encrypted, never returned; empty clears it",
        allow_blank=True,
        allow_null=True,
    )


class MxReceiver(Output):
    """Mexico, CFDI 4.0, as receiver."""

    regime = _regime(legal.MX_CFDI40)
    tax_regime = _mx_tax_regime()
    cfdi_use = serializers.ChoiceField(
        choices=list(legal.MX_CFDI_USES),
        required=False,
        help_text="SAT c_UsoCFDI, e.g. G03",
        allow_blank=True,
        allow_null=True,
    )
    fiscal_residence = serializers.CharField(
        max_length=3,
        required=False,
        help_text="A foreign receiver's SAT c_Pais, e.g. USA",
        allow_blank=True,
        allow_null=True,
    )


class MxCloud(MxIssuer):
    """Mexico, CFDI 4.0: a cloud issues retail CFDIs and receives the provider's."""

    cfdi_use = serializers.ChoiceField(
        choices=list(legal.MX_CFDI_USES),
        required=False,
        help_text="SAT c_UsoCFDI of the provider's wholesale CFDIs, e.g. G03",
        allow_blank=True,
        allow_null=True,
    )


class CoOptional(Output):
    """Optional keys both sides of DIAN documents may carry."""

    tax_scheme = serializers.ChoiceField(
        choices=list(legal.CO_TAX_SCHEMES),
        required=False,
        help_text="01 IVA (an issuer's default), ZZ no aplica (a receiver's default)",
        allow_blank=True,
        allow_null=True,
    )
    person_type = serializers.ChoiceField(
        choices=list(legal.CO_PERSON_TYPES),
        required=False,
        help_text="1 juridical, 2 natural",
        allow_blank=True,
        allow_null=True,
    )
    municipality_code = serializers.CharField(
        max_length=5,
        required=False,
        help_text="DIVIPOLA code, e.g. 11001 (Bogotá)",
        allow_blank=True,
        allow_null=True,
    )


def _responsibilities() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=list(legal.CO_TAX_RESPONSIBILITIES)),
        required=False,
        allow_null=True,
        help_text='DIAN tax responsibilities, e.g. ["O-13"]',
    )


class DianResolution(Output):
    """DIAN's numbering resolution (every key may be left empty until issuing)."""

    number = serializers.CharField(
        max_length=20,
        required=False,
        help_text="DIAN's resolution number",
        allow_blank=True,
        allow_null=True,
    )
    prefix = serializers.CharField(max_length=4, required=False, allow_blank=True, allow_null=True)
    range_from = _or_empty({"type": "integer", "minimum": 0}, "First number of the range")
    range_to = _or_empty({"type": "integer", "minimum": 0}, "Last number of the range")
    valid_from = _or_empty({"type": "string", "format": "date"}, "First day in force")
    valid_until = _or_empty({"type": "string", "format": "date"}, "Last day in force")


class CoIssuer(CoOptional):
    """Colombia, DIAN electronic invoice, as issuer."""

    regime = _regime(legal.CO_DIAN)
    tax_responsibilities = _responsibilities()
    software_id = _or_empty({"type": "string", "format": "uuid"}, "The software's id at DIAN")
    software_pin = serializers.CharField(
        max_length=legal.TEXT_MAX,
        required=False,
        write_only=True,
        help_text="Write-only",
        allow_blank=True,
        allow_null=True,
    )
    technical_key = serializers.CharField(
        max_length=legal.TEXT_MAX,
        required=False,
        write_only=True,
        help_text="Write-only: the resolution's technical key (ClTec, hexadecimal)",
        allow_blank=True,
        allow_null=True,
    )
    environment = EnvironmentField(required=False)
    test_set_id = _or_empty({"type": "string", "format": "uuid"}, "DIAN's test set (habilitación)")
    resolution = DianResolution(required=False, allow_null=True)
    software_provider_nit = serializers.CharField(
        max_length=20,
        required=False,
        help_text="The technology provider running the software, if not the issuer (NIT)",
        allow_blank=True,
        allow_null=True,
    )


class CoReceiver(CoOptional):
    """Colombia, DIAN electronic invoice, as receiver."""

    regime = _regime(legal.CO_DIAN)
    id_type = serializers.ChoiceField(
        choices=list(legal.CO_ID_TYPES),
        required=False,
        help_text="DIAN's document type: 31 NIT, 13 cédula, ...",
        allow_blank=True,
        allow_null=True,
    )
    tax_responsibilities = _responsibilities()


class CoCloud(CoIssuer):
    """Colombia, DIAN: a cloud issues retail invoices and receives the provider's."""

    id_type = serializers.ChoiceField(
        choices=list(legal.CO_ID_TYPES),
        required=False,
        help_text="Usually 31 (NIT)",
        allow_blank=True,
        allow_null=True,
    )


# --- EN 16931 (issue #20): eu-peppol and eu-facturx ---------------------------------


def _text(help_text: str, max_length: int = 100) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=help_text,
    )


_EU_ISSUER_DOC = {
    "endpoint_scheme": "Peppol address scheme: ISO 6523 ICD, four digits (0208, 9920, ...); "
    "required with eu-peppol",
    "endpoint_id": "Peppol address id (a 0208 number is checked for its check digits)",
    "iban": "The account invoices are paid to (checked); printed as SEPA credit transfer",
    "bic": "The bank's BIC, 8 or 11 characters",
}
_EU_RECEIVER_DOC = {
    "endpoint_scheme": "The buyer's Peppol address scheme (ISO 6523 ICD); required with eu-peppol",
    "endpoint_id": "The buyer's Peppol address id",
    "buyer_reference": "BT-10, the buyer's reference (Peppol needs it or order_reference)",
    "order_reference": "BT-13, the buyer's purchase order",
    "vat_category": "EN 16931 VAT category: S standard (default), AE reverse charge, Z zero "
    "rated, E exempt, O outside the scope of VAT",
    "vat_exemption_reason": "Printed reason for no VAT; required for AE, E and O",
}


def _eu(regime: str, role: str) -> type:
    """The documented shape of an EN 16931 regime's keys for one kind of party."""
    docs = {
        "issuer": _EU_ISSUER_DOC,
        "receiver": _EU_RECEIVER_DOC,
        "cloud": {**_EU_RECEIVER_DOC, **_EU_ISSUER_DOC},
    }[role]
    fields: dict[str, Any] = {
        key: _text(text, 300 if key == "vat_exemption_reason" else 100)
        for key, text in docs.items()
    }
    if regime == legal.EU_PEPPOL and role != "receiver":
        fields["access_point"] = _text("sandbox (the demo's) or rest (CAMBILL_PEPPOL_AP_URL)")
    fields["regime"] = _regime(regime)
    kind = "Peppol BIS Billing 3.0" if regime == legal.EU_PEPPOL else "Factur-X EN 16931"
    name = ("EuPeppol" if regime == legal.EU_PEPPOL else "EuFacturx") + role.title()
    return type(name, (Output,), {**fields, "__doc__": f"EN 16931, {kind}, as {role}."})


def _es(role: str) -> type:
    """The documented shape of Spain's Verifactu keys for one kind of party."""
    fields: dict[str, Any] = {"regime": _regime(legal.ES_VERIFACTU)}
    if role != "receiver":
        fields["series"] = _text(
            "Written before cambill's number in the record's NumSerieFactura (with it at "
            "most 60 characters), e.g. A/",
            20,
        )
    if role != "issuer":
        for key in ("vat_category", "vat_exemption_reason"):
            fields[key] = _text(
                _EU_RECEIVER_DOC[key], 300 if key == "vat_exemption_reason" else 100
            )
    name = "EsVerifactu" + role.title()
    return type(name, (Output,), {**fields, "__doc__": f"Spain, AEAT's Verifactu, as {role}."})


def _one_of(name: str, mx: type, co: type) -> PolymorphicProxySerializer:
    role = {"CloudEInvoice": "cloud", "ReceiverEInvoice": "receiver"}.get(name, "issuer")
    return PolymorphicProxySerializer(
        component_name=name,
        serializers={
            legal.NONE: NoRegime,
            legal.MX_CFDI40: mx,
            legal.CO_DIAN: co,
            legal.EU_PEPPOL: _eu(legal.EU_PEPPOL, role),
            legal.EU_FACTURX: _eu(legal.EU_FACTURX, role),
            legal.ES_VERIFACTU: _es(role),
        },
        resource_type_field_name="regime",
    )


class EInvoiceField(serializers.JSONField):
    """The ``einvoice`` object (shape checked by the verb through ``legal``)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError('An object expected, e.g. {"regime": "none"}.')
        return data


@extend_schema_field(_one_of("CloudEInvoice", MxCloud, CoCloud))
class CloudEInvoiceField(EInvoiceField):
    pass


@extend_schema_field(_one_of("ReceiverEInvoice", MxReceiver, CoReceiver))
class ReceiverEInvoiceField(EInvoiceField):
    pass


@extend_schema_field(_one_of("IssuerEInvoice", MxIssuer, CoIssuer))
class IssuerEInvoiceField(EInvoiceField):
    pass


# --- legal data ---------------------------------------------------------------------


class LegalOut(Output):
    legal_name = serializers.CharField()
    tax_id = serializers.CharField(help_text="Compact, as checked for the country")
    street = serializers.CharField()
    city = serializers.CharField()
    region = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2")
    secrets_set = serializers.ListField(
        child=serializers.CharField(),
        help_text="Names of the write-only secrets stored (never their values)",
    )


class CloudLegalOut(LegalOut):
    einvoice = CloudEInvoiceField()


class AccountLegalOut(LegalOut):
    einvoice = ReceiverEInvoiceField()
    secrets_set = None  # type: ignore[assignment]


class ProviderLegalOut(LegalOut):
    name = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    einvoice = IssuerEInvoiceField()


LEGAL_TEXT = ("legal_name", "tax_id", "street", "city", "region", "postal_code", "country")


def legal_input(
    cls_name: str, model_limit: Any, einvoice: type[EInvoiceField], doc: str, **extra: Any
) -> type[Input]:
    """A PATCH body of legal data: the text fields bounded as the model stores them."""
    fields: dict[str, Any] = {
        field: text_of(model_limit(field), required=False, allow_blank=True) for field in LEGAL_TEXT
    }
    attrs = {"__doc__": doc, "__module__": __name__, **extra, **fields}
    attrs["einvoice"] = einvoice(required=False)
    return type(cls_name, (Input,), attrs)


CloudLegalPatchIn = legal_input(
    "CloudLegalPatchIn",
    lambda f: clouds_max_length("Cloud", f),
    CloudEInvoiceField,
    "The cloud's legal data; keys left out are unchanged.",
)
AccountLegalPatchIn = legal_input(
    "AccountLegalPatchIn",
    lambda f: clouds_max_length("Account", f),
    ReceiverEInvoiceField,
    "The account's legal data as a receiver; keys left out are unchanged.",
)
ProviderLegalPatchIn = legal_input(
    "ProviderLegalPatchIn",
    lambda f: einvoice_max_length("ProviderProfile", f),
    IssuerEInvoiceField,
    "The provider's legal data as issuer of wholesale invoices; keys left out are unchanged.",
    name=text_of(einvoice_max_length("ProviderProfile", "name"), required=False),
    email=text_of(
        einvoice_max_length("ProviderProfile", "email"), required=False, allow_blank=True
    ),
    address=text_of(
        einvoice_max_length("ProviderProfile", "address"), required=False, allow_blank=True
    ),
)


# --- certificates -------------------------------------------------------------------


class CredentialOut(Output):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    issuer = serializers.CharField(help_text="The certificate authority")
    serial_number = serializers.CharField(help_text="SAT's certificate number for a CSD")
    tax_id = serializers.CharField(help_text="The holder's tax id the certificate names")
    valid_from = TimeField()
    valid_until = TimeField()
    fingerprint_sha256 = serializers.CharField()
    uploaded_at = TimeField()
    expired = serializers.SerializerMethodField()

    def get_expired(self, obj: Any) -> bool:
        return bool(obj.valid_until <= self.context["now"])


class CredentialUploadIn(Input):
    """A CSD as SAT issues it (``certificate`` and ``private_key``), or ``pkcs12``."""

    certificate = serializers.FileField(
        required=False, help_text="The certificate: DER (.cer, as SAT issues it) or PEM"
    )
    private_key = serializers.FileField(
        required=False, help_text="Its private key: encrypted DER PKCS#8 (.key) or PEM"
    )
    pkcs12 = serializers.FileField(required=False, help_text="Or both in one .p12/.pfx file")
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        trim_whitespace=False,
        write_only=True,
        help_text="The private key's (or the PKCS#12 file's) password",
    )
