"""The Factur-X PDF: the invoice's printed PDF written as PDF/A-3b by WeasyPrint with
the validated CII embedded as ``factur-x.xml`` (``/AFRelationship /Alternative``) and
the XMP metadata Factur-X requires (its PDF/A extension schema and the ``fx:``
properties: document type, file name, version, conformance level EN 16931)."""

from __future__ import annotations

from typing import Any

FILENAME = "factur-x.xml"
FX_NS = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
LEVEL = "EN 16931"

_PROPS = (
    ("DocumentFileName", "The name of the embedded XML document"),
    ("DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE"),
    ("Version", "The actual version of the standard applying to the embedded XML document"),
    ("ConformanceLevel", "The conformance level of the embedded XML document"),
)


def xmp(document_type: str = "INVOICE") -> bytes:
    """The XMP packet's Factur-X part (WeasyPrint writes it inside its own xmpmeta)."""
    props = "".join(
        "<rdf:li rdf:parseType='Resource'>"
        f"<pdfaProperty:name>{name}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>{text}</pdfaProperty:description>"
        "</rdf:li>"
        for name, text in _PROPS
    )
    return (
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        "<rdf:Description rdf:about='' "
        "xmlns:pdfaExtension='http://www.aiim.org/pdfa/ns/extension/' "
        "xmlns:pdfaSchema='http://www.aiim.org/pdfa/ns/schema#' "
        "xmlns:pdfaProperty='http://www.aiim.org/pdfa/ns/property#'>"
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType='Resource'>"
        "<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{FX_NS}</pdfaSchema:namespaceURI>"
        "<pdfaSchema:prefix>fx</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
        f"<rdf:Description rdf:about='' xmlns:fx='{FX_NS}'>"
        f"<fx:DocumentType>{document_type}</fx:DocumentType>"
        f"<fx:DocumentFileName>{FILENAME}</fx:DocumentFileName>"
        "<fx:Version>1.0</fx:Version>"
        f"<fx:ConformanceLevel>{LEVEL}</fx:ConformanceLevel>"
        "</rdf:Description></rdf:RDF>"
    ).encode()


def write(document: Any, xml: bytes, *, title: str = "") -> bytes:
    """A laid-out WeasyPrint ``Document`` as a Factur-X PDF/A-3b carrying ``xml``."""
    from weasyprint import Attachment

    metadata = document.metadata
    metadata.attachments = [
        *[a for a in metadata.attachments if getattr(a, "name", "") != FILENAME],
        Attachment(
            string=xml,
            name=FILENAME,
            description="Factur-X invoice (EN 16931)",
            relationship="Alternative",
        ),
    ]
    metadata.xmp_metadata = [xmp()]
    if title and not metadata.title:
        metadata.title = title
    return document.write_pdf(pdf_variant="pdf/a-3b")  # type: ignore[no-any-return]


def embedded(pdf: bytes) -> tuple[str, bytes]:
    """The embedded XML as the ``factur-x`` library reads it: (file name, bytes)."""
    from facturx import get_facturx_xml_from_pdf

    name, xml = get_facturx_xml_from_pdf(pdf, check_xsd=False)
    return str(name or ""), bytes(xml or b"")
