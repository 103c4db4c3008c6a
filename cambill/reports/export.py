"""The usage report as JSON-ready data, CSV and XLSX.

CSV is one flat table (easy to filter in a spreadsheet): a ``row`` column says
whether a row is a camera's tariff ``interval``, an ``account`` total, a
``tariff`` total or the grand ``total``. XLSX has one sheet per level.
Times are local to the cloud, decimals exact (strings in JSON and CSV,
numbers in XLSX).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

MONEY_KEYS = ("retail", "discounts", "net", "wholesale_cost", "margin")


def jsonable(value: Any, tz: ZoneInfo | None = None) -> Any:
    """Decimals as strings, instants as ISO 8601 in the cloud's zone, dates as ISO."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime):
        return value.astimezone(tz).isoformat() if tz else value.isoformat()
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


def _rows(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    tz = ZoneInfo(report["timezone"])
    services = _service_codes(report)
    costs = report["shows_costs"]
    header = [
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
    header += [f"{s} unit-days" for s in services]
    header += ["retail", "discounts", "net"]
    if costs:
        header += ["wholesale_cost", "margin"]

    def tail(d: dict[str, Any], with_net: bool) -> list[Any]:
        out = [d["services"].get(s, Decimal(0)) for s in services]
        out += [
            d["retail"],
            d.get("discounts", "") if with_net else "",
            d.get("net", "") if with_net else "",
        ]
        if costs:
            out += [d["wholesale_cost"], d["margin"]]
        return out

    rows: list[list[Any]] = []
    for acc in report["accounts"]:
        for cam in acc["cameras"]:
            for iv in cam["intervals"]:
                rows.append(
                    [
                        "interval",
                        acc["code"],
                        acc["name"],
                        cam["camera"],
                        iv["tariff"],
                        iv["start"].astimezone(tz).isoformat(),
                        iv["end"].astimezone(tz).isoformat(),
                        iv["billed_days"],
                        iv["trial_days"],
                        *tail(iv, False),
                    ]
                )
        t = acc["totals"]
        rows.append(
            [
                "account",
                acc["code"],
                acc["name"],
                "",
                "",
                "",
                "",
                t["billed_days"],
                t["trial_days"],
                *tail(t, True),
            ]
        )
    for t in report["tariffs"]:
        rows.append(
            [
                "tariff",
                "",
                "",
                "",
                t["tariff"],
                "",
                "",
                t["billed_days"],
                t["trial_days"],
                *tail(t, False),
            ]
        )
    t = report["totals"]
    rows.append(
        ["total", "", "", "", "", "", "", t["billed_days"], t["trial_days"], *tail(t, True)]
    )
    return header, rows


def report_csv(report: dict[str, Any]) -> str:
    header, rows = _rows(report)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        w.writerow([f"{v:f}" if isinstance(v, Decimal) else v for v in r])
    return buf.getvalue()


def report_xlsx(report: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from cambill.core.money import minor_units

    places = minor_units(report["currency"])
    money_fmt = "#,##0" + ("." + "0" * places if places else "")
    header, rows = _rows(report)
    wb = Workbook()
    sheets = {
        "interval": wb.active,
        "account": wb.create_sheet("Accounts"),
        "tariff": wb.create_sheet("Tariffs"),
    }
    sheets["interval"].title = "Cameras"
    bold = Font(bold=True)
    money_cols = {i for i, h in enumerate(header) if h in MONEY_KEYS}
    for ws in sheets.values():
        ws.append(header[1:])
        for cell in ws[1]:
            cell.font = bold
    for r in rows:
        kind = r[0]
        ws = sheets.get(kind, sheets["account"])
        values = [float(v) if isinstance(v, Decimal) else v for v in r[1:]]
        ws.append(values)
        if kind == "total":
            for cell in ws[ws.max_row]:
                cell.font = bold
        for i in money_cols:
            ws.cell(row=ws.max_row, column=i).number_format = money_fmt
    meta = wb.create_sheet("Report")
    for k in ("cloud", "currency", "timezone", "proration", "from", "to", "account"):
        v = report[k]
        meta.append([k, v.isoformat() if isinstance(v, date) else v])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
