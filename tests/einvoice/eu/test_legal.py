"""The EN 16931 regimes' keys (issue #20, point 1): Peppol addresses checked for
their scheme and check digits, the VAT category and its reason, the IBAN, the
issuer established in the EU; EU VAT ids and Spanish NIFs checked offline."""

from __future__ import annotations

import pytest

from cambill.einvoice import legal
from cambill.einvoice.legal import LegalDataError, clean_einvoice, clean_legal


def fields(e: pytest.ExceptionInfo[LegalDataError]) -> set[str]:
    return set(e.value.fields())


def test_a_peppol_issuer_keeps_its_address_iban_and_access_point() -> None:
    clean = clean_einvoice(
        {
            "regime": "eu-peppol",
            "endpoint_scheme": "0208",
            "endpoint_id": "0477472701",
            "iban": "BE71 0961 2345 6769",
        },
        role="cloud",
        country="BE",
    )
    assert clean.public == {
        "regime": "eu-peppol",
        "endpoint_scheme": "0208",
        "endpoint_id": "0477472701",
        "access_point": "sandbox",
        "iban": "BE71096123456769",
        "vat_category": "S",
    }


def test_wrong_peppol_keys_are_all_named() -> None:
    with pytest.raises(LegalDataError) as e:
        clean_einvoice(
            {
                "regime": "eu-peppol",
                "endpoint_scheme": "208",
                "endpoint_id": "0477472702",
                "iban": "BE00 0000",
                "access_point": "pigeon",
            },
            role="issuer",
            country="US",
        )
    assert fields(e) == {
        "einvoice.endpoint_scheme",
        "einvoice.iban",
        "einvoice.access_point",
        "country",
    }
    with pytest.raises(LegalDataError) as e:
        clean_einvoice(
            {"regime": "eu-peppol", "endpoint_scheme": "0208", "endpoint_id": "0477472702"},
            role="receiver",
        )
    assert fields(e) == {"einvoice.endpoint_id"}  # the enterprise number's check digits


def test_a_vat_category_without_vat_needs_its_reason() -> None:
    with pytest.raises(LegalDataError) as e:
        clean_einvoice({"regime": "eu-facturx", "vat_category": "AE"}, role="receiver")
    assert fields(e) == {"einvoice.vat_exemption_reason"}
    clean = clean_einvoice(
        {"regime": "eu-facturx", "vat_category": "AE", "vat_exemption_reason": "Reverse charge"},
        role="receiver",
    )
    assert clean.public["vat_category"] == "AE"
    with pytest.raises(LegalDataError) as e:
        clean_einvoice({"regime": "eu-facturx", "vat_category": "X"}, role="receiver")
    assert fields(e) == {"einvoice.vat_category"}


@pytest.mark.parametrize("regime", ["eu-facturx", "eu-peppol", "es-verifactu"])
def test_a_vat_category_that_is_not_text_is_refused(regime: str) -> None:
    # An empty object was once read as "no category given" and stored as S.
    with pytest.raises(LegalDataError) as e:
        clean_einvoice({"regime": regime, "vat_category": {}}, role="receiver")
    assert "einvoice.vat_category" in fields(e)
    assert clean_einvoice({"regime": "es-verifactu"}, role="receiver").public["vat_category"] == "S"


def test_peppol_receivers_need_an_address_and_a_reference() -> None:
    legal_data = {
        "legal_name": "Stad Gent",
        "tax_id": "0207451227",
        "country": "BE",
        "einvoice": {"regime": "eu-peppol"},
    }
    missing = {i.field for i in legal.missing_for_issuing(legal_data, role="receiver")}
    assert missing == {
        "einvoice.endpoint_scheme",
        "einvoice.endpoint_id",
        "einvoice.buyer_reference",
    }


@pytest.mark.parametrize(
    ("country", "tax_id", "ok"),
    [
        ("BE", "BE 0477.472.701", True),
        ("BE", "0477472702", False),
        ("FR", "FR44732829320", True),
        ("FR", "FR45732829320", False),
        ("ES", "A28015865", True),  # a CIF
        ("ES", "X1234567L", True),  # a NIE
        ("ES", "12345678A", False),
    ],
)
def test_eu_vat_ids_and_spanish_nifs_are_checked_offline(
    country: str, tax_id: str, ok: bool
) -> None:
    changes = {"tax_id": tax_id, "country": country, "einvoice": {"regime": "eu-facturx"}}
    if ok:
        out, _secrets = clean_legal(changes, current={}, role="receiver")
        assert out["tax_id"]
    else:
        with pytest.raises(LegalDataError) as e:
            clean_legal(changes, current={}, role="receiver")
        assert fields(e) == {"tax_id"}


def test_vies_is_asked_only_where_a_setting_turns_it_on(settings, monkeypatch) -> None:
    from stdnum.eu import vat as eu_vat

    asked: list[str] = []

    def check_vies(number: str) -> dict[str, object]:
        asked.append(number)
        return {"valid": number != "BE0477472701"}

    monkeypatch.setattr(eu_vat, "check_vies", check_vies)
    changes = {"tax_id": "0477472701", "country": "BE", "einvoice": {"regime": "eu-peppol"}}
    settings.CAMBILL_EINVOICE_VIES = False
    clean_legal(changes, current={}, role="receiver")
    assert asked == []  # offline by default
    settings.CAMBILL_EINVOICE_VIES = True
    with pytest.raises(LegalDataError) as e:
        clean_legal(changes, current={}, role="receiver")
    assert fields(e) == {"tax_id"} and asked == ["BE0477472701"]
    out, _secrets = clean_legal({**changes, "tax_id": "0207451227"}, current={}, role="receiver")
    assert out["tax_id"] == "0207451227"
