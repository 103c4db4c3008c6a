"""What the printed invoice (PDF) and its e-mail carry of an accepted legal document:
the unique code (UUID, CUFE), the QR as an inline PNG, the seals and the legends the
regime requires (in Spanish: SAT and DIAN prescribe them so)."""

from __future__ import annotations

import base64
import io
from typing import Any

from . import legal
from .selectors import accepted_invoice_document, document_xml, invoice_document_waiting

CFDI_LEGEND = "Este documento es una representación impresa de un CFDI"
VERIFACTU_LEGEND = "VERI*FACTU"


def qr_data_uri(text: str) -> str:
    import qrcode

    image = qrcode.make(text, box_size=4, border=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def printed(doc: Any) -> dict[str, Any]:
    """The printed block of one accepted document."""
    extras = dict(doc.extras or {})
    out: dict[str, Any] = {
        "regime": doc.regime,
        "status": doc.status,
        "unique_code": doc.unique_code,
        "qr": doc.qr,
        "qr_image": qr_data_uri(doc.qr) if doc.qr else "",
        "fields": [],
        "legends": [],
    }
    if doc.regime == legal.MX_CFDI40:
        out["code_name"] = "Folio fiscal (UUID)"
        out["fields"] = [
            ("No. de serie del CSD", extras.get("no_certificado", "")),
            ("No. de serie del certificado del SAT", extras.get("no_certificado_sat", "")),
            ("Fecha y hora de certificación", extras.get("fecha_timbrado", "")),
            ("RFC del proveedor de certificación", extras.get("rfc_prov_certif", "")),
            ("Método de pago", extras.get("metodo_pago", "")),
            ("Forma de pago", extras.get("forma_pago", "")),
            ("Sello digital del CFDI", extras.get("sello", "")),
            ("Sello digital del SAT", extras.get("sello_sat", "")),
            (
                "Cadena original del complemento de certificación digital del SAT",
                extras.get("cadena_tfd", ""),
            ),
        ]
        out["legends"] = [CFDI_LEGEND]
    elif doc.regime == legal.CO_DIAN:
        out["code_name"] = extras.get("unique_code_name") or "CUFE"
        out["fields"] = [
            ("Número", doc.number),
            (
                "Fecha de validación",
                f"{extras.get('issue_date', '')} {extras.get('issue_time', '')}",
            ),
            ("Código de seguridad del software", extras.get("software_security_code", "")),
        ]
        out["legends"] = [t for t in [extras.get("legend", "")] if t]
    elif doc.regime == legal.ES_VERIFACTU:
        # the QR to AEAT's checking service under "QR tributario", the VERI*FACTU legend
        out["code_name"] = "Huella (SHA-256)"
        out["fields"] = [
            ("QR tributario", doc.qr),
            ("Número de serie", extras.get("num_serie", "")),
            ("Fecha de expedición", extras.get("fecha_expedicion", "")),
            ("CSV de la AEAT", extras.get("aeat_csv", "")),
        ]
        out["legends"] = [VERIFACTU_LEGEND, "Factura verificable en la sede electrónica de la AEAT"]
    elif doc.regime in legal.EN16931_REGIMES:
        # EN 16931: no authority's stamp; the delivery's id (Peppol) or the XML's
        # fingerprint (Factur-X), and the exemption reason of a VAT-free invoice
        from django.utils.translation import gettext as _

        peppol = doc.regime == legal.EU_PEPPOL
        out["code_name"] = _("Peppol transmission") if peppol else _("Factur-X (EN 16931) SHA-256")
        out["fields"] = [
            (_("VAT category"), extras.get("vat_category", "")),
            (_("VAT exemption reason"), extras.get("vat_exemption_reason", "")),
            (_("Buyer reference"), extras.get("buyer_reference", "")),
            (_("Order reference"), extras.get("order_reference", "")),
        ]
        out["legends"] = [t for t in [extras.get("vat_exemption_reason", "")] if t]
    out["fields"] = [(k, v) for k, v in out["fields"] if v]
    return out


def document_facturx_xml(doc: Any) -> bytes | None:
    """The CII of an accepted Factur-X document (what its PDF embeds), else None."""
    if doc is None or doc.regime != legal.EU_FACTURX or doc.status not in ("accepted", "cancelled"):
        return None
    return document_xml(doc)


def facturx_pdf(invoice: Any, document: Any) -> bytes | None:
    """The invoice's laid-out PDF as Factur-X (PDF/A-3b with ``factur-x.xml``) when its
    legal document is an accepted Factur-X one; ``None`` otherwise (a plain PDF)."""
    xml = document_facturx_xml(accepted_invoice_document(invoice))
    if xml is None:
        return None
    from .regimes.eu_facturx.pdf import write

    return write(document, xml, title=f"{invoice.number}")


def invoice_printed(invoice: Any) -> dict[str, Any] | None:
    """The printed block of an invoice's accepted document, or None."""
    doc = accepted_invoice_document(invoice)
    return printed(doc) if doc is not None else None


class LegalDocumentPending(Exception):
    """The invoice's legal document is not accepted yet: its e-mail waits (the outbox
    tries again with backoff), so a subscriber never gets a PDF without legal effect."""


def _attached(doc: Any) -> bytes:
    """DIAN's AttachedDocument for the buyer: the invoice as accepted with DIAN's
    ApplicationResponse, signed by the issuer."""
    from cambill.core import clock

    from .issuing import issuer_of
    from .regimes.co_dian import attached_document
    from .services import credentials_for

    issuer = issuer_of(doc.invoice)
    return attached_document(
        bytes(doc.xml),
        str(doc.extras["application_response"]).encode("utf-8"),
        credentials_for(issuer),
        signing_time=clock.now(),
    )


def invoice_xml_attachment(invoice: Any) -> tuple[str, bytes] | None:
    """The accepted XML (a stamped CFDI, DIAN's document) to attach to the e-mail;
    ``None`` when the invoice has no legal document (its issuer has no regime)."""
    doc = accepted_invoice_document(invoice)
    if doc is not None and doc.regime == legal.EU_FACTURX:
        return None  # the PDF carries it (factur-x.xml), nothing else to attach
    if doc is not None and doc.regime == legal.CO_DIAN and doc.extras.get("application_response"):
        return f"{doc.number or invoice.number}-attached.xml", _attached(doc)
    if doc is not None:
        return f"{invoice.number or doc.pk}.xml", document_xml(doc)
    waiting = invoice_document_waiting(invoice)
    if waiting is not None:
        raise LegalDocumentPending(
            f"the legal e-invoice of {invoice.number} is {waiting.status}, not accepted yet"
        )
    return None


def document_pdf(doc: Any) -> tuple[str, bytes] | None:
    """The PDF of a legal document: an invoice's is the printed invoice with its legal
    block (a Factur-X one is PDF/A-3 with ``factur-x.xml``); a Factur-X credit note or
    void is its own PDF/A-3; ``None`` for the other documents, which have no printed
    form of their own."""
    if (
        doc.regime == legal.EU_FACTURX
        and doc.document in ("credit_note", "cancellation")
        and doc.status == "accepted"
    ):
        # a Factur-X credit note (or void) is a PDF/A-3 of its own, made from its CII
        from .regimes.eu_facturx.credit_pdf import render

        language = getattr(doc.invoice, "language", "") or "en"
        return f"{doc.number or doc.pk}.pdf", render(document_xml(doc), language=language)
    if doc.document != "invoice" or doc.invoice_id is None:
        return None
    from cambill.invoicing.pdf import pdf_filename, render_invoice_pdf
    from cambill.invoicing.selectors import credit_notes_of

    invoice = doc.invoice
    return pdf_filename(invoice), render_invoice_pdf(invoice, list(credit_notes_of(invoice)))
