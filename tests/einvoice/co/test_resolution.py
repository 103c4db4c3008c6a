"""Numbers only inside the resolution's range and dates; a warning at 90 %."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from cambill.einvoice.protocol import EInvoiceError
from cambill.einvoice.regimes.co_dian import DianAdapter
from cambill.einvoice.regimes.co_dian import resolution as r

from . import factories as f

adapter = DianAdapter()
SMALL = {
    "number": "18760000002",
    "prefix": "TN",
    "range_from": 1,
    "range_to": 10,
    "valid_from": "2026-01-01",
    "valid_until": "2026-12-31",
}


def small() -> r.Resolution:
    res, issues = r.parse(SMALL)
    assert issues == [] and res is not None
    return res


def test_numbers_are_the_prefix_and_the_ranges_consecutive() -> None:
    res = small()
    assert r.number_for(res, 1) == "TN1"
    assert r.number_for(res, 10) == "TN10"
    with pytest.raises(EInvoiceError) as exc:
        r.number_for(res, 11)
    assert exc.value.code == "CO-RANGE"
    assert "TN11" in exc.value.issues[0].message and "used up" in exc.value.issues[0].message


def test_a_number_past_the_range_is_refused_before_building() -> None:
    value = f.invoice(number="TN11", seller=f.seller(resolution=SMALL))
    issues = adapter.check(value)
    assert [(i.field, i.code) for i in issues] == [("number", "CO-RANGE")]
    with pytest.raises(EInvoiceError) as exc:
        adapter.build(value, f.credentials())
    assert exc.value.code == "CO-DATA"
    assert [i.code for i in exc.value.issues] == ["CO-RANGE"]
    # the last number of the range is still fine
    assert adapter.check(f.invoice(number="TN10", seller=f.seller(resolution=SMALL))) == []


def test_a_number_with_another_prefix_is_refused() -> None:
    value = f.invoice(number="FE5", seller=f.seller(resolution=SMALL))
    assert [(i.field, i.code) for i in adapter.check(value)] == [("number", "CO-NUMBER")]


def test_an_expired_resolution_is_refused() -> None:
    value = f.invoice(
        number="TN3",
        seller=f.seller(resolution=SMALL),
        issued_at=datetime(2027, 1, 1, 5, 30, tzinfo=UTC),  # 2027-01-01 00:30 in Bogotá
    )
    issues = adapter.check(value)
    assert [(i.field, i.code) for i in issues] == [("issued_at", "CO-RESOLUTION-EXPIRED")]
    assert "2026-12-31" in issues[0].message
    # 2027-01-01 04:59 UTC is still 2026-12-31 in Bogotá: in force
    late = f.invoice(
        number="TN3",
        seller=f.seller(resolution=SMALL),
        issued_at=datetime(2027, 1, 1, 4, 59, tzinfo=UTC),
    )
    assert adapter.check(late) == []


def test_a_resolution_not_yet_in_force_is_refused() -> None:
    value = f.invoice(
        number="TN3",
        seller=f.seller(resolution=SMALL),
        issued_at=datetime(2025, 12, 31, 12, tzinfo=UTC),
    )
    assert [i.code for i in adapter.check(value)] == ["CO-RESOLUTION-DATES"]


def test_usage_warns_from_90_percent_once() -> None:
    res = small()
    assert r.usage(res, "TN8").warn is False
    nine = r.usage(res, "TN9")
    assert (nine.used, nine.remaining, nine.share, nine.warn) == (9, 1, Decimal("0.9000"), True)
    assert [r.crosses_warning(res, f"TN{n}") for n in (8, 9, 10)] == [False, True, False]


def test_a_malformed_resolution_names_each_key() -> None:
    res, issues = r.parse(
        {
            "number": "abc",
            "range_from": 10,
            "range_to": 5,
            "valid_from": "2026-02-01",
            "valid_until": "2026-01-01",
        }
    )
    assert res is None
    assert sorted(i.field for i in issues) == [
        "seller.einvoice.resolution.number",
        "seller.einvoice.resolution.range_to",
        "seller.einvoice.resolution.valid_until",
    ]
    assert r.parse(None)[1][0].code == "CO-RESOLUTION"
    assert (
        r.parse({"valid_from": date(2026, 1, 1)})[1][0].field == "seller.einvoice.resolution.number"
    )
