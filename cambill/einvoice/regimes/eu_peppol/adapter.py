"""The eu-peppol regime adapter: UBL Invoice and CreditNote, Peppol BIS Billing 3.0."""

from __future__ import annotations

from ...protocol import AuthorityReply, Built, Credentials, ValidationIssue
from ...value import EInvoice
from ..en16931 import adapter as common
from ..en16931 import ubl
from ..en16931.validate import validate_ubl

REGIME = "eu-peppol"


class PeppolAdapter:
    """``RegimeAdapter`` for Peppol BIS Billing 3.0: nothing is signed (the access
    point's AS4 message is); zero fatal failures of EN 16931's and Peppol's rules."""

    regime = REGIME

    def check(self, value: EInvoice) -> list[ValidationIssue]:
        return list(common.prepare(value).issues)

    def build(self, value: EInvoice, credentials: Credentials) -> Built:
        return common.built(value, ubl.build, self.validate, syntax="UBL 2.1 / Peppol BIS 3.0")

    def validate(self, xml: bytes) -> list[ValidationIssue]:
        return validate_ubl(xml, peppol=True)

    def accept_reply(self, built: Built, reply: AuthorityReply) -> Built:
        return common.accepted(built, reply)
