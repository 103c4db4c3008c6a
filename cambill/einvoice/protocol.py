"""One protocol for every tax regime's adapter, one for every authority client.

An adapter turns an ``EInvoice`` into the regime's signed XML, validates it
offline, and talks to the authority through an ``AuthorityClient`` (the real one
configured by settings, a sandbox one in ``cambill_sandbox.einvoice`` for the demo and
the tests). Adapters are pure over their inputs except for the client call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .value import EInvoice


@dataclass(frozen=True)
class Credentials:
    """The issuer's signing material, decrypted for the length of one call."""

    certificate_pem: bytes  # X.509, PEM
    private_key_pem: bytes  # unencrypted PKCS#8 PEM (decrypted from storage)
    # regime secrets from the issuer's ``einvoice`` object (software_pin,
    # technical_key, PAC credentials ...)
    secrets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Built:
    """A signed document ready to submit."""

    xml: bytes  # exactly what will be sent
    unique_code: str  # CFDI UUID (after stamping; "" before), CUFE or CUDE
    qr: str  # the text of the QR the regime prescribes ("" until known)
    # regime-specific extras shown on the PDF (cadena original, Sello, ...)
    extras: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidationIssue:
    """One failed rule: where, which rule, what is wrong."""

    field: str  # a path a person understands: "buyer.tax_id", "lines[2].product_code"
    code: str  # the regime's rule id or our code: "cfdi40.xsd", "CO-CUFE", "BR-CO-17"
    message: str


@dataclass(frozen=True)
class AuthorityReply:
    """The authority's answer, as it said it."""

    status: str  # "accepted" | "rejected" | "pending" | "cancelled" | "unavailable"
    unique_code: str = ""  # the UUID a PAC stamps; DIAN echoes the CUFE
    xml: bytes = b""  # the document as the authority returns it (with TimbreFiscalDigital)
    codes: tuple[str, ...] = ()  # the authority's codes (DIAN "FAD06", SAT "CFDI40102" ...)
    message: str = ""
    raw: str = ""  # the reply exactly as received, for the record


class EInvoiceError(Exception):
    """A document cannot be built, signed or sent; ``issues`` say every reason."""

    def __init__(self, code: str, issues: list[ValidationIssue]) -> None:
        super().__init__("; ".join(f"{i.field}: {i.message}" for i in issues) or code)
        self.code = code
        self.issues = issues


class AuthorityClient(Protocol):
    """The tax authority (SAT through a PAC, DIAN's web service, ...)."""

    def submit(self, xml: bytes, *, test_set_id: str = "") -> AuthorityReply: ...

    def status(self, unique_code: str) -> AuthorityReply: ...

    def cancel(
        self, unique_code: str, *, reason_code: str, replacement: str = ""
    ) -> AuthorityReply: ...


class RegimeAdapter(Protocol):
    """One tax regime (``mx-cfdi40``, ``co-dian``; the European issue adds more)."""

    regime: str

    def check(self, value: EInvoice) -> list[ValidationIssue]:
        """Every missing or wrong piece of legal data, before building (empty: fine)."""
        ...

    def build(self, value: EInvoice, credentials: Credentials) -> Built:
        """The signed XML of the document (raises ``EInvoiceError`` on bad data)."""
        ...

    def validate(self, xml: bytes) -> list[ValidationIssue]:
        """Offline validation: the authority's XSD (and schematron where published)."""
        ...

    def accept_reply(self, built: Built, reply: AuthorityReply) -> Built:
        """The document as it stands after the authority's answer (a stamped CFDI
        gets its UUID, TimbreFiscalDigital and QR)."""
        ...
