"""A Peppol access point's REST API (the AS4 provider sends and receives the AS4
messages; cambill hands it the UBL document). Configured by settings:

- ``CAMBILL_PEPPOL_AP_URL``: the provider's base URL; documents are POSTed to
  ``{url}/documents`` and read at ``{url}/documents/{id}``;
- ``CAMBILL_PEPPOL_AP_TOKEN``: its bearer token.

The reply's ``id`` is the transmission's id (the document's ``unique_code``); its
``status`` one of ``accepted`` / ``delivered``, ``pending`` / ``queued``, ``rejected``.
Never called by the tests (the sandbox access point speaks the same interface).
"""

from __future__ import annotations

from typing import Any

import httpx

from ...protocol import AuthorityReply, EInvoiceError, ValidationIssue

_STATUS = {
    "accepted": "accepted",
    "delivered": "accepted",
    "sent": "accepted",
    "pending": "pending",
    "queued": "pending",
    "processing": "pending",
    "rejected": "rejected",
    "failed": "rejected",
}


class PeppolRestClient:
    def __init__(self, base_url: str, token: str, *, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> PeppolRestClient:
        from django.conf import settings

        url = str(getattr(settings, "CAMBILL_PEPPOL_AP_URL", "") or "")
        token = str(getattr(settings, "CAMBILL_PEPPOL_AP_TOKEN", "") or "")
        if not url or not token:
            raise EInvoiceError(
                "no_access_point",
                [
                    ValidationIssue(
                        "einvoice.access_point",
                        "no_access_point",
                        "No Peppol access point is configured (CAMBILL_PEPPOL_AP_URL, "
                        "CAMBILL_PEPPOL_AP_TOKEN).",
                    )
                ],
            )
        return cls(url, token)

    def _reply(self, response: httpx.Response) -> AuthorityReply:
        raw = response.text[:20000]
        if response.status_code >= 500:
            return AuthorityReply(
                status="unavailable", message=f"HTTP {response.status_code}", raw=raw
            )
        try:
            data: dict[str, Any] = response.json()
        except ValueError:
            data = {}
        if response.status_code >= 400:
            errors = data.get("errors") or []
            codes = (
                tuple(str(e.get("code") or e) for e in errors if e)
                if isinstance(errors, list)
                else ()
            )
            return AuthorityReply(
                status="rejected",
                codes=codes,
                message=str(data.get("message") or raw[:500]),
                raw=raw,
            )
        status = _STATUS.get(str(data.get("status") or "pending").lower(), "pending")
        return AuthorityReply(
            status=status,
            unique_code=str(data.get("id") or ""),
            message=str(data.get("message") or data.get("status") or ""),
            raw=raw,
        )

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}

    def submit(self, xml: bytes, *, test_set_id: str = "") -> AuthorityReply:
        response = httpx.post(
            f"{self.base_url}/documents",
            content=xml,
            headers={**self._headers(), "Content-Type": "application/xml"},
            timeout=self.timeout,
        )
        return self._reply(response)

    def status(self, unique_code: str) -> AuthorityReply:
        response = httpx.get(
            f"{self.base_url}/documents/{unique_code}",
            headers=self._headers(),
            timeout=self.timeout,
        )
        return self._reply(response)

    def cancel(
        self, unique_code: str, *, reason_code: str, replacement: str = ""
    ) -> AuthorityReply:
        """Peppol has no cancellation: a void is a credit note, sent as a document."""
        return AuthorityReply(
            status="rejected", message="Peppol documents are credited, not cancelled."
        )
