"""No number reads in exponent notation ("3.2E+4", "2E+1") on the money pages or
the invoice PDF: round amounts, a round tax rate and round quantities, the
values ``Decimal.normalize`` writes with an exponent (issue #14, point 2)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from cambill.catalog.services import tariff_update
from cambill.clouds.services.clouds import cloud_update
from cambill.core.access import SYSTEM
from cambill.invoicing.pdf import render_invoice_html
from cambill.invoicing.services import invoice_issue
from tests.conftest import utc
from tests.invoicing.helpers import bill, retail, wholesale
from tests.scenarios.test_worked_example import NOW, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def billed(world: Any) -> Any:
    with time_machine.travel(NOW, tick=False):
        cloud = build(world)
        cloud_update(actor=SYSTEM, cloud=cloud, tax_percent="20")
        for code, price in [("TRAFFIC7", "32000"), ("HOME3", "100")]:
            tariff_update(
                actor=SYSTEM,
                tariff=world.tariffs[code],
                price=price,
                price_valid_from=date(2026, 1, 1),
            )
        run = bill(cloud, "2026-03", NOW)
        assert run.status == "completed", run.error
        invoice = invoice_issue(
            actor=SYSTEM, invoice=retail(cloud, "2026-03", "acme"), now=utc(2026, 4, 6, 15)
        )
        yield invoice, wholesale(cloud, "2026-03")


def test_the_invoice_pdf_has_no_exponent(billed: Any) -> None:
    invoice, _ = billed
    assert invoice.lines.filter(unit_price=32000).exists()  # the round price was billed
    html = render_invoice_html(invoice)
    assert "20 %" in html and "32,000.00 USD" in html
    assert "E+" not in html


@pytest.mark.parametrize(
    ("user", "pages"),
    [
        (
            "cadmin",
            [
                "/clouds/telenet/invoices/",
                "/clouds/telenet/invoices/{retail}/",
                "/clouds/telenet/tariffs/",
                "/clouds/telenet/tariffs/TRAFFIC7/",
                "/clouds/telenet/tariffs/TRAFFIC7/edit/",
                "/clouds/telenet/reports/usage/?period=2026-03",
                "/clouds/telenet/bill-runs/",
            ],
        ),
        ("padmin", ["/clouds/telenet/invoices/{wholesale}/", "/billing/"]),
    ],
)
def test_money_pages_have_no_exponent(
    billed: Any, as_user: Any, user: str, pages: list[str]
) -> None:
    invoice, wholesale_invoice = billed
    client = as_user(user)
    for page in pages:
        url = page.format(retail=invoice.pk, wholesale=wholesale_invoice.pk)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "E+" not in html, (url, html[html.index("E+") - 200 : html.index("E+") + 50])
