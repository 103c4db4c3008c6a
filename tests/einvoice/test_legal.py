"""Legal data checked offline (cambill.einvoice.legal): tax ids by country with
python-stdnum, and each regime's own keys."""

from __future__ import annotations

from typing import Any

import pytest

from cambill.einvoice import legal
from cambill.einvoice.legal import LegalDataError, clean_einvoice, clean_legal, clean_tax_id

MX_ISSUER = {"regime": "mx-cfdi40", "tax_regime": "601", "series": "A", "pac": "sandbox"}
CO_ISSUER: dict[str, Any] = {
    "regime": "co-dian",
    "tax_responsibilities": ["O-13"],
    "software_id": "56f2ae4e-9812-4fad-9255-08fcfcd5ccb0",
    "software_pin": "12345",
    "technical_key": "fc8eac422eba16e22ffd8c6f94b3f40a6e38162c",
    "environment": 2,
    "test_set_id": "1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5",
    "resolution": {
        "number": "18760000001",
        "prefix": "SETP",
        "range_from": 990000000,
        "range_to": 995000000,
        "valid_from": "2019-01-19",
        "valid_until": "2030-01-19",
    },
}


def fields_of(e: pytest.ExceptionInfo[LegalDataError]) -> dict[str, list[str]]:
    return e.value.fields()


# --- tax ids ----------------------------------------------------------------------------


def test_a_mexican_rfc_is_checked_with_its_check_digit() -> None:
    assert clean_tax_id("MX", "eku900317-3c9") == "EKU9003173C9"
    with pytest.raises(ValueError, match="not a valid RFC for MX"):
        clean_tax_id("MX", "EKU9003173C8")  # last character: the check digit


def test_sat_generic_rfcs_are_accepted() -> None:
    assert clean_tax_id("MX", "XAXX010101000") == "XAXX010101000"
    assert clean_tax_id("MX", "xexx010101000") == "XEXX010101000"


def test_a_colombian_nit_needs_its_check_digit() -> None:
    # DIAN's worked example: NIT 900373076, check digit 4 (the ninth-digit modulus-11 rule)
    assert clean_tax_id("CO", "900.373.076-4") == "9003730764"
    assert legal.nit_parts("9003730764") == ("900373076", "4")
    with pytest.raises(ValueError, match="NIT"):
        clean_tax_id("CO", "900373076-5")


def test_a_colombian_receiver_with_a_cedula_is_not_checked_as_a_nit() -> None:
    assert clean_tax_id("CO", "1.020.304.050", id_type="13") == "1020304050"
    with pytest.raises(ValueError):
        clean_tax_id("CO", "1020304050", id_type="31")  # no valid check digit as a NIT


def test_other_countries_use_stdnum_vat_modules_and_unknown_ones_pass() -> None:
    assert clean_tax_id("DE", "DE 136 695 976") == "136695976"
    with pytest.raises(ValueError):
        clean_tax_id("DE", "DE136695977")
    assert clean_tax_id("US", "12-3456789") == "12-3456789"
    assert clean_tax_id("", " free text ") == "freetext"


def test_countries_are_iso_3166_alpha_2() -> None:
    assert legal.clean_country("mx") == "MX"
    assert legal.clean_country("") == ""
    for wrong in ("MEX", "EU", "ZZ", "1"):
        with pytest.raises(ValueError):
            legal.clean_country(wrong)
    assert {"MX", "CO", "ES", "BR"} <= set(legal.countries())


# --- the regime's keys ---------------------------------------------------------------------


def test_mx_issuer_keys_are_kept_and_the_pac_password_goes_to_the_secrets() -> None:
    clean = clean_einvoice({**MX_ISSUER, "pac_password": "s3cret"}, role="issuer", country="MX")
    assert clean.public == {
        "regime": "mx-cfdi40",
        "tax_regime": "601",
        "series": "A",
        "pac": "sandbox",
        "pac_username": "",
    }
    assert clean.secrets == {"pac_password": "s3cret"}


def test_mx_codes_come_from_sats_catalogues() -> None:
    with pytest.raises(LegalDataError) as e:
        clean_einvoice(
            {"regime": "mx-cfdi40", "tax_regime": "699", "cfdi_use": "Z99"},
            role="receiver",
            country="MX",
        )
    assert set(fields_of(e)) == {"einvoice.tax_regime", "einvoice.cfdi_use"}
    # the names the forms show cover exactly SAT's codes
    assert set(legal.MX_TAX_REGIMES) == legal.sat_codes("c_RegimenFiscal")
    assert set(legal.MX_CFDI_USES) == legal.sat_codes("c_UsoCFDI")


def test_a_key_of_the_other_side_or_regime_is_refused() -> None:
    with pytest.raises(LegalDataError) as e:
        clean_einvoice({**MX_ISSUER, "cfdi_use": "G03"}, role="issuer")
    assert list(fields_of(e)) == ["einvoice.cfdi_use"]
    with pytest.raises(LegalDataError) as e:
        clean_einvoice({"regime": "co-dian", "tax_regime": "601"}, role="receiver")
    assert list(fields_of(e)) == ["einvoice.tax_regime"]
    with pytest.raises(LegalDataError) as e:
        clean_einvoice({"regime": "fr-facturx"}, role="cloud")
    assert list(fields_of(e)) == ["einvoice.regime"]


def test_a_cloud_has_both_sides_keys() -> None:
    clean = clean_einvoice({**MX_ISSUER, "cfdi_use": "G03"}, role="cloud", country="MX")
    assert clean.public["cfdi_use"] == "G03"


def test_an_issuer_of_a_regime_is_established_in_its_country() -> None:
    with pytest.raises(LegalDataError) as e:
        clean_einvoice(MX_ISSUER, role="issuer", country="CO")
    assert list(fields_of(e)) == ["country"]
    # a receiver may be abroad (a foreign customer of a Mexican cloud)
    clean_einvoice({"regime": "mx-cfdi40", "cfdi_use": "S01"}, role="receiver", country="US")


def test_dian_issuer_keys() -> None:
    clean = clean_einvoice(CO_ISSUER, role="issuer", country="CO")
    assert clean.secrets == {
        "software_pin": "12345",
        "technical_key": "fc8eac422eba16e22ffd8c6f94b3f40a6e38162c",
    }
    assert "software_pin" not in clean.public and "technical_key" not in clean.public
    assert clean.public["resolution"]["range_to"] == 995000000
    assert clean.public["environment"] == 2


def test_dian_issuer_every_wrong_key_at_once() -> None:
    wrong = {
        **CO_ISSUER,
        "tax_responsibilities": ["O-13", "X-1"],
        "software_id": "not-a-uuid",
        "technical_key": "zz",
        "environment": 3,
        "resolution": {
            "number": "18A",
            "range_from": 10,
            "range_to": 5,
            "valid_from": "2030-01-01",
            "valid_until": "2020-01-01",
            "extra": 1,
        },
    }
    with pytest.raises(LegalDataError) as e:
        clean_einvoice(wrong, role="issuer", country="CO")
    assert set(fields_of(e)) == {
        "einvoice.tax_responsibilities",
        "einvoice.software_id",
        "einvoice.technical_key",
        "einvoice.environment",
        "einvoice.resolution.number",
        "einvoice.resolution.range_to",
        "einvoice.resolution.valid_until",
        "einvoice.resolution.extra",
    }


def test_secrets_are_kept_when_left_out_cleared_when_empty_dropped_with_the_regime() -> None:
    stored = {"software_pin": "12345", "technical_key": "abc"}
    keep = {k: v for k, v in CO_ISSUER.items() if k not in ("software_pin", "technical_key")}
    assert clean_einvoice(keep, role="issuer", secrets=stored).secrets == stored
    cleared = clean_einvoice({**keep, "software_pin": ""}, role="issuer", secrets=stored)
    assert cleared.secrets == {"technical_key": "abc"}
    other = clean_einvoice(MX_ISSUER, role="issuer", secrets=stored)
    assert other.secrets == {}


def test_clean_legal_rechecks_the_stored_tax_id_when_the_country_changes() -> None:
    current = {"tax_id": "EKU9003173C9", "country": "", "einvoice": {"regime": "none"}}
    with pytest.raises(LegalDataError) as e:
        clean_legal({"country": "CO"}, current=current, role="cloud")
    assert list(fields_of(e)) == ["tax_id"]
    out, secrets = clean_legal({"country": "mx"}, current=current, role="cloud")
    assert out == {"country": "MX", "einvoice": {"regime": "none"}}
    assert secrets == {}


def test_missing_for_issuing_names_every_missing_field() -> None:
    data: dict[str, Any] = {
        "legal_name": "Escuela Kemper Urgate",
        "tax_id": "EKU9003173C9",
        "country": "MX",
        "einvoice": {"regime": "mx-cfdi40", "tax_regime": "601"},
    }
    missing = [i.field for i in legal.missing_for_issuing(data, role="issuer")]
    assert missing == ["postal_code", "street", "city", "einvoice.pac"]
    assert legal.missing_for_issuing({"einvoice": {"regime": "none"}}, role="issuer") == []


def test_the_optional_keys_the_adapters_read_are_checked() -> None:
    clean = clean_einvoice(
        {
            **CO_ISSUER,
            "environment": "2",  # as text too
            "tax_scheme": "01",
            "person_type": "1",
            "municipality_code": "11001",
            "software_provider_nit": "900.373.076-4",
        },
        role="issuer",
        country="CO",
    )
    assert clean.public["environment"] == 2
    assert clean.public["software_provider_nit"] == "9003730764"
    assert (clean.public["tax_scheme"], clean.public["municipality_code"]) == ("01", "11001")
    with pytest.raises(LegalDataError) as e:
        clean_einvoice(
            {
                "regime": "co-dian",
                "id_type": "31",
                "tax_scheme": "99",
                "person_type": "3",
                "municipality_code": "110",
            },
            role="receiver",
        )
    assert set(fields_of(e)) == {
        "einvoice.tax_scheme",
        "einvoice.person_type",
        "einvoice.municipality_code",
    }
    foreign = clean_einvoice(
        {"regime": "mx-cfdi40", "cfdi_use": "S01", "tax_regime": "616", "fiscal_residence": "USA"},
        role="receiver",
        country="US",
    )
    assert foreign.public["fiscal_residence"] == "USA"


def test_the_regime_is_said_and_codes_are_text() -> None:
    with pytest.raises(LegalDataError) as e:
        clean_einvoice({"tax_regime": "601"}, role="issuer")
    assert list(fields_of(e)) == ["einvoice.regime"]
    with pytest.raises(LegalDataError) as e:
        clean_einvoice({"regime": "co-dian", "id_type": 31}, role="receiver")
    assert list(fields_of(e)) == ["einvoice.id_type"]
    with pytest.raises(LegalDataError) as e:
        clean_einvoice({"regime": "mx-cfdi40", "tax_regime": 601}, role="receiver")
    assert list(fields_of(e)) == ["einvoice.tax_regime"]
