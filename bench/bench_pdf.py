"""Benchmark of invoice PDFs: pages rendered per second with WeasyPrint.

Renders a typical retail invoice (5 lines, one page) and a long one (200
lines, several pages), in English and Spanish, from in-memory invoices (no
database needed), and prints pages per second and the machine.

    .venv/bin/python bench/bench_pdf.py [--repeat 20]
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
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
    print(
        f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
