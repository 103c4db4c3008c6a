"""``check`` names every missing or wrong datum; ``build`` refuses without keys or
with an expired certificate."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from cambill.einvoice.protocol import Credentials, EInvoiceError
from cambill.einvoice.regimes.co_dian import DianAdapter
from cambill.einvoice.value import Address, Party

from . import factories as f

adapter = DianAdapter()


def test_a_complete_invoice_has_no_issue() -> None:
    assert adapter.check(f.invoice()) == []


def test_every_missing_datum_is_named() -> None:
    value = f.invoice(
        currency="USD",
        seller=Party(name="Telenet Colombia SAS", tax_id="", address=Address(country="CO")),
        buyer=f.buyer(tax_id="X-1234", id_type=""),
    )
    fields = {(i.field, i.code) for i in adapter.check(value)}
    assert fields == {
        ("currency", "CO-CURRENCY"),
        ("seller.tax_id", "CO-NIT"),
        ("seller.einvoice.tax_responsibilities", "CO-RESPONSIBILITY"),
        ("seller.city", "CO-ADDRESS"),
        ("seller.region", "CO-ADDRESS"),
        ("seller.einvoice.environment", "CO-ENVIRONMENT"),
        ("seller.einvoice.software_id", "CO-SOFTWARE"),
        ("seller.einvoice.resolution", "CO-RESOLUTION"),
        ("buyer.einvoice.id_type", "CO-ID-TYPE"),
    }


def test_wrong_values_are_named() -> None:
    value = f.invoice(
        seller=f.seller(tax_responsibilities=["O-99"], environment="3"),
        buyer=f.buyer(tax_id="8600698041", id_type="31"),  # wrong check digit
    )
    fields = {(i.field, i.code) for i in adapter.check(value)}
    assert fields == {
        ("seller.einvoice.tax_responsibilities", "CO-RESPONSIBILITY"),
        ("seller.einvoice.environment", "CO-ENVIRONMENT"),
        ("buyer.tax_id", "CO-NIT"),
    }
    bad_type = f.invoice(buyer=f.buyer(id_type="99"))
    assert [(i.field, i.code) for i in adapter.check(bad_type)] == [
        ("buyer.einvoice.id_type", "CO-ID-TYPE")
    ]


def test_a_buyers_document_type_defaults_from_its_tax_id() -> None:
    nit = f.invoice(buyer=f.buyer(id_type=""))
    assert adapter.check(nit) == []
    assert (
        b'schemeID="2" schemeName="31">860069804</cbc:CompanyID>'
        in adapter.build(nit, f.credentials()).xml
    )
    abroad = replace(
        f.buyer(tax_id="B12345678", id_type=""),
        address=Address(city="Madrid", country="ES"),
    )
    built = adapter.build(f.invoice(buyer=abroad), f.credentials())
    assert adapter.validate(built.xml) == []
    assert b'schemeName="50">B12345678</cbc:CompanyID>' in built.xml


def test_a_cedula_buyer_has_no_check_digit() -> None:
    built = adapter.build(
        f.invoice(buyer=f.buyer(tax_id="1020304050", id_type="13")), f.credentials()
    )
    assert adapter.validate(built.xml) == []
    assert b'schemeName="13">1020304050</cbc:CompanyID>' in built.xml


def test_totals_that_do_not_add_up_are_named() -> None:
    value = replace(f.invoice(), total=f.invoice().total + 1)
    assert [(i.field, i.code) for i in adapter.check(value)] == [("total", "CO-TOTALS")]


def test_credit_note_needs_reference_and_discrepancy_code() -> None:
    value = f.credit_note("", reason_code="7")
    fields = {(i.field, i.code) for i in adapter.check(value)}
    assert fields == {("preceding_unique_code", "CO-REFERENCE"), ("reason_code", "CO-DISCREPANCY")}
    for code in "123456":
        assert adapter.check(f.credit_note("a" * 96, reason_code=code)) == []


def test_build_needs_the_pin_and_the_technical_key() -> None:
    creds = f.credentials()
    without = Credentials(creds.certificate_pem, creds.private_key_pem, secrets={})
    with pytest.raises(EInvoiceError) as exc:
        adapter.build(f.invoice(), without)
    assert {(i.field, i.code) for i in exc.value.issues} == {
        ("seller.einvoice.software_pin", "CO-SOFTWARE"),
        ("seller.einvoice.technical_key", "CO-TECHNICAL-KEY"),
    }


def test_an_expired_certificate_is_refused() -> None:
    cert, key = f.make_key(datetime(2020, 1, 1, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC))
    with pytest.raises(EInvoiceError) as exc:
        adapter.build(f.invoice(), Credentials(cert, key, secrets=dict(f.SECRETS)))
    assert exc.value.code == "CO-CERTIFICATE"
    assert "2026-03-31" in exc.value.issues[0].message
