"""A Mexican cloud's legal e-invoice in a real browser (issue #19, "Browser test").

The cloud's legal data is set (as its admin would on the legal-data page); the cloud
admin uploads SAT's test CSD on the credentials page, issues a draft from its invoice
page, sees the CFDI accepted by the sandbox PAC with its UUID, and downloads the PDF
and the XML: the XML carries the ``TimbreFiscalDigital`` with that UUID, the PDF's text
the UUID too.

Screenshots: ``test-artifacts/screenshots/einvoice-*.png``.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.utils import timezone
from lxml import etree
from playwright.sync_api import expect

from cambill_sandbox.einvoice.legal_demo import CSD_DIR
from tests.einvoice.issuing_helpers import draft, mexican

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TFD = "http://www.sat.gob.mx/TimbreFiscalDigital"
UUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")


def test_the_cloud_admin_uploads_the_csd_issues_and_downloads_the_cfdi(
    world: Any, session: Any
) -> None:
    from pypdf import PdfReader

    from cambill.einvoice.models import EInvoiceDocument

    now = timezone.now()
    mexican(world, now=now, credentials=False)
    invoice = draft(world, now=now, net="1000.00", percent="16")

    s = session()
    s.login("cadmin")
    page = s.page

    # --- 1. SAT's test CSD on the credentials page ---------------------------------------
    page.goto("/clouds/telenet/einvoice/credentials/")
    expect(page.locator("#credentials")).to_contain_text("No certificate uploaded yet.")
    page.get_by_label("Certificate (.cer)").set_input_files(str(CSD_DIR / "eku9003173c9_csd.cer"))
    page.get_by_label("Private key (.key)").set_input_files(str(CSD_DIR / "eku9003173c9_csd.key"))
    page.get_by_label("Password").fill((CSD_DIR / "eku9003173c9_csd.txt").read_text().strip())
    with page.expect_navigation():
        page.get_by_role("button", name="Upload").click()
    row = page.locator("#credentials tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("EKU9003173C9")
    expect(row).to_contain_text("30001000000400002434")  # the CSD's certificate number
    s.shot("einvoice-01-credentials")

    # --- 2. issue the draft from its page ------------------------------------------------
    page.goto(f"/clouds/telenet/invoices/{invoice.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Issue", exact=True).click()
    invoice.refresh_from_db()
    assert invoice.status == "issued" and invoice.number
    doc = EInvoiceDocument.objects.get(invoice=invoice, document="invoice")
    assert doc.status == "accepted", doc.authority_reply
    assert UUID.fullmatch(doc.unique_code)

    # --- 3. the accepted document on the invoice page ------------------------------------
    page.goto(f"/clouds/telenet/invoices/{invoice.pk}/")
    docs = page.locator("#einvoice-documents tbody tr")
    expect(docs).to_have_count(1)
    expect(docs).to_have_attribute("data-status", "accepted")
    expect(docs.locator(".badge")).to_have_text("Accepted")
    expect(docs).to_contain_text(doc.unique_code)
    expect(docs.locator("img[alt='QR code']")).to_be_visible()
    s.shot("einvoice-02-invoice-accepted")

    # --- 4. the XML and the PDF, downloaded with the admin's session ---------------------
    xml_href = docs.get_by_role("link", name="XML").get_attribute("href")
    assert xml_href
    xml = page.request.get(xml_href)
    assert xml.ok and xml.headers["content-type"].startswith("application/xml")
    root = etree.fromstring(xml.body())
    stamps = root.findall(f".//{{{TFD}}}TimbreFiscalDigital")
    assert [t.get("UUID") for t in stamps] == [doc.unique_code]
    assert root.get("Total") == "1160.00" and root.get("TipoDeComprobante") == "I"

    pdf_href = page.get_by_role("link", name="PDF").get_attribute("href")
    assert pdf_href
    pdf = page.request.get(pdf_href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert doc.unique_code in re.sub(r"\s+", "", text)
