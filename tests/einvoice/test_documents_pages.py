"""The e-invoice pages: the invoice page shows its documents (status, code, QR, the
authority's reply, XML, retry), the cloud's list, the provider's list."""

from __future__ import annotations

import pytest
from django.test import Client

from cambill.accounts.models import User
from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.einvoice.models import EInvoiceDocument
from cambill.einvoice.services import cloud_legal_update
from cambill.invoicing.services import invoice_issue

from .issuing_helpers import draft, mexican

pytestmark = pytest.mark.django_db


def login(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_invoice_page_list_xml_and_retry(world, pac, django_capture_on_commit_callbacks) -> None:
    now = clock.now()
    mexican(world, now=now)
    cloud_legal_update(actor=SYSTEM, cloud=Cloud.objects.get(slug="telenet"), tax_id="URE180429TM6")
    with django_capture_on_commit_callbacks(execute=True):
        inv = invoice_issue(actor=SYSTEM, invoice=draft(world, now=now))
    doc = EInvoiceDocument.objects.get(invoice=inv)
    assert doc.status == "rejected"
    admin = login("cadmin")
    page = admin.get(f"/clouds/telenet/invoices/{inv.pk}/").content.decode()
    assert 'id="einvoice-documents"' in page and "303" in page
    assert f"/clouds/telenet/e-invoices/{doc.pk}/retry/" in page
    listing = admin.get("/clouds/telenet/e-invoices/").content.decode()
    assert inv.number in listing and 'data-status="rejected"' in listing
    cloud_legal_update(actor=SYSTEM, cloud=Cloud.objects.get(slug="telenet"), tax_id="EKU9003173C9")
    with django_capture_on_commit_callbacks(execute=True):
        resp = admin.post(f"/clouds/telenet/e-invoices/{doc.pk}/retry/")
    assert resp.status_code == 302
    doc.refresh_from_db()
    assert doc.status == "accepted"
    page = admin.get(f"/clouds/telenet/invoices/{inv.pk}/").content.decode()
    assert doc.unique_code in page and "data:image/png;base64," in page
    xml = admin.get(f"/clouds/telenet/e-invoices/{doc.pk}/xml")
    assert xml["Content-Type"] == "application/xml" and b"TimbreFiscalDigital" in xml.content
    # the subscriber sees its own, without a retry button; another's is a 404
    own = login("subscriber").get(f"/clouds/telenet/invoices/{inv.pk}/").content.decode()
    assert doc.unique_code in own and "/retry/" not in own
    assert login("subscriber2").get(f"/clouds/telenet/e-invoices/{doc.pk}/xml").status_code == 404
    assert login("padmin").get("/provider/e-invoices/").status_code == 200
    assert login("cadmin").get("/provider/e-invoices/").status_code == 403


def test_pdf_carries_the_accepted_document(world, pac, django_capture_on_commit_callbacks) -> None:
    from cambill.invoicing.pdf import invoice_context

    now = clock.now()
    mexican(world, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        inv = invoice_issue(actor=SYSTEM, invoice=draft(world, now=now))
    doc = EInvoiceDocument.objects.get(invoice=inv)
    legal = invoice_context(inv)["einvoice"]
    assert legal["unique_code"] == doc.unique_code
    assert legal["qr_image"].startswith("data:image/png;base64,")
    labels = dict(legal["fields"])
    assert labels["Sello digital del SAT"] == doc.extras["sello_sat"]
    assert labels["Sello digital del CFDI"] == doc.extras["sello"]
    assert labels["No. de serie del CSD"] == "30001000000400002434"
    assert "Este documento es una representación impresa de un CFDI" in legal["legends"]


def test_email_attaches_the_stamped_xml(world, pac, django_capture_on_commit_callbacks) -> None:
    from cambill.notifications.models import Message
    from cambill.notifications.services import build_email

    now = clock.now()
    mexican(world, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        inv = invoice_issue(actor=SYSTEM, invoice=draft(world, now=now))
    doc = EInvoiceDocument.objects.get(invoice=inv)
    msg = Message(
        cloud=inv.cloud, invoice=inv, kind="invoice_issued", subject="s", body="b", to=["a@b.c"]
    )
    email = build_email(msg)
    names = [a[0] for a in email.attachments]
    assert names == [f"{inv.number}.pdf", f"{inv.number}.xml"]
    assert email.attachments[1][1] == bytes(doc.stamped_xml)
    assert email.attachments[1][2] == "application/xml"


def test_email_waits_until_the_document_is_accepted(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    from cambill.einvoice.printed import LegalDocumentPending
    from cambill.notifications.models import Message
    from cambill.notifications.services import build_email

    now = clock.now()
    mexican(world, now=now)
    pac.outage(1)
    with django_capture_on_commit_callbacks(execute=True):
        inv = invoice_issue(actor=SYSTEM, invoice=draft(world, now=now))
    assert EInvoiceDocument.objects.get(invoice=inv).status == "signed"
    msg = Message(
        cloud=inv.cloud, invoice=inv, kind="invoice_issued", subject="s", body="b", to=["a@b.c"]
    )
    with pytest.raises(LegalDocumentPending):
        build_email(msg)


def test_co_email_attaches_dians_attached_document(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    from lxml import etree

    from cambill.notifications.models import Message
    from cambill.notifications.services import build_email

    from .issuing_helpers import colombian

    now = clock.now()
    colombian(world, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        inv = invoice_issue(
            actor=SYSTEM, invoice=draft(world, now=now, net="100000.00", percent="19")
        )
    doc = EInvoiceDocument.objects.get(invoice=inv)
    assert doc.status == "accepted"
    msg = Message(
        cloud=inv.cloud, invoice=inv, kind="invoice_issued", subject="s", body="b", to=["a@b.c"]
    )
    name, data, mime = build_email(msg).attachments[1]
    assert name == f"{doc.number}-attached.xml" and mime == "application/xml"
    root = etree.fromstring(data)
    assert etree.QName(root).localname == "AttachedDocument"
    assert doc.unique_code.encode() in data
