"""The report of one bill run: what a month's run invoiced, per account, with
the wholesale invoice beside it and the cloud's margin.

Rows come from the invoices of the run's cloud and month that the actor may
see (the same scoped selector as the invoice pages). Void invoices are listed
with their status but left out of the totals: they are not owed. Amounts are
the invoices' own rounded figures; the totals are their sums (nothing is
re-rated here). The margin is retail net minus wholesale net, shown to those
who may see costs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.money import quantum
from cambill.core.permissions import require
from cambill.core.tabular import csv_text, money, xlsx_bytes

AMOUNTS = ("subtotal", "discount", "net", "tax", "total")
ZERO = Decimal(0)


def bill_run_report(*, actor: Actor, cloud: Any, run: Any) -> dict[str, Any]:
    from cambill.invoicing.models import InvoiceKind, InvoiceStatus, LineKind
    from cambill.invoicing.selectors import invoices_in_scope

    require(actor, "invoice.view")
    require(actor, "billrun.view", cloud)
    if run.cloud_id != cloud.pk:
        raise NotFound("bill run")
    q = quantum(cloud.currency)
    invoices = (
        invoices_in_scope(actor, cloud)
        .filter(period=run.period)
        .select_related("account")
        .annotate(
            n_cameras=Count(
                "lines__camera",
                distinct=True,
                filter=Q(lines__kind=LineKind.TARIFF) & ~Q(lines__camera=""),
            )
        )
        .order_by("kind", "account__code", "id")
    )

    def row(inv: Any) -> dict[str, Any]:
        return {
            "kind": inv.kind,
            "account": inv.account.code if inv.account_id else "",
            "customer": inv.customer_name,
            "number": inv.number or "",
            "pk": inv.pk,
            "status": inv.status,
            "status_label": str(InvoiceStatus(inv.status).label),
            "cameras": inv.n_cameras,
            "currency": inv.currency,
            **{k: getattr(inv, k).quantize(q) for k in AMOUNTS},
        }

    retail: list[dict[str, Any]] = []
    wholesale: dict[str, Any] | None = None
    totals = {k: ZERO for k in AMOUNTS}
    counted = 0
    for inv in invoices:
        r = row(inv)
        if inv.kind == InvoiceKind.WHOLESALE:
            wholesale = r
            continue
        retail.append(r)
        if inv.status != InvoiceStatus.VOID:
            counted += 1
            for k in AMOUNTS:
                totals[k] += r[k]
    costs = actor.can("cost.view")
    margin = None
    if costs and wholesale is not None and wholesale["status"] != InvoiceStatus.VOID:
        margin = totals["net"] - wholesale["net"]
    return {
        "cloud": cloud.slug,
        "cloud_name": cloud.name,
        "currency": cloud.currency,
        "timezone": cloud.timezone,
        "period": run.period,
        "period_start": run.period_start,
        "period_end": run.period_end,
        "status": run.status,
        "accounts_total": run.accounts_total,
        "accounts_done": run.accounts_done,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "retail": retail,
        "retail_totals": {**totals, "invoices": counted},
        "wholesale": wholesale if costs else None,
        "shows_costs": costs,
        "margin": margin,
    }


def _labels() -> dict[str, str]:
    return {
        "row": _("Row"),
        "kind": _("Kind"),
        "account": _("Account"),
        "customer": _("Customer"),
        "number": _("Number"),
        "status": _("Status"),
        "cameras": _("Cameras"),
        "subtotal": _("Subtotal"),
        "discount": _("Discount"),
        "net": _("Net"),
        "tax": _("Tax"),
        "total": _("Total"),
        "currency": _("Currency"),
    }


def status_label(status: str) -> str:
    from cambill.invoicing.models import InvoiceStatus

    return _(str(InvoiceStatus(status).label))


def bill_run_rows(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """One flat table in the active language: a row per retail invoice, their
    total, the wholesale invoice and the margin (the last two for cost viewers)."""
    labels = _labels()
    keys = list(labels)
    header = [labels[k] for k in keys]
    cur = report["currency"]
    rows: list[list[Any]] = []

    def line(kind_label: str, r: dict[str, Any], kind: str) -> list[Any]:
        return [
            kind_label,
            kind,
            r.get("account", ""),
            r.get("customer", ""),
            r.get("number", "") or (_("draft #%(pk)s") % {"pk": r["pk"]} if "pk" in r else ""),
            status_label(r["status"]) if "status" in r else "",
            r.get("cameras", ""),
            *[money(r[k], cur) if k in r else "" for k in AMOUNTS],
            cur,
        ]

    retail_kind, wholesale_kind = _("Retail"), _("Wholesale")
    for r in report["retail"]:
        rows.append(line(_("invoice"), r, retail_kind))
    t = report["retail_totals"]
    rows.append(line(_("retail total"), {**t, "cameras": ""}, retail_kind))
    if report["wholesale"] is not None:
        rows.append(line(_("invoice"), report["wholesale"], wholesale_kind))
    if report["margin"] is not None:
        margin: list[Any] = ["" for _k in keys]
        margin[0] = _("margin")
        margin[keys.index("net")] = money(report["margin"], cur)
        margin[-1] = cur
        rows.append(margin)
    return header, rows


def bill_run_csv(report: dict[str, Any]) -> str:
    header, rows = bill_run_rows(report)
    return csv_text(header, rows, ZoneInfo(report["timezone"]))


def bill_run_xlsx(report: dict[str, Any]) -> bytes:
    header, rows = bill_run_rows(report)
    title = _("Bill run %(period)s") % {"period": report["period"]}
    return xlsx_bytes(header, rows, title, ZoneInfo(report["timezone"]))


def bill_run_filename(report: dict[str, Any], fmt: str) -> str:
    return f"bill-run-{report['cloud']}-{report['period']}.{fmt}"
