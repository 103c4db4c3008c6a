"""The eu-facturx regime adapter: CII (D16B) in Factur-X's EN 16931 profile."""

from __future__ import annotations

from ...protocol import AuthorityReply, Built, Credentials, ValidationIssue
from ...value import EInvoice
from ..en16931 import adapter as common
from ..en16931 import cii
from ..en16931.validate import validate_cii

REGIME = "eu-facturx"


def schema_issues(xml: bytes) -> list[ValidationIssue]:
    """Factur-X's own XSD for the EN 16931 profile (shipped by the ``factur-x``
    library): the element order the schematron does not look at."""
    import logging

    from facturx import xml_check_xsd

    logging.getLogger("factur-x").setLevel(logging.ERROR)
    try:
        xml_check_xsd(xml, flavor="factur-x", level="en16931")
    except Exception as e:  # the library raises a plain exception naming the XSD error
        return [ValidationIssue("document", "FACTURX-XSD", str(e)[:500])]
    return []


class FacturXAdapter:
    """``RegimeAdapter`` for Factur-X EN 16931: zero fatal failures of CEN's CII
    rules and Factur-X's XSD; the PDF/A-3 is made from the validated XML."""

    regime = REGIME

    def check(self, value: EInvoice) -> list[ValidationIssue]:
        return list(common.prepare(value).issues)

    def build(self, value: EInvoice, credentials: Credentials) -> Built:
        return common.built(value, cii.build, self.validate, syntax="CII D16B / Factur-X EN 16931")

    def validate(self, xml: bytes) -> list[ValidationIssue]:
        return schema_issues(xml) or validate_cii(xml)

    def accept_reply(self, built: Built, reply: AuthorityReply) -> Built:
        return common.accepted(built, reply)
