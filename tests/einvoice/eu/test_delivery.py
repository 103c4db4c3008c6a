"""How EN 16931 documents reach the buyer (issue #20): a Factur-X invoice's e-mail
carries the PDF/A-3 with the validated XML inside (no separate XML); a Peppol access
point's REST API is spoken as the client reads it (a local server stands in for it)."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer

from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.einvoice.models import EInvoiceDocument
from cambill.einvoice.regimes.eu_facturx import pdf as fxpdf
from cambill.einvoice.regimes.eu_peppol.client import PeppolRestClient
from cambill.invoicing.services import invoice_issue

from ..issuing_helpers import draft
from .helpers import french


@pytest.mark.django_db
def test_the_facturx_invoice_email_attaches_the_hybrid_pdf(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    from cambill.notifications.models import Message
    from cambill.notifications.services import build_email

    french(world)
    with django_capture_on_commit_callbacks(execute=True):
        inv = invoice_issue(actor=SYSTEM, invoice=draft(world, now=clock.now(), percent="20"))
    doc = EInvoiceDocument.objects.get(invoice=inv, document="invoice")
    assert doc.status == "accepted" and len(doc.unique_code) == 64  # the XML's SHA-256
    msg = Message(
        cloud=inv.cloud, invoice=inv, kind="invoice_issued", subject="s", body="b", to=["a@b.c"]
    )
    email = build_email(msg)
    assert [a[0] for a in email.attachments] == [f"{inv.number}.pdf"]
    name, xml = fxpdf.embedded(email.attachments[0][1])
    assert (name, xml) == ("factur-x.xml", bytes(doc.xml))


def test_the_rest_client_posts_the_document_and_reads_the_transmission(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request(
        "/v1/documents",
        method="POST",
        headers={"Authorization": "Bearer t0k", "Content-Type": "application/xml"},
        data=b"<Invoice/>",
    ).respond_with_json({"id": "tx-1", "status": "delivered"}, status=201)
    httpserver.expect_request("/v1/documents/tx-2", method="GET").respond_with_json(
        {"id": "tx-2", "status": "queued"}
    )
    client = PeppolRestClient(httpserver.url_for("/v1"), "t0k")
    reply = client.submit(b"<Invoice/>")
    assert (reply.status, reply.unique_code) == ("accepted", "tx-1")
    assert client.status("tx-2").status == "pending"


def test_the_rest_client_reports_rejections_and_outages(httpserver: HTTPServer) -> None:
    errors = {"message": "invalid", "errors": [{"code": "PEPPOL-EN16931-R003"}]}
    httpserver.expect_ordered_request("/documents", method="POST").respond_with_data(
        json.dumps(errors), status=422, content_type="application/json"
    )
    httpserver.expect_ordered_request("/documents", method="POST").respond_with_data(
        "down", status=503
    )
    client = PeppolRestClient(httpserver.url_for("/"), "t")
    rejected = client.submit(b"<Invoice/>")
    assert (rejected.status, rejected.codes) == ("rejected", ("PEPPOL-EN16931-R003",))
    assert client.submit(b"<Invoice/>").status == "unavailable"
