"""The usage report as JSON-ready data, CSV and XLSX.

CSV is one flat table (easy to filter in a spreadsheet): a ``row`` column says
whether a row is a camera's tariff ``interval``, a ``metered`` extra (meter,
quantity, unit and amount of one camera for one whole month, as the invoice
line), a ``wholesale_metered`` provider service (for cost viewers: the
wholesale invoice's metered line of one whole month, or an account's share of
it; ``service``, quantity, unit, ``wholesale_metered`` before and
``wholesale_cost`` after the cloud's discount), an ``account`` total, a
``tariff`` total or the grand ``total``. XLSX has one sheet per level.
Times are local to the cloud, decimals exact (strings in JSON and CSV,
numbers in XLSX). CSV and XLSX name their columns with stable machine keys
(``retail``, ``wholesale_cost``: the API's contract) or, ``labelled``, with
labels in the active language (the pages' downloads); either way every amount
row carries the currency, and text a spreadsheet would run as a formula is
neutralised (:mod:`.tabular`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cambill.core.display import iso_instant
from cambill.core.periods import Period
from cambill.core.tabular import csv_text, xlsx_save, xlsx_sheet, xlsx_write_row
from cambill.core.tabular import money as money_cell

MONEY_KEYS = (
    "retail",
    "metered",
    "wholesale_metered",
    "discounts",
    "net",
    "wholesale_cost",
    "margin",
)


def jsonable(value: Any, tz: ZoneInfo | None = None) -> Any:
    """Decimals as strings, instants as ISO 8601 in the cloud's zone, dates as ISO."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime):
        return iso_instant(value, tz)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v, tz) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v, tz) for v in value]
    return value


def report_json(report: dict[str, Any]) -> dict[str, Any]:
    return jsonable(report, ZoneInfo(report["timezone"]))  # type: ignore[no-any-return]


def _service_codes(report: dict[str, Any]) -> list[str]:
    return sorted(report["totals"]["services"])


def _columns(report: dict[str, Any], labelled: bool) -> list[str]:
    """Column names: stable machine keys (the API's CSV contract), or labels in
    the active language for people (the pages' downloads)."""
    services = _service_codes(report)
    keys = [
        "row",
        "account",
        "account_name",
        "camera",
        "tariff",
        "start",
        "end",
        "billed_days",
        "trial_days",
    ]
    keys += [f"{s} unit-days" for s in services]
    # A metered extra's row: the meter, its quantity in its unit, the amount.
    keys += ["meter", "quantity", "unit", "metered"]
    if report["shows_costs"]:
        # A metered provider service's row: the service and the invoice's amount.
        keys += ["service", "wholesale_metered"]
    keys += ["retail", "discounts", "net"]
    if report["shows_costs"]:
        keys += ["wholesale_cost", "margin"]
    keys.append("currency")
    if not labelled:
        return keys
    labels = {
        "row": _("Row"),
        "account": _("Account"),
        "account_name": _("Account name"),
        "camera": _("Camera"),
        "tariff": _("Tariff"),
        "meter": _("Meter"),
        "start": _("Start"),
        "end": _("End (excluded)"),
        "billed_days": _("Billed days"),
        "trial_days": _("Trial days"),
        "quantity": _("Quantity"),
        "unit": _("Unit"),
        "retail": _("Retail"),
        "metered": _("Metered extras"),
        "service": _("Service"),
        "wholesale_metered": _("Wholesale metered services"),
        "discounts": _("Discounts"),
        "net": _("Net"),
        "wholesale_cost": _("Wholesale cost"),
        "margin": _("Margin"),
        "currency": _("Currency"),
    }
    out = []
    for k in keys:
        if k.endswith(" unit-days"):
            out.append(_("%(service)s unit-days") % {"service": k.removesuffix(" unit-days")})
        else:
            out.append(str(labels[k]))
    return out


def _kind(kind: str, labelled: bool) -> str:
    if not labelled:
        return kind
    return {
        "interval": pgettext("usage report row", "interval"),
        "metered": pgettext("usage report row", "metered"),
        "wholesale_metered": pgettext("usage report row", "wholesale metered"),
        "account": pgettext("usage report row", "account"),
        "tariff": pgettext("usage report row", "tariff"),
        "total": pgettext("usage report row", "total"),
    }[kind]


def _rows(report: dict[str, Any], labelled: bool = False) -> tuple[list[str], list[list[Any]]]:
    tz = ZoneInfo(report["timezone"])
    services = _service_codes(report)
    costs = report["shows_costs"]
    currency = report["currency"]
    header = _columns(report, labelled)
    no_meter = ["", "", ""]

    def cash(d: dict[str, Any], key: str) -> Any:
        """An amount as a money cell (exact, in the currency's minor unit)."""
        v = d.get(key, "")
        return money_cell(v, currency) if isinstance(v, Decimal) else v

    def tail(d: dict[str, Any], with_net: bool, meter: list[Any] = no_meter) -> list[Any]:
        out = (
            [d["services"].get(s, Decimal(0)) for s in services]
            if "services" in d
            else [""] * len(services)
        )
        out += meter
        out.append(cash(d, "metered"))
        if costs:
            out += [d.get("service", ""), cash(d, "wholesale_metered")]
        out += [
            cash(d, "retail"),
            cash(d, "discounts") if with_net else "",
            cash(d, "net") if with_net else "",
        ]
        if costs:
            out += [cash(d, "wholesale_cost"), cash(d, "margin")]
        out.append(currency)
        return out

    def head(kind: str, account: Any = None, camera: str = "", tariff: str = "") -> list[Any]:
        code, name = (account["code"], account["name"]) if account else ("", "")
        return [_kind(kind, labelled), code, name, camera, tariff]

    def wholesale_row(w: dict[str, Any], account: Any) -> list[Any]:
        period = Period.parse(w["period"], report["timezone"])
        amounts = {
            "service": w["service"],
            "wholesale_metered": w["amount"],
            "wholesale_cost": w["wholesale_cost"],
        }
        return [
            *head("wholesale_metered", account),
            iso_instant(period.start, tz),
            iso_instant(period.end, tz),
            "",
            "",
            *tail(amounts, False, [w["meter"], w["quantity"], w["unit"]]),
        ]

    rows: list[list[Any]] = []
    for acc in report["accounts"]:
        for cam in acc["cameras"]:
            for iv in cam["intervals"]:
                rows.append(
                    [
                        *head("interval", acc, cam["camera"], iv["tariff"]),
                        iso_instant(iv["start"], tz),
                        iso_instant(iv["end"], tz),
                        iv["billed_days"],
                        iv["trial_days"],
                        *tail(iv, False),
                    ]
                )
        for m in acc.get("metered", []):
            period = Period.parse(m["period"], report["timezone"])
            rows.append(
                [
                    *head("metered", acc, m["camera"], m["tariff"]),
                    iso_instant(period.start, tz),
                    iso_instant(period.end, tz),
                    "",
                    "",
                    *tail({"metered": m["amount"]}, False, [m["meter"], m["quantity"], m["unit"]]),
                ]
            )
        for w in acc.get("wholesale_metered", []):
            rows.append(wholesale_row(w, acc))
        t = acc["totals"]
        rows.append(
            [*head("account", acc), "", "", t["billed_days"], t["trial_days"], *tail(t, True)]
        )
    for w in report.get("wholesale_metered", []):
        rows.append(wholesale_row(w, None))
    for t in report["tariffs"]:
        rows.append(
            [
                *head("tariff", None, "", t["tariff"]),
                "",
                "",
                t["billed_days"],
                t["trial_days"],
                *tail(t, False),
            ]
        )
    t = report["totals"]
    rows.append([*head("total"), "", "", t["billed_days"], t["trial_days"], *tail(t, True)])
    return header, rows


def report_csv(report: dict[str, Any], labelled: bool = False) -> str:
    """One flat CSV; text that a spreadsheet would run as a formula is neutralised."""
    header, rows = _rows(report, labelled)
    return csv_text(header, rows)


def report_xlsx(report: dict[str, Any], labelled: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = _rows(report, labelled)
    wb = Workbook()
    wb.remove(wb.active)
    names = {
        "interval": _("Cameras") if labelled else "Cameras",
        "metered": _("Metered extras") if labelled else "Metered extras",
        "wholesale_metered": _("Wholesale metered services")
        if labelled
        else "Wholesale metered services",
        "account": _("Accounts") if labelled else "Accounts",
        "tariff": _("Tariffs") if labelled else "Tariffs",
        "report": _("Report") if labelled else "Report",
    }
    order = ["interval"]
    if any(a.get("metered") for a in report["accounts"]):
        # After the cameras: the month's metered extras of each camera.
        order.append("metered")
    if report.get("wholesale_metered") or any(
        a.get("wholesale_metered") for a in report["accounts"]
    ):
        # Before the accounts: the provider's metered services of each whole month.
        order.append("wholesale_metered")
    order += ["account", "tariff"]
    sheets = {kind: xlsx_sheet(wb, header[1:], str(names[kind])) for kind in order}
    bold = Font(bold=True)
    kinds = {
        _kind(k, labelled): k
        for k in ("interval", "metered", "wholesale_metered", "account", "tariff", "total")
    }
    for r in rows:
        kind = kinds[r[0]]
        ws = sheets.get(kind, sheets["account"])
        # Amounts are money cells: numeric, with the currency's places.
        xlsx_write_row(ws, r[1:])
        if kind == "total":
            for cell in ws[ws.max_row]:
                cell.font = bold
    meta = xlsx_sheet(wb, None, str(names["report"]))
    for k in ("cloud", "currency", "timezone", "proration", "from", "to", "account"):
        v = report[k]
        xlsx_write_row(meta, [k, v.isoformat() if isinstance(v, date) else v])
    return xlsx_save(wb)
