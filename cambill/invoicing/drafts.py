"""Draft rows of a bill run: the invoice fields, the line rows and the bulk
writes of one chunk of retail drafts or of the wholesale draft.

Called by :mod:`.billrun` inside its chunk transactions (and by the single
invoice regeneration in :mod:`.services`); nothing here commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from cambill.clouds.models import Cloud
from cambill.core.periods import Period
from cambill.einvoice.legal import vat_exemption

from . import bulk, sales_lines
from .inputs import RatingInputs
from .labels import label, language_of
from .models import BillRun, Invoice, InvoiceKind, InvoiceLine, InvoiceStatus
from .rate import LineRow, RatedAccount, retail_rows, wholesale_rows

LINE_BATCH = 2000
INVOICE_BATCH = 1000


def payment_terms_days() -> int:
    return int(getattr(settings, "CAMBILL_PAYMENT_TERMS_DAYS", 15))


def provider_details() -> dict[str, Any]:
    """The provider as issuer of wholesale invoices: its legal data record
    (``einvoice.ProviderProfile``; the ``CAMBILL_PROVIDER_*`` settings before its
    first edit), snapshotted on each invoice."""
    from cambill.branding.selectors import branding_of_provider, document_branding
    from cambill.einvoice.selectors import legal_of, provider_profile

    profile = provider_profile()
    return {
        "name": profile.name,
        "address": profile.address,
        "email": profile.email,
        **legal_of(profile),
        "payment_terms_days": payment_terms_days(),
        "branding": document_branding(branding_of_provider()),
    }


def cloud_details(cloud: Cloud) -> dict[str, Any]:
    from cambill.einvoice.selectors import legal_of

    return {
        "slug": cloud.slug,
        "name": cloud.name,
        "address": cloud.address,
        **legal_of(cloud),
        "payment_terms_days": payment_terms_days(),
    }


def issuer_branding(cloud: Cloud) -> dict[str, str]:
    """The cloud's branding as its retail invoices snapshot it (bank details, note,
    footer, colours), read once per cloud object for a whole chunk of drafts."""
    cached = getattr(cloud, "_issuer_branding", None)
    if cached is None:
        from cambill.branding.selectors import branding_of_cloud, document_branding

        cached = document_branding(branding_of_cloud(cloud))
        cloud._issuer_branding = cached  # type: ignore[attr-defined]
    return cached


def customer_details(account: Any) -> dict[str, Any]:
    """A subscriber account as receiver, snapshotted on its retail invoices."""
    from cambill.einvoice.selectors import legal_of

    return {
        "code": account.code,
        "name": account.name,
        "address": account.address,
        "email": account.email,
        **legal_of(account),
    }


def retail_fields(
    cloud: Cloud, bill_run_id: int | None, period: Period, rated: RatedAccount, now: datetime
) -> dict[str, Any]:
    a = rated.account
    t = rated.totals
    return {
        "bill_run_id": bill_run_id,
        "period_start": period.start,
        "period_end": period.end,
        "currency": cloud.currency,
        "language": language_of(a.language),
        "issuer_name": cloud.legal_name or cloud.name,
        "issuer_details": {**cloud_details(cloud), "branding": issuer_branding(cloud)},
        "customer_name": a.legal_name or a.name,
        "customer_details": customer_details(a),
        "subtotal": t.subtotal,
        "discount": t.discount,
        "net": t.net,
        # 0 % with the printed reason for an account whose VAT category charges none
        "tax_percent": cloud.tax_percent if vat_exemption(a.einvoice) is None else 0,
        "tax": t.tax,
        "total": t.total,
        "tax_note": vat_exemption(a.einvoice) or "",
        "updated_at": now,
    }


UPDATABLE = [
    "bill_run_id",
    "period_start",
    "period_end",
    "currency",
    "language",
    "issuer_name",
    "issuer_details",
    "customer_name",
    "customer_details",
    "subtotal",
    "discount",
    "net",
    "tax_percent",
    "tax",
    "total",
    "tax_note",
    "updated_at",
]


def line_objects(cloud_id: int, invoice_id: int, rows: list[LineRow]) -> list[InvoiceLine]:
    return [
        InvoiceLine(
            cloud_id=cloud_id,
            invoice_id=invoice_id,
            position=i,
            kind=r.kind,
            description=r.description,
            camera=r.camera,
            tariff=r.tariff,
            service=r.service,
            account=r.account,
            date_from=r.date_from,
            date_to=r.date_to,
            days=r.days,
            quantity=r.quantity,
            unit_price=r.unit_price,
            amount=r.amount,
        )
        for i, r in enumerate(rows, start=1)
    ]


def delete_lines(invoice_ids: list[int]) -> None:
    """Drop the lines of drafts being regenerated, without loading them.

    A plain ``.delete()`` would fetch every line to check the credit-note
    PROTECT; drafts never have credit notes (they are issued first).
    """
    for i in range(0, len(invoice_ids), 500):
        qs = InvoiceLine.objects.filter(invoice_id__in=invoice_ids[i : i + 500])
        qs._raw_delete(qs.db)


LINE_COLUMNS = [
    "cloud_id",
    "invoice_id",
    "position",
    "kind",
    "description",
    "camera",
    "tariff",
    "service",
    "account",
    "date_from",
    "date_to",
    "days",
    "quantity",
    "unit_price",
    "amount",
]
INSERT_COLUMNS = [
    "cloud_id",
    "account_id",
    "kind",
    "status",
    "period",
    "created_at",
    "void_reason",
    *UPDATABLE,
]


def line_tuples(cloud_id: int, invoice_id: int, rows: list[LineRow]) -> list[tuple[Any, ...]]:
    return [
        (
            cloud_id,
            invoice_id,
            i,
            r.kind,
            r.description,
            r.camera,
            r.tariff,
            r.service,
            r.account,
            r.date_from,
            r.date_to,
            r.days,
            r.quantity,
            r.unit_price,
            r.amount,
        )
        for i, r in enumerate(rows, start=1)
    ]


def persist_retail_chunk(
    run: BillRun,
    cloud: Cloud,
    period: Period,
    inputs: RatingInputs,
    chunk: list[RatedAccount],
    now: datetime,
) -> tuple[int, int, int]:
    """Write the drafts of ``chunk`` (inside the caller's transaction).

    The existing invoices of the chunk are locked first: an issue racing with
    the run either committed before (the invoice is no longer a draft and is
    left alone) or waits for the chunk's commit.
    """
    ids = [r.account.id for r in chunk]
    existing = {
        account_id: (pk, status)
        for account_id, pk, status in Invoice.objects.select_for_update()
        .filter(cloud=cloud, period=period.key, kind=InvoiceKind.RETAIL, account_id__in=ids)
        .values_list("account_id", "id", "status")
    }
    updates: list[tuple[Any, ...]] = []
    inserts: list[tuple[Any, ...]] = []
    new_rated: list[RatedAccount] = []
    targets: list[tuple[int, RatedAccount, str]] = []
    for rated in chunk:
        fields = retail_fields(cloud, run.pk, period, rated, now)
        pk, status = existing.get(rated.account.id, (0, None))
        if status is None:
            inserts.append(
                (
                    cloud.pk,
                    rated.account.id,
                    InvoiceKind.RETAIL.value,
                    InvoiceStatus.DRAFT.value,
                    period.key,
                    now,
                    "",
                    *(fields[k] for k in UPDATABLE),
                )
            )
            new_rated.append(rated)
        elif status == InvoiceStatus.DRAFT:
            updates.append((pk, *(fields[k] for k in UPDATABLE)))
            targets.append((pk, rated, fields["language"]))
        # issued, paid or void: never changes
    if updates:
        delete_lines([u[0] for u in updates])
        bulk.update_rows(Invoice, UPDATABLE, updates)
    if inserts:
        try:
            with transaction.atomic():
                new_ids = bulk.insert_rows(
                    Invoice, INSERT_COLUMNS, inserts, batch_size=INVOICE_BATCH
                )
        except IntegrityError:
            # Someone created one of these outside this run's lock: take the
            # winners' rows and redo the chunk with them as existing invoices.
            return persist_retail_chunk(run, cloud, period, inputs, chunk, now)
        lang_idx = INSERT_COLUMNS.index("language")
        targets += [
            (pk, r, row[lang_idx]) for pk, r, row in zip(new_ids, new_rated, inserts, strict=True)
        ]
    lines: list[tuple[Any, ...]] = []
    for pk, rated, lang in targets:
        lines.extend(line_tuples(cloud.pk, pk, retail_rows(rated, inputs, lang)))
    bulk.insert_rows_no_ids(InvoiceLine, LINE_COLUMNS, lines, batch_size=LINE_BATCH)
    sales_lines.link_charges({pk: rated for pk, rated, _lang in targets})
    return len(inserts), len(updates), len(lines)


def persist_wholesale(
    bill_run_id: int | None,
    cloud: Cloud,
    period: Period,
    inputs: RatingInputs,
    wholesale: Any,
    now: datetime,
) -> tuple[int, int, int]:
    """Create or regenerate the wholesale draft (inside the caller's transaction);
    an issued one is left alone and a draft without lines is deleted."""
    result, totals = wholesale
    inv = (
        Invoice.objects.select_for_update()
        .filter(cloud=cloud, period=period.key, kind=InvoiceKind.WHOLESALE)
        .first()
    )
    if inv is not None and inv.status != InvoiceStatus.DRAFT:
        return 0, 0, 0
    if not (result.lines or inputs.wholesale_metered or inputs.wholesale_adjustments):
        if inv is not None:
            delete_lines([inv.pk])
            inv.delete()
        return 0, 0, 0
    lang = language_of(getattr(settings, "CAMBILL_PROVIDER_INVOICE_LANGUAGE", "en"))
    if inv is not None:
        lang = inv.language
    fields = {
        "bill_run_id": bill_run_id
        if bill_run_id is not None
        else getattr(inv, "bill_run_id", None),
        "period_start": period.start,
        "period_end": period.end,
        "currency": cloud.currency,
        "language": lang,
        "issuer_name": provider_details()["name"],
        "issuer_details": provider_details(),
        "customer_name": cloud.legal_name or cloud.name,
        "customer_details": cloud_details(cloud),
        "subtotal": totals.subtotal,
        "discount": totals.discount,
        "net": totals.net,
        "tax_percent": cloud.wholesale_tax_percent,
        "tax": totals.tax,
        "total": totals.total,
        "tax_note": label(lang, "reverse_charge") if not cloud.wholesale_tax_percent else "",
        "updated_at": now,
    }
    created = updated = 0
    if inv is None:
        try:
            with transaction.atomic():
                inv = Invoice.objects.create(
                    cloud=cloud,
                    kind=InvoiceKind.WHOLESALE,
                    status=InvoiceStatus.DRAFT,
                    period=period.key,
                    created_at=now,
                    **fields,
                )
                created = 1
        except IntegrityError:
            return persist_wholesale(bill_run_id, cloud, period, inputs, wholesale, now)
    else:
        for k, v in fields.items():
            setattr(inv, k, v)
        inv.save(update_fields=list(fields))
        delete_lines([inv.pk])
        updated = 1
    rows = wholesale_rows(result, inputs, period, lang)
    InvoiceLine.objects.bulk_create(line_objects(cloud.pk, inv.pk, rows))
    return created, updated, len(rows)
