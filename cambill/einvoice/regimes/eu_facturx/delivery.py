"""Factur-X has no clearance authority nor network: the validated document is final
when built, and reaches the buyer inside the PDF attached to the invoice's e-mail.
``EmailDelivery`` answers the submission as the product's ``AuthorityClient``; the
document's ``unique_code`` is the SHA-256 of its XML (the fingerprint printed on the PDF)."""

from __future__ import annotations

import hashlib

from ...protocol import AuthorityReply


class EmailDelivery:
    def submit(self, xml: bytes, *, test_set_id: str = "") -> AuthorityReply:
        digest = hashlib.sha256(xml).hexdigest()
        return AuthorityReply(
            status="accepted",
            unique_code=digest.upper(),
            message="Factur-X: valid; delivered with the invoice's e-mail.",
            raw=f"sha256={digest}",
        )

    def status(self, unique_code: str) -> AuthorityReply:
        return AuthorityReply(status="accepted")

    def cancel(
        self, unique_code: str, *, reason_code: str, replacement: str = ""
    ) -> AuthorityReply:
        return AuthorityReply(
            status="rejected", message="A Factur-X invoice is credited, not cancelled."
        )
