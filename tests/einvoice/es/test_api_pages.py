"""Verifactu through the same API and pages as the other regimes (issue #20, point 5):
the legal data takes ``es-verifactu`` with its series, the documents list the record's
Huella as ``unique_code`` and AEAT's ValidarQR URL as ``qr``, the XML is the record as
sent, the printed invoice carries the QR and the VERI*FACTU legend."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from lxml import etree

from cambill.accounts.models import User
from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.einvoice.models import EInvoiceDocument
from cambill.einvoice.regimes.es_verifactu.records import SF
from cambill.invoicing.services import invoice_issue
from tests.api.helpers import bearer, err

from ..issuing_helpers import draft
from .helpers import ISSUER_NIF, spanish

pytestmark = pytest.mark.django_db
URL = "/api/v1/clouds/telenet/e-invoices/"


def issued(world: Any, capture: Any) -> Any:
    now = clock.now()
    spanish(world, now=now)
    with capture(execute=True):
        return invoice_issue(actor=SYSTEM, invoice=draft(world, now=now, percent="21"))


def test_api_lists_the_huella_and_the_qr_and_serves_the_record(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    inv = issued(world, django_capture_on_commit_callbacks)
    client = bearer("cadmin")
    (row,) = client.get(URL, {"invoice": inv.pk}).json()["results"]
    doc = EInvoiceDocument.objects.get(pk=row["id"])
    assert (row["regime"], row["status"]) == ("es-verifactu", "accepted")
    assert row["unique_code"] == doc.unique_code and len(row["unique_code"]) == 64
    assert row["qr"].startswith("https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=")
    xml = client.get(f"{URL}{row['id']}/xml")
    assert xml.status_code == 200
    huella = etree.fromstring(xml.content).find(f".//{{{SF}}}RegistroAlta/{{{SF}}}Huella")
    assert huella is not None and huella.text == row["unique_code"]
    err(client.post(f"{URL}{row['id']}/retry"), 409, "invalid_state")


def test_api_sets_the_verifactu_legal_data_and_refuses_a_wrong_key(world) -> None:
    Cloud.objects.filter(slug="telenet").update(currency="EUR")
    client = bearer("cadmin")
    resp = client.patch(
        "/api/v1/clouds/telenet/legal/",
        {
            "legal_name": "Telenet Videovigilancia SL",
            "country": "ES",
            "tax_id": "ES" + ISSUER_NIF,
            "einvoice": {"regime": "es-verifactu", "series": "A/"},
        },
        format="json",
    )
    assert resp.status_code == 200, resp.json()
    assert resp.json()["einvoice"]["series"] == "A/" and resp.json()["tax_id"] == ISSUER_NIF
    body = err(
        client.patch(
            "/api/v1/clouds/telenet/legal/",
            {"einvoice": {"regime": "es-verifactu", "pac": "sandbox"}},
            format="json",
        ),
        400,
        "validation_error",
    )
    assert "einvoice.pac" in body["fields"]


def test_the_pages_save_the_series_and_print_the_qr_and_legend(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    from cambill.invoicing.pdf import invoice_context

    inv = issued(world, django_capture_on_commit_callbacks)
    admin = Client()
    admin.force_login(User.objects.get(username="cadmin"))
    page = admin.get("/clouds/telenet/legal/").content.decode()
    assert 'name="es_series"' in page and 'value="TN/"' in page
    form = {
        "legal_name": "Telenet Videovigilancia SL",
        "tax_id": ISSUER_NIF,
        "street": "Calle de Alcalá 1",
        "city": "Madrid",
        "postal_code": "28014",
        "country": "ES",
        "regime": "es-verifactu",
        "es_series": "B/",
    }
    resp = admin.post("/clouds/telenet/legal/", form)
    assert resp.status_code == 302, resp.content.decode()[:1500]
    assert Cloud.objects.get(slug="telenet").einvoice["series"] == "B/"
    listing = admin.get("/clouds/telenet/e-invoices/").content.decode()
    doc = EInvoiceDocument.objects.get(invoice=inv)
    assert doc.unique_code in listing
    printed = invoice_context(inv)["einvoice"]
    assert printed["unique_code"] == doc.unique_code
    assert printed["qr"] == doc.qr and printed["qr_image"].startswith("data:image/png;base64,")
    assert "VERI*FACTU" in printed["legends"]
    assert dict(printed["fields"])["CSV de la AEAT"] == doc.extras["aeat_csv"]


def test_a_certificate_naming_the_cif_as_fnmt_does_is_taken(world) -> None:
    from cambill.einvoice.services import cloud_legal_update, credential_upload
    from cambill_sandbox.einvoice.legal_demo import ES_CIF, es_certificate

    Cloud.objects.filter(slug="telenet").update(currency="EUR")
    cloud = cloud_legal_update(
        actor=SYSTEM, cloud=Cloud.objects.get(slug="telenet"), country="ES", tax_id=ES_CIF
    )
    cert, key = es_certificate()  # serialNumber IDCES-B86123452
    cred = credential_upload(actor=SYSTEM, cloud=cloud, certificate=cert, private_key=key)
    assert cred.tax_id == "IDCES" + ES_CIF
