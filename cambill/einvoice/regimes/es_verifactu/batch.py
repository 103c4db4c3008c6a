"""Verifactu records go to AEAT in batches: the document a job claimed takes with it the
other signed records of its issuer that are due (each claimed by the same conditional
UPDATE as a single submission, so nobody sends one twice), up to AEAT's 1000, in chain
order, in one ``RegFactuSistemaFacturacion``; AEAT's answer is recorded per record.

AEAT receives a chain in its order: a batch whose first record comes after one still
waiting or in flight with another worker steps back (its documents signed again, due at
once, the attempt not counted); whoever sends the earlier record then sends what is due
after it, and the schedule (``einvoice.submit_due``) picks up anything left."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Max, Q

from ... import issuing
from ...models import DocumentStatus, EInvoiceDocument
from ...protocol import AuthorityReply, EInvoiceError
from ...services import credentials_for
from .adapter import REGIME
from .chain import last_position
from .client import Answer, parse
from .records import envelope, read, records_of

BATCH = 1000


def _companions(doc: EInvoiceDocument, now: datetime) -> list[EInvoiceDocument]:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    same = EInvoiceDocument.objects.filter(
        regime=REGIME, level=doc.level, status=DocumentStatus.SIGNED
    ).filter(due)
    if doc.level != "wholesale":
        same = same.filter(cloud_id=doc.cloud_id)
    taken = []
    for pk in (
        same.exclude(pk=doc.pk)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[: BATCH - 1]
    ):
        claimed = issuing._claim(pk, now)
        if claimed is not None:
            taken.append(claimed)
    return taken


def _waits_for_earlier(batch: list[EInvoiceDocument]) -> bool:
    """Is a record before this batch's first still to be sent, or with another worker?"""
    first = batch[0].verifactu_records.order_by("-position").first()  # type: ignore[attr-defined]
    if first is None:
        return False
    return (
        EInvoiceDocument.objects.filter(
            verifactu_records__chain_id=first.chain_id,
            status__in=[DocumentStatus.SIGNED, DocumentStatus.SUBMITTED],
        )
        .exclude(pk__in=[d.pk for d in batch])
        .annotate(last=Max("verifactu_records__position"))
        .filter(last__lt=first.position)
        .exists()
    )


def _step_back(batch: list[EInvoiceDocument], now: datetime) -> None:
    EInvoiceDocument.objects.filter(
        pk__in=[d.pk for d in batch], status=DocumentStatus.SUBMITTED
    ).update(
        status=DocumentStatus.SIGNED,
        attempts=F("attempts") - 1,
        next_attempt_at=now,
        updated_at=now,
    )


def _next_due(doc: EInvoiceDocument, now: datetime) -> int | None:
    same = EInvoiceDocument.objects.filter(
        regime=REGIME, level=doc.level, status=DocumentStatus.SIGNED, next_attempt_at__lte=now
    )
    if doc.level != "wholesale":
        same = same.filter(cloud_id=doc.cloud_id)
    return same.order_by("created_at", "id").values_list("pk", flat=True).first()


def submit(doc: EInvoiceDocument, now: datetime, *, follow: int = 3) -> EInvoiceDocument:
    """Send ``doc`` (claimed) and its issuer's other due records; record every answer;
    then what stepped back behind them."""
    batch = sorted([doc, *_companions(doc, now)], key=last_position)
    if _waits_for_earlier(batch):
        _step_back(batch, now)
        doc.refresh_from_db()
        return doc
    mine = _send(doc, batch, now)
    following = _next_due(doc, now) if follow else None
    if following is not None:
        claimed = issuing._claim(following, now)
        if claimed is not None:
            submit(claimed, now, follow=follow - 1)
    return mine


def _send(doc: EInvoiceDocument, batch: list[EInvoiceDocument], now: datetime) -> EInvoiceDocument:
    elements = [records_of(bytes(d.xml))[0] for d in batch]
    issuer = issuing._issuer_of_document(doc)
    first = read(elements[0])
    body = envelope(str(getattr(issuer, "legal_name", "") or issuer.name), first.nif, elements)
    try:
        client = issuing.authority_for(REGIME, issuer, credentials_for(issuer, now=now))
        answer = parse(client.send(body))  # type: ignore[attr-defined]
    except EInvoiceError as e:
        refusal = AuthorityReply(
            status="rejected",
            codes=tuple(sorted({i.code for i in e.issues})),
            message="; ".join(f"{i.field}: {i.message}" for i in e.issues),
        )
        answer = Answer(csv="", state="", fault=refusal)
    except Exception as e:  # the network: AEAT did not answer
        issuing.log.exception("verifactu batch of document %s: submission failed", doc.pk)
        answer = Answer(
            csv="", state="", fault=AuthorityReply(status="unavailable", message=str(e)[:500])
        )
    mine = doc
    for d, element in zip(batch, elements, strict=True):
        record = read(element)
        recorded = issuing._record_reply(
            d.pk, answer.reply_for(record.operation, record.num_serie), now
        )
        if d.pk == doc.pk:
            mine = recorded
    return mine
