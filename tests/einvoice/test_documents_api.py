"""The e-invoice documents' API (issue #19, point 5): list by invoice, the XML with its
TimbreFiscalDigital, retry, the issue's 400 naming the field, and the scoping."""

from __future__ import annotations

import pytest
from lxml import etree

from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.einvoice.models import EInvoiceDocument
from cambill.invoicing.services import invoice_issue
from tests.api.helpers import bearer, err

from .issuing_helpers import draft, mexican
from .test_issuing import TFD

pytestmark = pytest.mark.django_db
URL = "/api/v1/clouds/telenet/e-invoices/"


def issued(world, capture):  # type: ignore[no-untyped-def]
    now = clock.now()
    mexican(world, now=now)
    with capture(execute=True):
        return invoice_issue(actor=SYSTEM, invoice=draft(world, now=now))


def test_list_detail_xml_and_retry(world, pac, django_capture_on_commit_callbacks) -> None:
    inv = issued(world, django_capture_on_commit_callbacks)
    client = bearer("cadmin")
    resp = client.get(URL, {"invoice": inv.pk})
    assert resp.status_code == 200
    (row,) = resp.json()["results"]
    assert (row["invoice"], row["document"], row["regime"], row["status"]) == (
        inv.pk,
        "invoice",
        "mx-cfdi40",
        "accepted",
    )
    assert row["unique_code"] and row["qr"] and row["attempts"] == 1
    assert row["authority_reply"]["codes"] == ["100"]
    assert client.get(f"{URL}{row['id']}/").json()["unique_code"] == row["unique_code"]
    xml = client.get(f"{URL}{row['id']}/xml")
    assert xml.status_code == 200 and xml["Content-Type"] == "application/xml"
    root = etree.fromstring(xml.content)
    assert root.find(f".//{TFD}TimbreFiscalDigital").get("UUID") == row["unique_code"]
    err(client.post(f"{URL}{row['id']}/retry"), 409, "invalid_state")


def test_the_issue_answers_400_naming_the_missing_field(world, pac) -> None:
    now = clock.now()
    mexican(world, now=now, postal_code="")
    inv = draft(world, now=now)
    resp = bearer("cadmin").post(f"/api/v1/clouds/telenet/invoices/{inv.pk}/issue/")
    body = err(resp, 400, "validation_error")
    assert "issuer.postal_code" in body["fields"]
    assert EInvoiceDocument.objects.count() == 0


def test_scoping_subscriber_sees_its_own_only(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    inv = issued(world, django_capture_on_commit_callbacks)
    doc = EInvoiceDocument.objects.get(invoice=inv)
    own = bearer("subscriber")
    assert [r["id"] for r in own.get(URL).json()["results"]] == [doc.pk]
    assert own.get(f"{URL}{doc.pk}/xml").status_code == 200
    other = bearer("subscriber2")
    assert other.get(URL).json()["results"] == []
    err(other.get(f"{URL}{doc.pk}/"), 404, "not_found")
    err(other.get(f"{URL}{doc.pk}/xml"), 404, "not_found")
    err(bearer("otheradmin").get(f"{URL}{doc.pk}/"), 404, "not_found")
    err(own.post(f"{URL}{doc.pk}/retry"), 403, "forbidden")
    # the provider's list holds its wholesale documents only
    assert bearer("padmin").get("/api/v1/provider/e-invoices/").json()["results"] == []


def test_provider_wholesale_documents(world, pac, django_capture_on_commit_callbacks) -> None:
    from decimal import Decimal

    from cambill.clouds.models import Cloud
    from cambill.einvoice.services import (
        cloud_legal_update,
        credential_upload,
        provider_legal_update,
    )
    from cambill.invoicing.models import Invoice

    from .certs import CSD_RFC, sat_csd

    now = clock.now()
    provider_legal_update(
        actor=SYSTEM,
        legal_name="ESCUELA KEMPER URGATE",
        country="MX",
        tax_id=CSD_RFC,
        street="Av. Reforma 1",
        city="Pachuca",
        postal_code="42501",
        einvoice={"regime": "mx-cfdi40", "tax_regime": "601", "pac": "sandbox"},
    )
    cer, key, password = sat_csd()
    credential_upload(
        actor=SYSTEM, cloud=None, certificate=cer, private_key=key, password=password, now=now
    )
    Cloud.objects.filter(slug="telenet").update(currency="MXN")
    cloud_legal_update(
        actor=SYSTEM,
        cloud=Cloud.objects.get(slug="telenet"),
        legal_name="UNIVERSIDAD ROBOTICA ESPAÑOLA",
        country="MX",
        tax_id="URE180429TM6",
        postal_code="86991",
        einvoice={"regime": "mx-cfdi40", "tax_regime": "601", "cfdi_use": "G03", "pac": "sandbox"},
    )
    w = draft(world, now=now, net="500.00", percent="0")
    Invoice.objects.filter(pk=w.pk).update(kind="wholesale", account=None, tax_percent=Decimal(0))
    w.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        w = invoice_issue(actor=SYSTEM, invoice=w)
    doc = EInvoiceDocument.objects.get(invoice=w)
    assert (doc.level, doc.status) == ("wholesale", "accepted")
    rows = bearer("padmin").get("/api/v1/provider/e-invoices/").json()["results"]
    assert [r["id"] for r in rows] == [doc.pk]
    xml = bearer("paccountant").get(f"/api/v1/provider/e-invoices/{doc.pk}/xml")
    assert b"TimbreFiscalDigital" in xml.content
    root = etree.fromstring(xml.content)
    assert root.find("{http://www.sat.gob.mx/cfd/4}Receptor").get("Rfc") == "URE180429TM6"
    # the cloud sees the provider's document to it; its subscribers do not
    assert [r["id"] for r in bearer("cadmin").get(URL).json()["results"]] == [doc.pk]
    assert bearer("subscriber").get(URL).json()["results"] == []
    err(bearer("cadmin").get(f"/api/v1/provider/e-invoices/{doc.pk}/"), 403, "forbidden")
