"""The ``es-verifactu`` regime adapter: an issued invoice's ``RegistroAlta`` (F1, or F2
without the receiver's tax id; a credit note's R1 / R5 with ``TipoRectificativa`` I),
a void's ``RegistroAnulacion``, each chained by its ``Huella`` and valid against
``SuministroLR.xsd``.

The chain itself (the previous record, the generation time, whether the record
corrects a rejected one) comes from ``chain.prepare`` in the issuing transaction, as
``seller.regime_data["verifactu"]``; the adapter stays a pure function of the value.
The ``SistemaInformatico`` block names cambill; its producer and installation come from
the settings ``CAMBILL_VERIFACTU_PRODUCER_NAME``, ``CAMBILL_VERIFACTU_PRODUCER_NIF`` and
``CAMBILL_VERIFACTU_INSTALLATION``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from importlib import metadata
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from ...legal import EU_COUNTRIES as EU
from ...protocol import AuthorityReply, Built, Credentials, EInvoiceError, ValidationIssue
from ...value import EInvoice, TaxSubtotal
from . import huella, records, schema

REGIME = "es-verifactu"
CODE = "es-verifactu"
# EN 16931 VAT categories as AEAT qualifies the operation: subject and not exempt (S1),
# not subject by the place-of-supply rules (N2: a service to an EU business abroad, the
# buyer reverse-charges it), not subject otherwise (N1), exempt (E6: other grounds).
QUALIFICATION = {"S": "S1", "Z": "S1", "AE": "N2", "O": "N1"}
EXEMPT = {"E": "E6"}


def spanish_nif(tax_id: str) -> str:
    """A compact Spanish NIF as AEAT writes it: nine characters, no ``ES`` prefix."""
    text = (tax_id or "").strip().upper().replace(" ", "").replace("-", "")
    return text[2:] if text.startswith("ES") and len(text) == 11 else text


def num_serie(value: EInvoice, number: str | None = None) -> str:
    """``NumSerieFactura``: the issuer's ``series`` written before cambill's number."""
    series = str(value.seller.regime_data.get("series") or "")
    return f"{series}{number if number is not None else value.number}"


def environment() -> str:
    """``sandbox``, ``test`` (AEAT's pre-production) or ``production``."""
    default = "sandbox" if getattr(settings, "CAMBILL_EINVOICE_SANDBOX", False) else "production"
    return str(getattr(settings, "CAMBILL_VERIFACTU_ENVIRONMENT", "") or default)


def system() -> records.System:
    try:
        version = metadata.version("cambill")
    except metadata.PackageNotFoundError:
        version = "0"
    return records.System(
        producer_name=str(getattr(settings, "CAMBILL_VERIFACTU_PRODUCER_NAME", "") or "cambill"),
        producer_nif=str(getattr(settings, "CAMBILL_VERIFACTU_PRODUCER_NIF", "") or ""),
        producer_id="cambill",
        version=version,
        installation=str(getattr(settings, "CAMBILL_VERIFACTU_INSTALLATION", "") or "1"),
    )


def _chain_data(value: EInvoice) -> dict[str, Any]:
    return dict(value.seller.regime_data.get("verifactu") or {})


def _link(data: Any) -> records.Link | None:
    if not data:
        return None
    return records.Link(
        nif=str(data["nif"]),
        num_serie=str(data["num_serie"]),
        fecha=str(data["fecha"]),
        huella=str(data.get("huella") or ""),
    )


def _local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def _recipient(value: EInvoice) -> records.Recipient | None:
    buyer = value.buyer
    if not buyer.tax_id:
        return None
    country = (buyer.address.country or "ES").upper()
    if country == "ES":
        return records.Recipient(name=buyer.name, nif=spanish_nif(buyer.tax_id))
    tax_id = buyer.tax_id.upper()
    if country in EU and not tax_id[:2].isalpha():
        tax_id = ("EL" if country == "GR" else country) + tax_id
    return records.Recipient(
        name=buyer.name, country=country, id_type="02" if country in EU else "06", id=tax_id
    )


def _detalles(value: EInvoice, sign: Decimal) -> tuple[records.Detalle, ...]:
    taxes = value.taxes or (
        TaxSubtotal(
            category="S" if value.tax_total else "Z",
            percent=Decimal(0),
            taxable=value.net,
            amount=value.tax_total,
        ),
    )
    rows = []
    for t in taxes:
        if t.category in EXEMPT:
            rows.append(records.Detalle(base=sign * t.taxable, exempt=EXEMPT[t.category]))
        elif QUALIFICATION.get(t.category, "S1") == "S1":
            rows.append(
                records.Detalle(
                    base=sign * t.taxable, rate=t.percent, cuota=sign * t.amount, qualification="S1"
                )
            )
        else:
            rows.append(
                records.Detalle(base=sign * t.taxable, qualification=QUALIFICATION[t.category])
            )
    return tuple(rows)


def _description(value: EInvoice) -> str:
    if value.kind == "credit_note" and value.reason:
        return value.reason
    text = "; ".join(dict.fromkeys(line.description for line in value.lines if line.description))
    return (value.note or text or value.number)[:500]


def alta(value: EInvoice) -> records.Alta:
    """The ``RegistroAlta`` of an invoice or a credit note."""
    data = _chain_data(value)
    zone = value.time_zone
    generated = data.get("generated_at") or huella.timestamp(value.issued_at, zone)
    recipient = _recipient(value)
    corrective = value.kind == "credit_note"
    sign = Decimal(-1) if corrective else Decimal(1)
    rectified = _link(data.get("rectified"))
    if corrective:
        simplified = bool(data.get("rectified_simplified"))
        tipo = "R5" if simplified else "R1"
    else:
        tipo = "F1" if recipient is not None else "F2"
    return records.Alta(
        issuer_name=value.seller.name,
        nif=spanish_nif(value.seller.tax_id),
        num_serie=num_serie(value),
        fecha=huella.fecha(_local(value.issued_at, zone).date()),
        tipo_factura=tipo,
        tipo_rectificativa="I" if corrective else "",
        rectified=(rectified,) if rectified else (),
        description=_description(value),
        recipient=recipient if tipo not in ("F2", "R5") else None,
        detalles=_detalles(value, sign),
        cuota_total=sign * value.tax_total,
        importe_total=sign * value.total,
        generated_at=generated,
        system=system(),
        previous=_link(data.get("previous")),
        subsanacion=bool(data.get("subsanacion")),
        rechazo_previo=str(data.get("rechazo_previo") or ""),
    )


def anulacion(value: EInvoice) -> records.Anulacion:
    """The ``RegistroAnulacion`` of a voided invoice (its alta named in
    ``regime_data["verifactu"]["annulled"]``)."""
    data = _chain_data(value)
    annulled = _link(data.get("annulled"))
    zone = value.time_zone
    return records.Anulacion(
        nif=spanish_nif(value.seller.tax_id),
        num_serie=annulled.num_serie if annulled else num_serie(value, value.preceding_number),
        fecha=annulled.fecha
        if annulled
        else huella.fecha(_local(value.preceding_issued_at or value.issued_at, zone).date()),
        generated_at=data.get("generated_at") or huella.timestamp(value.issued_at, zone),
        system=system(),
        previous=_link(data.get("previous")),
        sin_registro_previo=bool(data.get("sin_registro_previo")),
        rechazo_previo=bool(data.get("rechazo_previo")),
    )


def check(value: EInvoice) -> list[ValidationIssue]:
    """What AEAT would refuse before anything is built."""
    from stdnum.es import nif as es_nif

    found = []
    seller_nif = spanish_nif(value.seller.tax_id)
    if not es_nif.is_valid(seller_nif):
        found.append(
            ValidationIssue(
                "issuer.tax_id", CODE, _("A Verifactu issuer has a Spanish NIF (nine characters).")
            )
        )
    if value.currency != "EUR":
        found.append(ValidationIssue("currency", CODE, _("Verifactu records are in euros (EUR).")))
    if len(num_serie(value)) > 60:
        found.append(
            ValidationIssue(
                "issuer.einvoice.series",
                CODE,
                _("The series and the number together are at most 60 characters."),
            )
        )
    recipient = _recipient(value) if value.kind in ("invoice", "credit_note") else None
    if recipient is not None and recipient.nif and not es_nif.is_valid(recipient.nif):
        found.append(
            ValidationIssue("receiver.tax_id", CODE, _("This is not a valid Spanish NIF."))
        )
    if len(value.taxes) > 12:
        found.append(ValidationIssue("taxes", CODE, _("At most 12 VAT rows per record.")))
    return found


def build_record(value: EInvoice) -> tuple[bytes, records.Read, str]:
    """The envelope of the value's one record, the record read back, its QR URL."""
    if value.kind == "cancellation":
        element = records.anulacion_element(anulacion(value))
        qr = ""
    else:
        record = alta(value)
        element = records.alta_element(record)
        qr = huella.qr_url(
            record.nif,
            record.num_serie,
            record.fecha,
            huella.money(record.importe_total),
            test=environment() != "production",
        )
    read = records.read(element)
    xml = records.envelope(value.seller.name, spanish_nif(value.seller.tax_id), [element])
    return xml, read, qr


class VerifactuAdapter:
    """Spain's Verifactu (``RegimeAdapter``): records, not signed documents; AEAT's
    web service is reached with the issuer's certificate (mutual TLS)."""

    regime = REGIME

    def check(self, value: EInvoice) -> list[ValidationIssue]:
        return check(value)

    def build(self, value: EInvoice, credentials: Credentials) -> Built:
        issues = check(value)
        if issues:
            raise EInvoiceError(CODE, issues)
        xml, read, qr = build_record(value)
        problems = schema.validate(xml)
        if problems:
            raise EInvoiceError("es-verifactu.xsd", problems)
        fields = read.fields
        return Built(
            xml=xml,
            unique_code=read.huella,
            qr=qr,
            extras={
                "unique_code_name": "Huella",
                "operation": read.operation,
                "nif": read.nif,
                "num_serie": read.num_serie,
                "fecha_expedicion": read.fecha,
                "tipo_factura": getattr(fields, "tipo_factura", ""),
                "cuota_total": getattr(fields, "cuota_total", ""),
                "importe_total": getattr(fields, "importe_total", ""),
                "generated_at": fields.generated_at,
                "previous_huella": fields.previous,
                "subsanacion": "S" if read.subsanacion else "",
                "rechazo_previo": read.rechazo_previo,
                "legend": huella.LEGEND,
            },
        )

    def validate(self, xml: bytes) -> list[ValidationIssue]:
        return schema.validate(xml)

    def accept_reply(self, built: Built, reply: AuthorityReply) -> Built:
        """AEAT keeps the record as sent; its CSV (the submission's receipt) and
        state are kept with the record's extras."""
        if reply.status != "accepted":
            return built
        extras = {**built.extras, "aeat_csv": reply.unique_code, "aeat_state": reply.message}
        return replace(built, unique_code=built.unique_code, extras=extras)
