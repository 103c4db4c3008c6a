"""The ``mx-cfdi40`` regime adapter: check, build and sign, validate, accept a PAC's stamp."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ...protocol import AuthorityReply, Built, Credentials, EInvoiceError, ValidationIssue
from ...value import EInvoice
from . import catalogs as cat
from .build import comprobante, local_time
from .check import check
from .sign import cadena_original, sign
from .stamp import cancellation_request, qr_text, timbre
from .validate import validate

REGIME = "mx-cfdi40"


class Cfdi40Adapter:
    """Mexico's CFDI 4.0 through a PAC (``RegimeAdapter``)."""

    regime = REGIME

    def check(self, value: EInvoice) -> list[ValidationIssue]:
        return check(value)

    def build(self, value: EInvoice, credentials: Credentials) -> Built:
        """The sealed CFDI (unstamped: the PAC adds the UUID), or for a cancellation
        SAT's signed ``Cancelacion`` request."""
        issues = check(value)
        if issues:
            raise EInvoiceError("mx-cfdi40.check", issues)
        if value.kind == "cancellation":
            motivo = value.reason_code or cat.MOTIVO_DEFAULT
            xml = cancellation_request(
                credentials,
                value.preceding_unique_code,
                motivo,
                value.replacement_unique_code,
                at=local_time(value.issued_at, value.time_zone),
            )
            issues = validate(xml)
            if issues:
                raise EInvoiceError("mx-cfdi40.cancelacion", issues)
            return Built(
                xml=xml,
                unique_code=value.preceding_unique_code.upper(),
                qr="",
                extras={
                    "motivo": motivo,
                    "folio_sustitucion": value.replacement_unique_code.upper(),
                },
            )
        document = sign(comprobante(value), credentials)
        xml = bytes(document.xml_bytes())
        issues = validate(xml)
        if issues:
            raise EInvoiceError("mx-cfdi40.xsd", issues)
        return Built(
            xml=xml,
            unique_code="",
            qr="",
            extras={
                "cadena_original": cadena_original(xml),
                "sello": str(document["Sello"]),
                "no_certificado": str(document["NoCertificado"]),
                "serie": str(document.get("Serie") or ""),
                "folio": str(document.get("Folio") or ""),
                "tipo": str(document["TipoDeComprobante"]),
                "metodo_pago": str(document.get("MetodoPago") or ""),
                "forma_pago": str(document.get("FormaPago") or ""),
            },
        )

    def validate(self, xml: bytes) -> list[ValidationIssue]:
        return validate(xml)

    def accept_reply(self, built: Built, reply: AuthorityReply) -> Built:
        """A stamped CFDI: the PAC's XML with its ``TimbreFiscalDigital``, the UUID,
        SAT's QR text and the stamp's seals for the printed version. Other replies
        leave the document as it was."""
        if reply.status != "accepted" or not reply.xml:
            return built
        stamp = timbre(reply.xml)
        if stamp is None:
            raise EInvoiceError(
                "mx-cfdi40.stamp",
                [
                    ValidationIssue(
                        "xml", "mx-cfdi40.stamp", _("The PAC's reply has no TimbreFiscalDigital.")
                    )
                ],
            )
        sello = built.extras.get("sello", "")
        if sello and stamp.sello_cfd != sello:
            raise EInvoiceError(
                "mx-cfdi40.stamp",
                [
                    ValidationIssue(
                        "xml",
                        "mx-cfdi40.stamp",
                        _("The PAC stamped another document than the one sent."),
                    )
                ],
            )
        issues = validate(reply.xml)
        if issues:
            raise EInvoiceError("mx-cfdi40.xsd", issues)
        return Built(
            xml=reply.xml,
            unique_code=stamp.uuid.upper(),
            qr=qr_text(reply.xml),
            extras={
                **built.extras,
                "uuid": stamp.uuid.upper(),
                "fecha_timbrado": stamp.fecha_timbrado,
                "rfc_prov_certif": stamp.rfc_prov_certif,
                "no_certificado_sat": stamp.no_certificado_sat,
                "sello_sat": stamp.sello_sat,
                "cadena_tfd": stamp.cadena,
            },
        )
