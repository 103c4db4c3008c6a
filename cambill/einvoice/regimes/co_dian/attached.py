"""The ``AttachedDocument`` a DIAN issuer sends its buyer: the container holding the
validated document and DIAN's ``ApplicationResponse`` (annex 1.9, section 5.2),
signed by the issuer like the document itself."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lxml import etree

from ...protocol import Credentials, EInvoiceError
from .codes import NS
from .context import COLOMBIA
from .read import text_of as _text
from .schema import validate
from .signature import sign
from .ubl import new_document, signature_placeholder, sub

CONTAINER_TYPE = {
    "Invoice": ("Contenedor de Factura Electrónica", "Factura Electrónica de Venta"),
    "CreditNote": ("Contenedor de Nota Crédito", "Nota Crédito de Factura Electrónica de Venta"),
}


def _copy_party(parent: Any, tag: str, party: Any) -> None:
    """Sender / receiver: the ``PartyTaxScheme`` of the document's own party."""
    out = sub(parent, tag)
    scheme = party.find("cac:Party/cac:PartyTaxScheme", NS)
    if scheme is None:
        return
    copied = sub(out, "cac:PartyTaxScheme")
    for name in ("cbc:RegistrationName", "cbc:CompanyID", "cbc:TaxLevelCode"):
        el = scheme.find(name, NS)
        if el is not None:
            sub(copied, name, el.text, **dict(el.attrib))
    tax_scheme = sub(copied, "cac:TaxScheme")
    sub(tax_scheme, "cbc:ID", _text(scheme, "cac:TaxScheme/cbc:ID"))
    sub(tax_scheme, "cbc:Name", _text(scheme, "cac:TaxScheme/cbc:Name"))


def _attachment(parent: Any, xml: bytes) -> None:
    ref = sub(sub(parent, "cac:Attachment"), "cac:ExternalReference")
    sub(ref, "cbc:MimeCode", "text/xml")
    sub(ref, "cbc:EncodingCode", "UTF-8")
    # as escaped text rather than DIAN's usual CDATA: the same characters once read, and
    # it survives the signer's re-serialization (a CDATA section cannot escape "ó")
    sub(ref, "cbc:Description", xml.decode("utf-8"))


def attached_document(
    document_xml: bytes,
    application_response_xml: bytes,
    credentials: Credentials,
    *,
    signing_time: datetime,
) -> bytes:
    """The signed ``AttachedDocument`` for the buyer (raises ``EInvoiceError`` if it
    fails its schema)."""
    doc = etree.fromstring(document_xml)
    reply = etree.fromstring(application_response_xml)
    local = etree.QName(doc).localname
    container, profile = CONTAINER_TYPE[local]
    root, exts = new_document("ad", "AttachedDocument")
    signature_placeholder(exts)
    number = _text(doc, "cbc:ID")
    local_time = signing_time.astimezone(COLOMBIA)
    sub(root, "cbc:UBLVersionID", "UBL 2.1")
    sub(root, "cbc:CustomizationID", "Documentos adjuntos")
    sub(root, "cbc:ProfileID", profile)
    sub(root, "cbc:ProfileExecutionID", _text(doc, "cbc:ProfileExecutionID"))
    sub(root, "cbc:ID", number)
    sub(root, "cbc:IssueDate", local_time.strftime("%Y-%m-%d"))
    sub(root, "cbc:IssueTime", local_time.strftime("%H:%M:%S") + "-05:00")
    sub(root, "cbc:DocumentType", container)
    sub(root, "cbc:ParentDocumentID", number)
    _copy_party(root, "cac:SenderParty", doc.find("cac:AccountingSupplierParty", NS))
    _copy_party(root, "cac:ReceiverParty", doc.find("cac:AccountingCustomerParty", NS))
    _attachment(root, document_xml)
    line = sub(root, "cac:ParentDocumentLineReference")
    sub(line, "cbc:LineID", "1")
    ref = sub(line, "cac:DocumentReference")
    sub(ref, "cbc:ID", number)
    uuid = doc.find("cbc:UUID", NS)
    sub(
        ref,
        "cbc:UUID",
        uuid.text if uuid is not None else "",
        schemeName=uuid.get("schemeName", "") if uuid is not None else "",
    )
    sub(ref, "cbc:IssueDate", _text(doc, "cbc:IssueDate"))
    sub(ref, "cbc:DocumentType", "ApplicationResponse")
    _attachment(ref, application_response_xml)
    result = sub(ref, "cac:ResultOfVerification")
    sub(result, "cbc:ValidatorID", "Unidad Especial Dirección de Impuestos y Aduanas Nacionales")
    sub(
        result,
        "cbc:ValidationResultCode",
        _text(reply, "cac:DocumentResponse/cac:Response/cbc:ResponseCode"),
    )
    sub(result, "cbc:ValidationDate", _text(reply, "cbc:IssueDate"))
    sub(result, "cbc:ValidationTime", _text(reply, "cbc:IssueTime"))
    xml = sign(
        root,
        certificate_pem=credentials.certificate_pem,
        private_key_pem=credentials.private_key_pem,
        signing_time=local_time,
    )
    issues = validate(xml)
    if issues:
        raise EInvoiceError("CO-SCHEMA", issues)
    return xml
