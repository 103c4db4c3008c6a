"""Offline validation against the UBL 2.1 schemas with DIAN's extension schema, as
DIAN's toolbox distributes them (vendored in ``xsd/``, see ``xsd/PROVENANCE``).

One schema set per document type: the UBL main document plus
``DIAN_UBL_Structures.xsd``, so the ``ext:ExtensionContent`` (processed laxly) has its
``sts:DianExtensions`` and its ``ds:Signature`` (XML-DSig and XAdES 1.3.2) checked too.
``DIAN_UBL_Structures.xsd`` types the ``schemeID`` of ``sts:ProviderID`` and
``sts:AuthorizationProviderID`` as an identity document type, where the annex puts the
NIT's check digit there: that attribute is checked against the annex's rule (it is the
NIT's DV) and the schema checks the rest.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from ...protocol import ValidationIssue
from .codes import NIT, NS
from .cufe import nit_check_digit

XSD_DIR = Path(__file__).resolve().parent / "xsd"
MAINDOC = {
    NS["inv"]: "UBL-Invoice-2.1.xsd",
    NS["cn"]: "UBL-CreditNote-2.1.xsd",
    NS["ar"]: "UBL-ApplicationResponse-2.1.xsd",
    NS["ad"]: "UBL-AttachedDocument-2.1.xsd",
}
SCHEMA_CODE = "co-dian.xsd"


@cache
def schema_for(namespace: str) -> etree.XMLSchema:
    main = XSD_DIR / "maindoc" / MAINDOC[namespace]
    dian = XSD_DIR / "maindoc" / "DIAN_UBL_Structures.xsd"
    driver = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
        targetNamespace="urn:cambill:co-dian:schema-set" elementFormDefault="qualified">
      <xsd:import namespace="{namespace}" schemaLocation="{main.as_uri()}"/>
      <xsd:import namespace="{NS["sts"]}" schemaLocation="{dian.as_uri()}"/>
    </xsd:schema>"""
    return etree.XMLSchema(
        etree.fromstring(
            driver.encode(), base_url=(XSD_DIR / "maindoc" / "schema-set.xsd").as_uri()
        )
    )


def _provider_ids(root: Any) -> list[ValidationIssue]:
    """The annex's rule for the DIAN identifiers typed ``sts:coID2Type``: with
    ``schemeName`` 31 (NIT), ``schemeID`` is the NIT's check digit. Each checked one
    gets ``schemeID`` = its document type, so the schema checks the rest."""
    issues = []
    for tag in ("ProviderID", "AuthorizationProviderID"):
        for el in root.iter(f"{{{NS['sts']}}}{tag}"):
            number = (el.text or "").strip()
            if el.get("schemeName") == NIT:
                if not number.isdigit() or el.get("schemeID") != nit_check_digit(number):
                    issues.append(
                        ValidationIssue(
                            root.getroottree().getpath(el),
                            SCHEMA_CODE,
                            f"sts:{tag} {number!r}: schemeID must be the NIT's check digit.",
                        )
                    )
                el.set("schemeID", NIT)
    return issues


def validate(xml: bytes) -> list[ValidationIssue]:
    """Every schema error of a DIAN document (empty: valid)."""
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [ValidationIssue("/", SCHEMA_CODE, f"Not well-formed XML: {exc}")]
    namespace = etree.QName(root).namespace or ""
    if namespace not in MAINDOC:
        return [
            ValidationIssue(
                "/", SCHEMA_CODE, f"{etree.QName(root).localname} is not a DIAN UBL 2.1 document."
            )
        ]
    issues = _provider_ids(root)
    schema = schema_for(namespace)
    if not schema.validate(root):
        issues += [
            ValidationIssue(e.path or f"line {e.line}", SCHEMA_CODE, e.message)
            for e in schema.error_log
        ]
    return issues
