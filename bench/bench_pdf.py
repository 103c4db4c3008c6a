"""Benchmark of invoice PDFs: pages rendered per second with WeasyPrint.

Renders a typical retail invoice (5 lines, one page) and a long one (200
lines, several pages), in English and Spanish, from in-memory invoices (no
database needed), and prints pages per second and the machine.

Then a large usage report as a PDF (``--report-rows`` camera rows, 100
accounts): the seconds it takes, which is why report PDFs are bounded
(``CAMBILL_REPORT_PDF_MAX_ROWS``, 1,000 rows by default) while CSV and XLSX
are not.

    .venv/bin/python bench/bench_pdf.py [--repeat 20] [--report-rows 500]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def invoice(lines: int, language: str):  # type: ignore[no-untyped-def]
    from cambill.clouds.models import Cloud
    from cambill.invoicing.models import Invoice, InvoiceLine

    cloud = Cloud(slug="bench", name="Bench Cloud", currency="USD", timezone="America/Bogota")
    inv = Invoice(
        cloud=cloud,
        kind="retail",
        status="issued",
        number="BENCH-2026-000123",
        period="2026-03",
        period_start=datetime(2026, 3, 1, 5, tzinfo=UTC),
        period_end=datetime(2026, 4, 1, 5, tzinfo=UTC),
        currency="USD",
        language=language,
        issuer_name="Bench Cloud S.A.S.",
        issuer_details={
            "tax_id": "900.000.001-1",
            "address": "Calle 1 # 2-3\nBogotá",
            "payment_terms_days": 15,
        },
        customer_name="ACME Logistics",
        customer_details={
            "code": "acme",
            "address": "Carrera 7 # 8-9\nBogotá",
            "email": "billing@acme.test",
        },
        subtotal=Decimal("21.77"),
        discount=Decimal(0),
        net=Decimal("21.77"),
        tax_percent=Decimal(19),
        tax=Decimal("4.14"),
        total=Decimal("25.91"),
        issued_at=datetime(2026, 4, 6, 15, tzinfo=UTC),
        due_at=datetime(2026, 4, 21, 15, tzinfo=UTC),
    )
    rows = [
        InvoiceLine(
            position=i + 1,
            kind="tariff",
            description=f"Camera cam{i:05d}, tariff TRAFFIC7 (Traffic 7 + plates), 2026-03-01 to 2026-03-31",
            camera=f"cam{i:05d}",
            tariff="TRAFFIC7",
            date_from=date(2026, 3, 1),
            date_to=date(2026, 3, 31),
            days=Decimal(31),
            quantity=Decimal(1),
            unit_price=Decimal("12.00"),
            amount=Decimal("12.00"),
        )
        for i in range(lines)
    ]
    return inv, rows


def usage_report(accounts: int, cameras: int):  # type: ignore[no-untyped-def]
    """A usage report shaped like ``cambill.reports.usage.usage_report``'s, in memory."""
    start = datetime(2026, 3, 1, 5, tzinfo=UTC)
    end = datetime(2026, 4, 1, 5, tzinfo=UTC)

    def amounts(n: int) -> dict:  # type: ignore[type-arg]
        return {
            "billed_days": Decimal(31 * n),
            "trial_days": Decimal(0),
            "services": {"LPR": Decimal(31 * n), "REC_DAY": Decimal(217 * n)},
            "retail": Decimal("12.00") * n,
            "wholesale_cost": Decimal("5.49") * n,
            "margin": Decimal("6.51") * n,
        }

    def totals(n: int) -> dict:  # type: ignore[type-arg]
        return {**amounts(n), "cameras": n, "discounts": Decimal(0), "net": Decimal("12.00") * n}

    interval = {
        "tariff": "TRAFFIC7",
        "tariff_name": "Traffic 7 + plates",
        "start": start,
        "end": end,
    }
    accs = [
        {
            "code": f"acc{a:04d}",
            "name": f"Account {a}",
            "cameras": [
                {
                    "camera": f"cam{a:04d}-{c:02d}",
                    "intervals": [{**interval, **amounts(1)}],
                    **amounts(1),
                }
                for c in range(cameras)
            ],
            "totals": totals(cameras),
        }
        for a in range(accounts)
    ]
    n = accounts * cameras
    return {
        "cloud": "bench",
        "currency": "USD",
        "timezone": "America/Bogota",
        "proration": "day",
        "from": date(2026, 3, 1),
        "to": date(2026, 3, 31),
        "account": None,
        "shows_costs": True,
        "wholesale_discount_percent": Decimal(10),
        "accounts": accs,
        "tariffs": [{"tariff": "TRAFFIC7", "name": "Traffic 7 + plates", **totals(n)}],
        "totals": totals(n),
    }


def bench_report(rows: int) -> None:
    from weasyprint import HTML

    from cambill.invoicing.pdf import STATIC
    from cambill.reports.pdf import pdf_max_rows, usage_report_html

    accounts = 100
    report = usage_report(accounts, max(1, rows // accounts))
    now = datetime(2026, 4, 5, 12, tzinfo=UTC)
    t0 = time.perf_counter()
    html = usage_report_html(report, cloud_name="Bench Cloud", now=now, lang="en")
    doc = HTML(string=html, base_url=str(STATIC)).render()
    data = doc.write_pdf()
    elapsed = time.perf_counter() - t0
    n = sum(len(a["cameras"]) for a in report["accounts"])
    print(
        f"\nUsage report PDF, {n} camera rows / {accounts} accounts: {len(doc.pages)} pages, "
        f"{len(data) / 1024:.0f} KiB, {elapsed:.1f} s ({len(doc.pages) / elapsed:.1f} pages/s)"
    )
    print(
        f"target: none in the issue; a report PDF is made while the reader waits, so it is "
        f"bounded at {pdf_max_rows()} rows (CAMBILL_REPORT_PDF_MAX_ROWS); CSV/XLSX are not"
    )


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--report-rows", type=int, default=500)
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    import django

    django.setup()
    from cambill.invoicing.pdf import render_invoice_document

    # Warm up fonts and the template engine.
    inv, rows = invoice(5, "en")
    render_invoice_document(inv, [], rows).write_pdf()
    total_pages = 0
    total_time = 0.0
    for lines, language in [(5, "en"), (5, "es"), (200, "en")]:
        inv, rows = invoice(lines, language)
        pages = 0
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            doc = render_invoice_document(inv, [], rows)
            data = doc.write_pdf()
            pages += len(doc.pages)
        elapsed = time.perf_counter() - t0
        total_pages += pages
        total_time += elapsed
        print(
            f"{lines:>4} lines ({language}): {len(doc.pages)} page(s), {len(data) / 1024:.0f} KiB, "
            f"{args.repeat / elapsed:.1f} PDFs/s, {pages / elapsed:.1f} pages/s"
        )
    print(f"\nPDF pages rendered per second: {total_pages / total_time:.1f} (one process)")
    if args.report_rows:
        bench_report(args.report_rows)
    print(
        f"machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs ({cpu_model()}), load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
