"""Reports as PDF (WeasyPrint), the way invoices are printed: A4, DejaVu Sans,
the cambill logo, and on every page a header with the cloud, the report, its
period and when it was generated, and "page n of N" at the foot.

Reports speak the reader's language (the active one when rendered, or
``lang``): labels through gettext, amounts, numbers and dates through babel
("1,234.50 USD", "1.234,50 USD"); times in the cloud's zone.

The templates live beside this module and are rendered by an engine of their
own (``cambill.reports`` is a library of reads, not a Django app), so they are
found without the web layer.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal
from django.template import Context, Engine
from django.utils import translation
from django.utils.translation import gettext as _

from cambill.core import display, languages
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.money import format_money
from cambill.reports.export import MONEY_KEYS

TEMPLATES = Path(__file__).resolve().parent / "templates"
# WeasyPrint lays a report out at a few pages a second (bench/bench_pdf.py): a
# PDF is made while the reader waits, so it is bounded; bigger reports are
# filtered (one account) or downloaded as CSV/XLSX, which have no such cost.
PDF_MAX_ROWS_DEFAULT = 1000


@cache
def engine() -> Engine:
    return Engine(
        dirs=[str(TEMPLATES)],
        libraries={"i18n": "django.templatetags.i18n"},
        autoescape=True,
    )


def pdf_max_rows() -> int:
    from django.conf import settings

    return int(getattr(settings, "CAMBILL_REPORT_PDF_MAX_ROWS", PDF_MAX_ROWS_DEFAULT))


def usage_report_rows(report: dict[str, Any]) -> int:
    """Table rows of the usage report's PDF (camera intervals and totals)."""
    intervals = sum(len(c["intervals"]) for a in report["accounts"] for c in a["cameras"])
    metered = sum(
        len(a.get("metered", [])) + len(a.get("wholesale_metered", [])) for a in report["accounts"]
    ) + len(report.get("wholesale_metered", []))
    return intervals + metered + len(report["accounts"]) + len(report["tariffs"])


def check_pdf_size(rows: int) -> None:
    limit = pdf_max_rows()
    if rows > limit:
        raise DomainError(
            ErrorCode.VALIDATION,
            _(
                "This report has %(rows)s rows; a PDF holds at most %(limit)s. "
                "Choose one account, a shorter range, or download CSV or Excel."
            )
            % {"rows": rows, "limit": limit},
        )


def language(lang: str | None = None) -> str:
    """The product language code of a report (``"pt-br"``), default the page's."""
    return languages.supported(lang or translation.get_language())


class Fmt:
    """Formatting for one report in one language (used as ``f`` in templates)."""

    def __init__(self, lang: str, currency: str, tz: ZoneInfo) -> None:
        self.lang = lang
        self.locale = languages.babel_locale(lang)  # babel spells pt-br "pt_BR"
        self.currency = currency
        self.tz = tz

    def money(self, amount: Decimal | None) -> str:
        if amount is None or amount == "":
            return ""
        return format_money(amount, self.currency, self.lang)

    def qty(self, value: Decimal | int | None) -> str:
        if value is None or value == "":
            return ""
        d = Decimal(value).normalize()
        exponent = d.as_tuple().exponent
        digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return format_decimal(
            d, format="#,##0" + ("." + "#" * digits if digits else ""), locale=self.locale
        )

    def date(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.astimezone(self.tz).date()
        return format_date(value, languages.DATE_PATTERNS[self.lang], locale=self.locale)

    def when(self, value: datetime | None) -> str:
        """An instant in the report's zone, the zone named (as on the pages)."""
        if value is None:
            return ""
        return display.datetime_text(value, self.tz, self.lang)

    def month(self, key: str) -> str:
        """A billing period key ("2026-03") as its month's name ("March 2026")."""
        return display.period_key_text(key, self.lang)


def css_string(text: str) -> str:
    """``text`` safe inside a CSS string literal (page margin boxes)."""
    return "".join(ch if ch.isalnum() or ch in " .-:/" else f"\\{ord(ch):x} " for ch in text)


def page_counter(text: str) -> str:
    """CSS ``content`` for a translated "Page %(page)s of %(pages)s": the words
    as strings, the numbers as the page counters."""
    out = []
    for i, part in enumerate(re.split(r"(%\(pages?\)s)", text)):
        if i % 2:
            out.append("counter(pages)" if part == "%(pages)s" else "counter(page)")
        elif part:
            out.append(f'"{css_string(part)}"')
    return " ".join(out)


def render_html(template: str, context: dict[str, Any], lang: str) -> str:
    with translation.override(lang):
        return engine().get_template(template).render(Context(context))


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    from cambill.invoicing.pdf import STATIC

    return HTML(string=html, base_url=str(STATIC)).write_pdf()  # type: ignore[no-any-return]


def _page_context(
    *,
    title: str,
    cloud_name: str,
    cloud_slug: str,
    period: str,
    now: datetime,
    f: Fmt,
    lang: str,
) -> dict[str, Any]:
    from cambill.invoicing.pdf import LOGO

    with translation.override(lang):
        generated = _("Generated %(when)s") % {"when": f.when(now)}  # the zone named in it
        page_of = _("Page %(page)s of %(pages)s")
    return {
        "lang": lang,
        "f": f,
        "logo": LOGO.as_uri(),
        "title": title,
        "cloud_name": cloud_name,
        "cloud_slug": cloud_slug,
        "period": period,
        "generated": generated,
        "head_left": css_string(f"{cloud_name} ({cloud_slug}) · {title}"),
        "head_right": css_string(period),
        "foot_left": css_string(generated),
        "page_numbers": page_counter(page_of),
    }


# --- the usage report --------------------------------------------------------------


def usage_report_html(
    report: dict[str, Any], *, cloud_name: str, now: datetime, lang: str | None = None
) -> str:
    lang = language(lang)
    tz = ZoneInfo(report["timezone"])
    f = Fmt(lang, report["currency"], tz)
    with translation.override(lang):
        title = _("Resources used and services rendered")
        period = display.days_text(report["from"], report["to"], lang)
        if report.get("account"):
            period += " · " + _("account %(code)s") % {"code": report["account"]}
    ctx = _page_context(
        title=title,
        cloud_name=cloud_name,
        cloud_slug=report["cloud"],
        period=period,
        now=now,
        f=f,
        lang=lang,
    )
    t = report["totals"]
    ctx.update(
        {
            "r": report,
            "costs": report["shows_costs"],
            "trial": bool(t["trial_days"]),
            "totals": _amounts(t, f),
            "tariffs": [
                {
                    **_amounts(x, f),
                    "tariff": x["tariff"],
                    "name": x["name"],
                    "cameras": x["cameras"],
                    "services": _services(x, f),
                }
                for x in report["tariffs"]
            ],
            "accounts": [
                {
                    "code": a["code"],
                    "name": a["name"],
                    "totals": {**_amounts(a["totals"], f), "services": _services(a["totals"], f)},
                    "rows": [
                        {
                            "camera": cam["camera"] if i == 0 else "",
                            "tariff": iv["tariff"],
                            "held": f"{f.when(iv['start'])} \u2013 {f.when(iv['end'])}",
                            "services": _services(iv, f),
                            **_amounts(iv, f),
                        }
                        for cam in a["cameras"]
                        for i, iv in enumerate(cam["intervals"])
                    ],
                    "metered": [
                        {
                            "month": f.month(m["period"]),
                            "camera": m["camera"],
                            "meter": m["meter"],
                            "description": m["description"],
                            "quantity": f.qty(m["quantity"]),
                            "unit": m["unit"],
                            "amount": f.money(m["amount"]),
                        }
                        for m in a.get("metered", [])
                    ],
                    "wholesale_metered": [_wholesale(w, f) for w in a.get("wholesale_metered", [])],
                }
                for a in report["accounts"]
            ],
        }
    )
    ctx["wholesale_metered"] = [_wholesale(w, f) for w in report.get("wholesale_metered", [])]
    return render_html("reports/usage_pdf.html", ctx, lang)


def _wholesale(w: dict[str, Any], f: Fmt) -> dict[str, Any]:
    """A metered provider service's row (an account's share or the cloud's part)."""
    return {
        "month": f.month(w["period"]),
        "service": w["service"],
        "service_name": w["service_name"],
        "meter": w["meter"],
        "quantity": f.qty(w["quantity"]),
        "unit": w["unit"],
        "amount": f.money(w["amount"]),
        "wholesale_cost": f.money(w["wholesale_cost"]),
    }


def _amounts(d: dict[str, Any], f: Fmt) -> dict[str, Any]:
    out: dict[str, Any] = {
        "billed_days": f.qty(d.get("billed_days")),
        "trial_days": f.qty(d.get("trial_days")),
    }
    for k in MONEY_KEYS:
        if k in d:
            out[k] = f.money(d[k])
    out["has_metered"] = bool(d.get("metered"))
    out["has_wholesale_metered"] = bool(d.get("wholesale_metered"))
    out["cameras"] = str(d.get("cameras", ""))
    out["has_discounts"] = bool(d.get("discounts"))
    return out


def _services(d: dict[str, Any], f: Fmt) -> str:
    return ", ".join(f"{code} {f.qty(v)}" for code, v in d["services"].items())


def usage_report_pdf(
    report: dict[str, Any], *, cloud_name: str, now: datetime, lang: str | None = None
) -> bytes:
    check_pdf_size(usage_report_rows(report))
    return render_pdf(usage_report_html(report, cloud_name=cloud_name, now=now, lang=lang))


def usage_report_filename(report: dict[str, Any], fmt: str) -> str:
    stem = f"usage-{report['cloud']}-{report['from']}-{report['to']}"
    if report.get("account"):
        stem += f"-{report['account']}"
    return f"{stem}.{fmt}"


# --- the bill-run report -------------------------------------------------------------


def bill_run_html(report: dict[str, Any], *, now: datetime, lang: str | None = None) -> str:
    from .billrun import status_label

    lang = language(lang)
    tz = ZoneInfo(report["timezone"])
    f = Fmt(lang, report["currency"], tz)
    with translation.override(lang):
        month = display.period_key_text(report["period"], lang)
        title = _("Bill run %(period)s") % {"period": month}
        period = display.period_text(report["period_start"], report["period_end"], tz, lang)

        def row(r: dict[str, Any]) -> dict[str, Any]:
            return {
                "account": r["account"],
                "customer": r["customer"],
                "number": r["number"] or _("draft #%(pk)s") % {"pk": r["pk"]},
                "status": status_label(r["status"]),
                "void": r["status"] == "void",
                "cameras": r["cameras"],
                **{k: f.money(r[k]) for k in ("subtotal", "discount", "net", "tax", "total")},
            }

        retail = [row(r) for r in report["retail"]]
        wholesale = row(report["wholesale"]) if report["wholesale"] else None
        status = _(str(_run_status_label(report["status"])))
    ctx = _page_context(
        title=title,
        cloud_name=report["cloud_name"],
        cloud_slug=report["cloud"],
        period=period,
        now=now,
        f=f,
        lang=lang,
    )
    t = report["retail_totals"]
    ctx.update(
        {
            "r": report,
            "run_status": status,
            "started": f.when(report["started_at"]),
            "finished": f.when(report["finished_at"]),
            "retail": retail,
            "totals": {
                **{k: f.money(t[k]) for k in ("subtotal", "discount", "net", "tax", "total")},
                "invoices": t["invoices"],
            },
            "wholesale": wholesale,
            "margin": f.money(report["margin"]) if report["margin"] is not None else "",
        }
    )
    return render_html("reports/bill_run_pdf.html", ctx, lang)


def _run_status_label(status: str) -> str:
    from cambill.invoicing.models import BillRunStatus

    return str(BillRunStatus(status).label)


def bill_run_pdf(report: dict[str, Any], *, now: datetime, lang: str | None = None) -> bytes:
    check_pdf_size(len(report["retail"]) + 2)
    return render_pdf(bill_run_html(report, now=now, lang=lang))
