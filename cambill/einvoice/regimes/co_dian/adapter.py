"""The co-dian regime adapter: DIAN's electronic sales invoice and credit note."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from cryptography import x509
from django.utils.translation import gettext as _

from ...protocol import AuthorityReply, Built, Credentials, EInvoiceError, ValidationIssue
from ...value import EInvoice
from . import schema, signature, ubl
from .context import Context, prepare

REGIME = "co-dian"


def _certificate_issues(credentials: Credentials, at: datetime) -> list[ValidationIssue]:
    try:
        cert = x509.load_pem_x509_certificate(credentials.certificate_pem)
    except ValueError:
        return [
            ValidationIssue(
                "credentials.certificate", "CO-CERTIFICATE", _("The certificate is not PEM X.509.")
            )
        ]
    if not cert.not_valid_before_utc <= at <= cert.not_valid_after_utc:
        return [
            ValidationIssue(
                "credentials.certificate",
                "CO-CERTIFICATE",
                _(
                    "The signing certificate is valid from %(start)s to %(end)s, "
                    "not on the issue date %(date)s."
                )
                % {
                    "start": f"{cert.not_valid_before_utc:%Y-%m-%d}",
                    "end": f"{cert.not_valid_after_utc:%Y-%m-%d}",
                    "date": f"{at:%Y-%m-%d}",
                },
            )
        ]
    return []


def legend(ctx: Context) -> str:
    """The legal text the printed document carries, in Spanish as DIAN requires it."""
    if ctx.resolution is None:
        return "Nota crédito electrónica de factura electrónica de venta."
    res = ctx.resolution
    return (
        f"Factura electrónica de venta. Autorización de numeración de facturación DIAN "
        f"No. {res.number} del {res.valid_from.isoformat()}, vigente hasta "
        f"{res.valid_until.isoformat()}, prefijo {res.prefix or '-'} del {res.range_from} "
        f"al {res.range_to}."
    )


class DianAdapter:
    """``RegimeAdapter`` for Colombia's DIAN (UBL 2.1, annex 1.9)."""

    regime = REGIME

    def check(self, value: EInvoice) -> list[ValidationIssue]:
        """Every missing or wrong datum, before the keys are decrypted."""
        return prepare(value)[1]

    def build(self, value: EInvoice, credentials: Credentials) -> Built:
        """The signed, schema-valid document; ``EInvoiceError`` names every reason it
        cannot be (``CO-DATA``: legal data, ``CO-CERTIFICATE``, ``CO-SCHEMA``)."""
        ctx, issues = prepare(value, credentials.secrets)
        if ctx is None:
            raise EInvoiceError("CO-DATA", issues)
        cert_issues = _certificate_issues(credentials, value.issued_at)
        if cert_issues:
            raise EInvoiceError("CO-CERTIFICATE", cert_issues)
        unsigned = ubl.build(ctx)
        xml = signature.sign(
            unsigned.root,
            certificate_pem=credentials.certificate_pem,
            private_key_pem=credentials.private_key_pem,
            signing_time=ctx.local,
        )
        problems = schema.validate(xml)
        if problems:
            raise EInvoiceError("CO-SCHEMA", problems)
        return Built(
            xml=xml,
            unique_code=unsigned.unique_code,
            qr=unsigned.qr,
            extras={
                "unique_code_name": "CUFE" if value.kind == "invoice" else "CUDE",
                "qr_url": unsigned.qr_url,
                "issue_date": ctx.issue_date,
                "issue_time": ctx.issue_time,
                "software_security_code": unsigned.security_code,
                "environment": ctx.environment,
                "test_set_id": ctx.test_set_id,
                "legend": legend(ctx),
            },
        )

    def validate(self, xml: bytes) -> list[ValidationIssue]:
        return schema.validate(xml)

    def accept_reply(self, built: Built, reply: AuthorityReply) -> Built:
        """DIAN returns no new document: the one sent stays as it is; the extras
        record DIAN's verdict (the ApplicationResponse is kept with the reply)."""
        if reply.status != "accepted":
            return built
        return replace(
            built,
            extras={**built.extras, "dian_status": "accepted", "dian_message": reply.message},
        )
