"""SAT's schemas and cadena stylesheets come from the pinned satcfdi wheel (byte
copies of SAT's files, see /work/shared/einvoice-official/SOURCES.md): an upgrade
that changes one must be looked at, so their digests are pinned here."""

from __future__ import annotations

import hashlib

import pytest

from cambill.einvoice.regimes.mx_cfdi40 import catalogs as cat


@pytest.mark.parametrize(
    ("path", "sha256"),
    [
        (cat.CFDV40_XSD, "75b96c24188719bf7c2f9c38e3e2c75cc5269cc28cb8a61c96e424a2eca1ecf9"),
        (cat.PAGOS20_XSD, "c95f8a4653f29aebbb862de6a4280f96d630c6b429cd515911be1b2a88a47b93"),
        (cat.TFD11_XSD, "33805c8d093cb802a4c5a51ba7ee64a11f1c4c66a00e8d605f4acef0023efe9a"),
        (cat.CATCFDI_XSD, "3cdfd878c7fc24882573d1924fe09e93923f3704456b9a2ec025dc35721a2831"),
        (
            cat.CADENA_CFDI40_XSLT,
            "885e497a4d68d9eb40ec3fc7c9ba36e3153122c2007158c6d4fefa22ed09e971",
        ),
        (cat.CADENA_TFD11_XSLT, "60af3e60a812e28c2a5d070d3ef0a5bca2e3726a35cc20dec62850bae56a4e1f"),
    ],
)
def test_sat_file_is_the_pinned_one(path: str, sha256: str) -> None:
    with open(path, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == sha256


def test_catalogues_read_from_sat_schema() -> None:
    assert {"601", "612", "616", "626"} <= cat.catalog("c_RegimenFiscal")
    assert {"G03", "S01", "CP01", "G02"} <= cat.catalog("c_UsoCFDI")
    assert cat.in_catalog("c_ClaveProdServ", "81112106")
    assert cat.in_catalog("c_ClaveUnidad", "E48")
    assert not cat.in_catalog("c_UsoCFDI", "G99")
