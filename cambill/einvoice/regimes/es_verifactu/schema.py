"""AEAT's schemas (vendored in ``xsd/``, see its PROVENANCE), loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from ...protocol import ValidationIssue

XSD = Path(__file__).resolve().parent / "xsd"


@cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / name)))


def _check(xml: bytes, name: str) -> list[ValidationIssue]:
    try:
        doc = etree.fromstring(xml)
    except etree.XMLSyntaxError as e:
        return [ValidationIssue("xml", "es-verifactu.xsd", str(e))]
    schema = _schema(name)
    if schema.validate(doc):
        return []
    return [
        ValidationIssue(f"line {err.line}", "es-verifactu.xsd", err.message)
        for err in schema.error_log
    ]


def validate(xml: bytes) -> list[ValidationIssue]:
    """A ``RegFactuSistemaFacturacion`` against ``SuministroLR.xsd`` (empty: valid)."""
    return _check(xml, "SuministroLR.xsd")


def validate_reply(xml: bytes) -> list[ValidationIssue]:
    """A ``RespuestaRegFactuSistemaFacturacion`` against ``RespuestaSuministro.xsd``."""
    return _check(xml, "RespuestaSuministro.xsd")
