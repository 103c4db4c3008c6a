"""The issuer's Verifactu chain in the database: the head locked for each new record,
the records appended in the transaction that makes them.

``prepare`` runs before a record is built: it locks the issuer's chain head
(``select_for_update``; made on first use under its unique constraint) and hands the
adapter the previous record, the generation time and what the record refers to (the
invoice a credit note rectifies, the invoice a void annuls, an earlier rejected record
of the same invoice it corrects: ``Subsanacion`` with ``RechazoPrevio`` X). ``append``
stores the record and moves the head, still under the lock: two invoices issued at the
same moment get consecutive links, never two records on one predecessor.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from ...models import (
    DocumentKind,
    DocumentStatus,
    EInvoiceDocument,
    ProviderProfile,
    VerifactuChain,
    VerifactuRecord,
)
from ...value import EInvoice
from . import huella
from .adapter import spanish_nif
from .records import Link


def _cloud_id(issuer: Any) -> int | None:
    return None if issuer is None or isinstance(issuer, ProviderProfile) else int(issuer.pk)


def _chains(cloud_id: int | None, nif: str) -> Any:
    if cloud_id is None:
        return VerifactuChain.objects.filter(cloud__isnull=True, nif=nif)
    return VerifactuChain.objects.filter(cloud_id=cloud_id, nif=nif)


def head(cloud_id: int | None, nif: str, *, lock: bool) -> VerifactuChain | None:
    """The chain head, locked for this transaction when ``lock`` (made if missing)."""
    if not lock:
        return _chains(cloud_id, nif).first()
    found: VerifactuChain | None = _chains(cloud_id, nif).select_for_update().first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            VerifactuChain.objects.create(cloud_id=cloud_id, nif=nif)
    except IntegrityError:
        pass  # made meanwhile by another transaction: wait for its lock below
    chain: VerifactuChain = _chains(cloud_id, nif).select_for_update().get()
    return chain


def _alta_of(chain: VerifactuChain | None, **source: Any) -> VerifactuRecord | None:
    if chain is None:
        return None
    return (
        VerifactuRecord.objects.select_related("document")
        .filter(chain=chain, operation="Alta", **source)
        .order_by("-position")
        .first()
    )


def _void_of(chain: VerifactuChain | None, invoice_id: Any) -> VerifactuRecord | None:
    if chain is None:
        return None
    return (
        VerifactuRecord.objects.select_related("document")
        .filter(chain=chain, operation="Anulacion", document__invoice_id=invoice_id)
        .order_by("-position")
        .first()
    )


def _link(record: VerifactuRecord) -> dict[str, str]:
    return {
        "nif": record.chain.nif,
        "num_serie": record.num_serie,
        "fecha": record.fecha,
        "huella": record.huella,
    }


def prepare(issuer: Any, value: EInvoice, *, now: datetime) -> EInvoice:
    """The value with its chain data (``seller.regime_data["verifactu"]``)."""
    nif = spanish_nif(value.seller.tax_id)
    lock = transaction.get_connection().in_atomic_block
    chain = head(_cloud_id(issuer), nif, lock=lock) if nif else None
    data: dict[str, Any] = {"generated_at": huella.timestamp(now, value.time_zone)}
    if chain is not None and chain.length:
        data["previous"] = asdict(
            Link(
                nif=chain.nif,
                num_serie=chain.last_num_serie,
                fecha=chain.last_fecha,
                huella=chain.last_huella,
            )
        )
    invoice_id = value.source.get("invoice")
    invoice_alta = _alta_of(
        chain, document__invoice_id=invoice_id, document__document=DocumentKind.INVOICE
    )
    if value.kind == "cancellation" and invoice_alta is not None:
        data["annulled"] = _link(invoice_alta)
        if invoice_alta.document.status in (DocumentStatus.REJECTED, DocumentStatus.FAILED):
            # AEAT holds nothing of the invoice it refused
            data["sin_registro_previo"] = True
        earlier = _void_of(chain, invoice_id)
        if earlier is not None and earlier.document.status in (
            DocumentStatus.REJECTED,
            DocumentStatus.FAILED,
        ):
            data["rechazo_previo"] = True  # a new anulación after AEAT refused one
    elif value.kind == "credit_note":
        if invoice_alta is not None:
            data["rectified"] = _link(invoice_alta)
            data["rectified_simplified"] = invoice_alta.tipo_factura == "F2"
        earlier = _alta_of(
            chain,
            document__credit_note_id=value.source.get("credit_note"),
            document__document=DocumentKind.CREDIT_NOTE,
        )
        data.update(_correction(earlier))
    elif value.kind == "invoice":
        data.update(_correction(invoice_alta))
    regime_data = {**value.seller.regime_data, "verifactu": data}
    return replace(value, seller=replace(value.seller, regime_data=regime_data))


def _correction(earlier: VerifactuRecord | None) -> dict[str, Any]:
    """A new record of a document that already has one corrects it (``Subsanacion``);
    AEAT holds nothing of a rejected one (``RechazoPrevio`` X)."""
    if earlier is None:
        return {}
    rejected = earlier.document.status in (DocumentStatus.REJECTED, DocumentStatus.FAILED)
    return {"subsanacion": True, "rechazo_previo": "X" if rejected else ""}


def append(doc: EInvoiceDocument, *, now: datetime) -> VerifactuRecord:
    """Store the document's record as the chain's next link and move the head."""
    extras = doc.extras
    cloud_id = None if doc.level == "wholesale" else doc.cloud_id
    chain = head(cloud_id, str(extras["nif"]), lock=True)
    assert chain is not None
    if str(extras.get("previous_huella") or "") != chain.last_huella:
        # the lock makes this impossible; refuse rather than fork the chain
        raise IntegrityError("verifactu chain moved under a record being appended")
    record = VerifactuRecord.objects.create(
        chain=chain,
        cloud_id=cloud_id,
        document=doc,
        position=chain.length + 1,
        operation=str(extras["operation"]),
        num_serie=str(extras["num_serie"]),
        fecha=str(extras["fecha_expedicion"]),
        tipo_factura=str(extras.get("tipo_factura") or ""),
        cuota_total=str(extras.get("cuota_total") or ""),
        importe_total=str(extras.get("importe_total") or ""),
        generated_at=str(extras["generated_at"]),
        previous_huella=chain.last_huella,
        huella=doc.unique_code,
        subsanacion=bool(extras.get("subsanacion")),
        xml=bytes(doc.xml),
        created_at=now,
    )
    chain.length = record.position
    chain.last_num_serie = record.num_serie
    chain.last_fecha = record.fecha
    chain.last_huella = record.huella
    chain.updated_at = now
    chain.save()
    return record


def last_position(doc: EInvoiceDocument) -> int:
    record = doc.verifactu_records.order_by("-position").first()  # type: ignore[attr-defined]
    return int(record.position) if record is not None else 0
