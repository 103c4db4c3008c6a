"""Offline validation against SAT's schemas: ``cfdv40.xsd`` with ``Pagos20.xsd`` and
``TimbreFiscalDigitalv11.xsd`` (and SAT's catalogues they import, ``catCFDI.xsd``).

``Complemento`` holds ``xs:any`` with strict processing, so with the three schemas
in one set the Pagos 2.0 complement and the stamp are validated by their own
schemas inside the document. Each error comes back as a ``ValidationIssue`` whose
``field`` names the datum in cambill's words where there is one
(``buyer.cfdi_use``, ``lines[2].product_code``) and the CFDI path otherwise.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

from ...protocol import ValidationIssue
from . import catalogs as cat

CODE = "cfdv40.xsd"
NS_CANCELACION = "http://cancelacfd.sat.gob.mx"
_UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")

# (element, attribute) of the CFDI -> the datum in cambill's terms
FIELDS = {
    ("Emisor", "Rfc"): "seller.tax_id",
    ("Emisor", "Nombre"): "seller.name",
    ("Emisor", "RegimenFiscal"): "seller.einvoice.tax_regime",
    ("Comprobante", "LugarExpedicion"): "seller.postal_code",
    ("Comprobante", "Moneda"): "currency",
    ("Comprobante", "Serie"): "number",
    ("Comprobante", "Folio"): "number",
    ("Comprobante", "FormaPago"): "payment_method",
    ("Receptor", "Rfc"): "buyer.tax_id",
    ("Receptor", "Nombre"): "buyer.name",
    ("Receptor", "DomicilioFiscalReceptor"): "buyer.postal_code",
    ("Receptor", "RegimenFiscalReceptor"): "buyer.einvoice.tax_regime",
    ("Receptor", "UsoCFDI"): "buyer.einvoice.cfdi_use",
    ("Concepto", "ClaveProdServ"): "product_code",
    ("Concepto", "ClaveUnidad"): "unit_code",
    ("Concepto", "Descripcion"): "description",
    ("Concepto", "Cantidad"): "quantity",
    ("Pago", "FormaDePagoP"): "payment_method",
    ("DoctoRelacionado", "IdDocumento"): "invoice_unique_code",
    ("CfdiRelacionado", "UUID"): "preceding_unique_code",
}

_ELEMENT = re.compile(
    r"Element '(?:\{[^}]*\})?(?P<element>[^']+)'(?:, attribute '(?P<attribute>[^']+)')?"
)
_SET = re.compile(r"is not an element of the set \{.*\}", re.DOTALL)
_INDEX = re.compile(r"Concepto\[(\d+)\]")


@cache
def schema() -> etree.XMLSchema:
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{Path(path).as_uri()}"/>'
        for ns, path in (
            (cat.NS_CFDI, cat.CFDV40_XSD),
            (cat.NS_PAGOS, cat.PAGOS20_XSD),
            (cat.NS_TFD, cat.TFD11_XSD),
        )
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


def _field(element: str, attribute: str, path: str) -> str:
    name = FIELDS.get((element, attribute or ""))
    if name and element == "Concepto":
        match = _INDEX.search(path)
        return f"lines[{int(match.group(1)) - 1 if match else 0}].{name}"
    if name and element in ("Pago", "DoctoRelacionado"):
        return f"payment.{name}"
    if name:
        return name
    where = re.sub(r"\w+:", "", path or "").strip("/") or element
    return f"{where}/@{attribute}" if attribute else where


def issues_of(log: etree._ListErrorLog) -> list[ValidationIssue]:
    out = []
    for error in log:
        match = _ELEMENT.search(error.message)
        element = match.group("element") if match else ""
        attribute = (match.group("attribute") or "") if match else ""
        message = _SET.sub(_("is not in SAT's catalogue"), error.message)
        out.append(
            ValidationIssue(
                field=_field(element, attribute, error.path or ""), code=CODE, message=message
            )
        )
    return out


def validate(xml: bytes) -> list[ValidationIssue]:
    """Every error of the document against SAT's schemas (empty: valid)."""
    try:
        document = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [
            ValidationIssue(field="xml", code=CODE, message=_("Not well-formed XML: %s") % error)
        ]
    if document.tag == f"{{{NS_CANCELACION}}}Cancelacion":
        return _cancellation_issues(document)
    xsd = schema()
    if xsd.validate(document):
        return []
    return issues_of(xsd.error_log)


def _cancellation_issues(document: etree._Element) -> list[ValidationIssue]:
    """SAT's cancellation request (SAT publishes no schema for it beside its WSDL):
    the issuer, each folio's UUID and motivo, the replacement a motivo 01 needs, the
    issuer's XMLDSig signature."""
    code = "mx-cfdi40.cancelacion"
    out = []
    if not re.fullmatch(r"[A-Z&Ñ]{3,4}\d{6}[A-Z0-9]{3}", document.get("RfcEmisor", "")):
        out.append(
            ValidationIssue("seller.tax_id", code, _("The issuer's RFC is missing or not valid."))
        )
    folios = document.findall(f"{{{NS_CANCELACION}}}Folios/{{{NS_CANCELACION}}}Folio")
    if not folios:
        out.append(
            ValidationIssue("preceding_unique_code", code, _("The request cancels no UUID."))
        )
    for folio in folios:
        motivo = folio.get("Motivo", "")
        if not _UUID.match(folio.get("UUID", "")):
            out.append(
                ValidationIssue(
                    "preceding_unique_code", code, _("The UUID to cancel is not valid.")
                )
            )
        if motivo not in cat.MOTIVOS:
            out.append(ValidationIssue("reason_code", code, _("The motivo is not SAT's 01 to 04.")))
        if (motivo == "01") != bool(_UUID.match(folio.get("FolioSustitucion", ""))):
            out.append(
                ValidationIssue(
                    "replacement_unique_code",
                    code,
                    _("A replacing UUID goes with motivo 01, and only with it."),
                )
            )
    if document.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is None:
        out.append(ValidationIssue("xml", code, _("The request is not signed.")))
    return out
