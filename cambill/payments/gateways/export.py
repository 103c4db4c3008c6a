"""The export adapter: per period the open retail invoices as CSV/JSON for the
operator's own gateway, and ``charges_import`` of its results
(``invoice,status,amount,reference``, an optional ``currency``), all or nothing: one
bad row refuses the file, line by line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from cambill.clouds.models import Cloud
from cambill.core import clock, csvin, tabular
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, validation
from cambill.core.money import money_text
from cambill.core.periods import BadPeriod, Period
from cambill.core.permissions import require
from cambill.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

from ..models import (
    ChargeAttempt,
    GatewayKind,
    PaymentMethod,
)
from .charging import _emit_failed

# --- the export adapter ------------------------------------------------------------------

EXPORT_FIELDS = ["invoice", "account", "customer", "amount", "currency", "due_at", "reference"]
IMPORT_FIELDS = ["invoice", "status", "amount", "reference"]


def charges_export(*, actor: Actor, cloud: Cloud, period: str) -> list[dict[str, str]]:
    """Open retail invoices of ``period`` (YYYY-MM) with the amount to charge."""
    from ..services import invoice_open_amount

    require(actor, "payment.manage", cloud)
    try:
        Period.parse(period, cloud.timezone)
    except (BadPeriod, ValueError, TypeError):
        raise validation("period", gettext("Give a month as YYYY-MM.")) from None
    rows = []
    for inv in (
        Invoice.objects.filter(
            cloud=cloud, kind=InvoiceKind.RETAIL, status=InvoiceStatus.ISSUED, period=period
        )
        .select_related("account")
        .order_by("number")
    ):
        amount = invoice_open_amount(inv)
        if amount <= 0:
            continue
        rows.append(
            {
                "invoice": inv.number or "",
                "account": inv.account.code if inv.account else "",
                "customer": inv.customer_name,
                "amount": money_text(amount, inv.currency),
                "currency": inv.currency,
                "due_at": inv.due_at.isoformat() if inv.due_at else "",
                "reference": inv.number or "",
            }
        )
    return rows


def rows_to_csv(rows: list[dict[str, str]], fields: list[str]) -> str:
    """The charges file as CSV (:mod:`cambill.core.tabular`): a customer name a
    spreadsheet would run as a formula is neutralised, the amount is an exact
    number in the currency's minor unit."""

    def cell(row: dict[str, str], field: str) -> Any:
        value = row.get(field, "")
        if field == "amount" and value:
            return tabular.money(Decimal(value), row["currency"])
        return value

    return tabular.csv_text(
        fields, ([cell(r, f) for f in fields] for r in rows), lineterminator="\n"
    )


def rows_to_json(rows: list[dict[str, str]]) -> str:
    return json.dumps(rows, indent=2)


SUCCEEDED = ("succeeded", "paid", "success")
FAILED = ("failed", "declined", "error")
# Optional columns of a results file: the gateway may echo the currency it charged in.
IMPORT_OPTIONAL = ["currency"]
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class _Rows:
    """The rows of a results file: ``(position, row)`` with the position the
    line of a CSV file (the header is line 1) or the item of a JSON list."""

    kind: str  # "line" or "item"
    rows: list[tuple[int, dict[str, str]]]


def _parse_results(content: str | bytes, errors: csvin.LineErrors) -> _Rows:
    """The rows of a results file (:mod:`cambill.core.csvin` for CSV)."""
    text = csvin.decode(content)
    wanted = IMPORT_FIELDS + IMPORT_OPTIONAL
    if text.lstrip().startswith("["):
        from cambill.core import jsonin

        try:
            data = jsonin.loads(text)
        except ValueError:  # jsonin.BadJSON: not JSON, too deep, unstorable text
            raise csvin.file_error(gettext("Not valid JSON.")) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise csvin.file_error(gettext("A JSON list of objects."))
        errors.where = "item"
        return _Rows(
            "item",
            [
                (i, {k: str(r.get(k, "") or "").strip() for k in wanted})
                for i, r in enumerate(data, start=1)
            ],
        )
    table = csvin.read(text, required=IMPORT_FIELDS, optional=IMPORT_OPTIONAL, unknown="ignore")
    return _Rows(
        "line",
        [(r.line, {k: r[k] for k in wanted}) for r in csvin.rows_checked(table, errors)],
    )


@dataclass(frozen=True)
class _Result:
    """One checked row of a results file."""

    where: str
    row: dict[str, str]
    invoice: Invoice
    paid: bool
    amount: Decimal


def _check_results(cloud: Cloud, parsed: _Rows, errors: csvin.LineErrors) -> list[_Result]:
    """Every row checked before anything is written; the problems noted by line and column."""
    from ..services import check_money

    rows = parsed.rows
    numbers = sorted({r["invoice"] for _, r in rows if r["invoice"]})
    invoices: dict[str, Invoice] = {}
    for i in range(0, len(numbers), LOOKUP_CHUNK):  # a period's file may name every account
        for inv in Invoice.objects.filter(
            cloud=cloud, kind=InvoiceKind.RETAIL, number__in=numbers[i : i + LOOKUP_CHUNK]
        ).select_related("account", "cloud"):
            invoices[inv.number or ""] = inv
    seen: dict[str, str] = {}
    checked: list[_Result] = []
    for n, row in rows:
        where = f"{parsed.kind} {n}"

        def bad(column: str, message: str, n: int = n) -> None:
            errors.add(n, column, message)

        found = invoices.get(row["invoice"]) if row["invoice"] else None
        if not row["invoice"]:
            bad("invoice", gettext("no invoice number"))
        elif found is None:
            bad(
                "invoice",
                gettext("unknown invoice %(number)r (not a retail invoice of %(cloud)s)")
                % {"number": row["invoice"], "cloud": cloud.slug},
            )
        ref = row["reference"]
        if not ref:
            bad("reference", gettext("no reference"))
        elif ref in seen:
            bad(
                "reference",
                gettext("reference %(ref)r repeats %(where)s") % {"ref": ref, "where": seen[ref]},
            )
        else:
            seen[ref] = where
        status = row["status"].lower()
        if status not in SUCCEEDED + FAILED:
            bad(
                "status",
                gettext("unknown status %(status)r (use %(known)s)")
                % {"status": row["status"], "known": ", ".join(SUCCEEDED + FAILED)},
            )
        currency = row.get("currency", "").upper()
        expected = found.currency if found is not None else cloud.currency
        if currency and currency != expected:
            bad(
                "currency",
                gettext("currency %(currency)r, the invoice is in %(expected)s")
                % {"currency": row["currency"], "expected": expected},
            )
        amount = Decimal(0)
        if row["amount"] or status in SUCCEEDED:
            # A failed row may leave the amount out; one given must be an amount.
            try:
                Decimal(row["amount"] or "missing")
            except InvalidOperation:
                bad(
                    "amount",
                    gettext("amount is not a number (%(value)r)") % {"value": row["amount"]}
                    if row["amount"]
                    else gettext("no amount"),
                )
            else:
                try:
                    amount = check_money(row["amount"], "amount", expected)
                except DomainError as e:
                    bad("amount", f"amount {row['amount']!r}: {e.message}")
        if n not in errors.by_line and found is not None:
            checked.append(_Result(where, row, found, status in SUCCEEDED, amount))
    return checked


@transaction.atomic
def charges_import(
    *, actor: Actor, cloud: Cloud, content: str | bytes, now: datetime | None = None
) -> dict[str, list[dict[str, str]]]:
    """Apply the operator gateway's results. ``status`` is ``succeeded`` or
    ``failed``; the ``reference`` (the gateway's transaction id) makes a row
    count once, so importing the same file again changes nothing.

    All or nothing: every row is checked first (known retail invoice of this
    cloud, a reference used once in the file, a known status, an amount in the
    invoice's currency, the optional ``currency`` column matching it); one bad
    row refuses the whole file with a ``validation_error`` naming each bad line
    and column (:mod:`cambill.core.csvin`: ``fields`` is ``{"lines": [{"line": 3,
    "errors": {"amount": [...]}}]}``; ``items`` for a JSON list) and nothing is
    written."""
    from ..models import Payment
    from ..services import payment_record

    require(actor, "payment.manage", cloud)
    now = clock.given(now)
    errors = csvin.LineErrors()
    checked = _check_results(cloud, _parse_results(content, errors), errors)
    errors.raise_if_any()
    report: dict[str, list[dict[str, str]]] = {"paid": [], "failed": [], "skipped": []}
    for r in checked:
        row = {k: r.row[k] for k in IMPORT_FIELDS}
        row["row"] = r.where
        inv, key = r.invoice, f"gateway:{r.row['reference']}"
        if r.paid:
            if Payment.objects.filter(cloud=cloud, external_id=key).exists():
                report["skipped"].append({**row, "why": "already imported"})
                continue
            payment_record(
                actor=actor,
                cloud=cloud,
                account=inv.account,
                amount=r.amount,
                received_at=now,
                method=PaymentMethod.GATEWAY,
                reference=r.row["reference"],
                external_id=key,
                invoices=[inv] if inv.status == InvoiceStatus.ISSUED else None,
                now=now,
            )
            report["paid"].append(row)
        else:
            if ChargeAttempt.objects.filter(invoice=inv, idempotency_key=key).exists():
                report["skipped"].append({**row, "why": "already imported"})
                continue
            last = ChargeAttempt.objects.filter(invoice=inv).order_by("-number").first()
            ChargeAttempt.objects.create(
                cloud_id=cloud.pk,
                invoice=inv,
                number=(last.number if last else 0) + 1,
                gateway=GatewayKind.EXPORT,
                idempotency_key=key,
                intent_id=r.row["reference"][:100],
                amount=r.amount,
                status="failed",
                error="declined by the operator's gateway",
                created_at=now,
                updated_at=now,
            )
            _emit_failed(inv, r.amount, "declined", 0)
            report["failed"].append(row)
    audit(
        actor=actor,
        verb="charges_import",
        obj=cloud,
        after={k: len(v) for k, v in report.items()},
        now=now,
    )
    return report
