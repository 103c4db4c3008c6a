"""check(): every missing or wrong datum named, before anything is built."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from cambill.einvoice.protocol import EInvoiceError
from cambill.einvoice.regimes.mx_cfdi40 import Cfdi40Adapter, check
from cambill.einvoice.value import Address, Party
from tests.einvoice.mx import values as v


def fields(value) -> set[str]:  # type: ignore[no-untyped-def]
    return {issue.field for issue in check(value)}


def test_complete_documents_pass() -> None:
    assert check(v.invoice()) == []
    assert check(v.credit_note()) == []
    assert check(v.payment(v.part(1, "25.25", "10.00"))) == []
    assert check(v.invoice(buyer=v.subscriber_without_rfc())) == []


def test_every_missing_datum_is_named() -> None:
    seller = Party(name="", tax_id="", address=Address(country="MX"), regime_data={})
    buyer = Party(name="ACME", tax_id=v.BUYER_RFC, address=Address(country="MX"), regime_data={})
    lines = tuple(replace(line, product_code="", regime_unit_code="") for line in v.invoice().lines)
    assert fields(v.invoice(seller=seller, buyer=buyer, lines=lines)) == {
        "seller.tax_id",
        "seller.legal_name",
        "seller.einvoice.tax_regime",
        "seller.postal_code",
        "buyer.postal_code",
        "buyer.einvoice.tax_regime",
        "buyer.einvoice.cfdi_use",
        *(f"lines[{i}].product_code" for i in range(4)),
        *(f"lines[{i}].regime_unit_code" for i in range(4)),
    }


def test_wrong_data_is_named_with_the_catalogue() -> None:
    seller = replace(
        v.seller(),
        tax_id="EKU9003173C",
        regime_data={"tax_regime": "999"},
        address=Address(postal_code="4250", country="MX"),
    )
    buyer = replace(v.buyer(), regime_data={"tax_regime": "601", "cfdi_use": "G99"})
    issues = {
        i.field: i.message for i in check(v.invoice(seller=seller, buyer=buyer, currency="XYZ"))
    }
    assert set(issues) == {
        "seller.tax_id",
        "seller.einvoice.tax_regime",
        "seller.postal_code",
        "buyer.einvoice.cfdi_use",
        "currency",
    }
    assert (
        "999" in issues["seller.einvoice.tax_regime"]
        and "c_RegimenFiscal" in issues["seller.einvoice.tax_regime"]
    )
    assert "G99" in issues["buyer.einvoice.cfdi_use"]


def test_foreign_currency_is_named_until_exchange_rates_exist() -> None:
    assert fields(v.invoice(currency="USD")) == {"currency"}


def test_credit_note_needs_the_invoice_uuid() -> None:
    assert fields(v.credit_note(preceding_unique_code="")) == {"preceding_unique_code"}


def test_payment_checks() -> None:
    bad = replace(
        v.part(1, "25.25", "10.00"),
        invoice_unique_code="",
        balance_after=v.part(1, "25.25", "9.00").balance_after,
    )
    assert fields(v.payment(bad, payment_method="barter")) == {
        "payment_method",
        "payment_parts[0].invoice_unique_code",
        "payment_parts[0].balance_after",
    }
    # paying more than the balance: part() keeps balance_after = before - amount
    assert fields(v.payment(v.part(1, "5.00", "10.00"))) == {"payment_parts[0].amount"}


def test_paid_invoice_needs_a_payment_form() -> None:
    assert fields(v.invoice(paid=Decimal("25.25"), payment_method="")) == {"payment_method"}


def test_cancellation_checks() -> None:
    cancel = v.invoice(kind="cancellation", preceding_unique_code=v.INVOICE_UUID)
    assert check(cancel) == []  # motivo 02 by default
    assert fields(replace(cancel, reason_code="05")) == {"reason_code"}
    assert fields(replace(cancel, reason_code="01")) == {"replacement_unique_code"}
    assert check(replace(cancel, reason_code="01", replacement_unique_code=v.INVOICE_UUID)) == []


def test_build_refuses_with_every_issue() -> None:
    value = v.invoice(buyer=replace(v.buyer(), regime_data={}))
    with pytest.raises(EInvoiceError) as error:
        Cfdi40Adapter().build(value, v.test_credentials())
    assert error.value.code == "mx-cfdi40.check"
    assert {i.field for i in error.value.issues} == {
        "buyer.einvoice.tax_regime",
        "buyer.einvoice.cfdi_use",
    }


def test_iva_rates_sat_accepts() -> None:
    lines = (replace(v.invoice().lines[0], tax_percent=Decimal("19")), *v.invoice().lines[1:])
    assert fields(v.invoice(lines=lines)) == {"lines[0].tax_percent"}
    part = replace(v.part(1, "25.25", "10.00"), tax_percent=Decimal("15"))
    assert fields(v.payment(part)) == {"payment_parts[0].tax_percent"}
