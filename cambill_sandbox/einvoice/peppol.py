"""A sandbox Peppol access point: what a real AS4 provider does with a document,
without the network. It checks the document against EN 16931's and Peppol's rules
(as a receiving access point does), that the receiver's electronic address is one
it knows (every address, unless ``known`` lists some), and answers with a
transmission id, as ``cambill.einvoice.regimes.eu_peppol.client`` reads a provider's
REST API. Kept in memory for the process (``shared()``)."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field

from lxml import etree

from cambill.einvoice.protocol import AuthorityReply
from cambill.einvoice.regimes.en16931.validate import validate_ubl

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"


@dataclass
class SandboxAccessPoint:
    known: set[tuple[str, str]] = field(default_factory=set)  # (scheme, id); empty: all
    sent: dict[str, bytes] = field(default_factory=dict)  # transmission id -> document
    unavailable: int = 0  # the next n submissions find the access point down
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _receiver(self, xml: bytes) -> tuple[str, str]:
        root = etree.fromstring(xml)
        el = root.find(f"{{{CAC}}}AccountingCustomerParty/{{{CAC}}}Party/{{{CBC}}}EndpointID")
        return ("", "") if el is None else (el.get("schemeID") or "", el.text or "")

    def submit(self, xml: bytes, *, test_set_id: str = "") -> AuthorityReply:
        with self._lock:
            if self.unavailable > 0:
                self.unavailable -= 1
                return AuthorityReply(status="unavailable", message="access point unavailable")
        problems = validate_ubl(xml, peppol=True)
        if problems:
            codes = tuple(sorted({p.code for p in problems}))
            return AuthorityReply(
                status="rejected",
                codes=codes,
                message="; ".join(f"{p.code}: {p.message}" for p in problems)[:2000],
                raw="<rejected/>",
            )
        receiver = self._receiver(xml)
        if self.known and receiver not in self.known:
            return AuthorityReply(
                status="rejected",
                codes=("SMP-UNKNOWN",),
                message=f"No Peppol participant {receiver[0]}:{receiver[1]} in the SMP.",
            )
        transmission = str(uuid.uuid4())
        with self._lock:
            self.sent[transmission] = xml
        return AuthorityReply(
            status="accepted",
            unique_code=transmission,
            message=f"Delivered to {receiver[0]}:{receiver[1]} (sandbox access point).",
            raw=f'{{"id": "{transmission}", "status": "delivered"}}',
        )

    def status(self, unique_code: str) -> AuthorityReply:
        if unique_code in self.sent:
            return AuthorityReply(status="accepted", unique_code=unique_code)
        return AuthorityReply(status="rejected", message="unknown transmission")

    def cancel(
        self, unique_code: str, *, reason_code: str, replacement: str = ""
    ) -> AuthorityReply:
        return AuthorityReply(
            status="rejected", message="Peppol documents are credited, not cancelled."
        )


_SHARED: list[SandboxAccessPoint] = []


def shared() -> SandboxAccessPoint:
    if not _SHARED:
        _SHARED.append(SandboxAccessPoint())
    return _SHARED[0]
