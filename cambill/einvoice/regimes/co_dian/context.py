"""Everything the co-dian adapter needs besides the value's figures, gathered and
checked once: the issuer's software, environment and resolution, both parties'
identities, the issue date and time in Colombia, and every missing or wrong datum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from stdnum.co import nit as co_nit

from ...protocol import ValidationIssue
from ...value import EInvoice
from . import resolution as res_mod
from .codes import CREDIT_NOTE_REASONS, ENVIRONMENTS
from .parties import Identity, identity

# DIAN dates and times are Colombia's legal time (UTC-05:00, no daylight saving).
COLOMBIA = ZoneInfo("America/Bogota")


@dataclass(frozen=True)
class Context:
    value: EInvoice
    seller: Identity
    buyer: Identity
    environment: str  # "1" production, "2" test
    software_id: str
    software_provider: tuple[str, str]  # NIT and check digit of who runs the software
    software_pin: str
    technical_key: str
    test_set_id: str
    resolution: res_mod.Resolution | None  # invoices only
    local: datetime  # the issue instant in Colombia

    @property
    def issue_date(self) -> str:
        return self.local.strftime("%Y-%m-%d")

    @property
    def issue_time(self) -> str:
        return self.local.strftime("%H:%M:%S") + "-05:00"


def _secret(name: str, value: EInvoice, secrets: dict[str, str] | None) -> str:
    if secrets and secrets.get(name):
        return str(secrets[name])
    return str(value.seller.regime_data.get(name) or "")


def _total_issues(value: EInvoice) -> list[ValidationIssue]:
    zero = Decimal("0")
    sums = (
        ("line_total", sum((line.net for line in value.lines), zero), value.line_total),
        ("tax_total", sum((t.amount for t in value.taxes), zero), value.tax_total),
        ("allowance_total", sum((a.amount for a in value.allowances), zero), value.allowance_total),
        ("total", value.line_total - value.allowance_total + value.tax_total, value.total),
    )
    return [
        ValidationIssue(
            name,
            "CO-TOTALS",
            _("The parts of %(field)s add up to %(sum)s, not to %(total)s.")
            % {"field": name, "sum": computed, "total": stated},
        )
        for name, computed, stated in sums
        if computed != stated
    ]


def prepare(
    value: EInvoice, secrets: dict[str, str] | None = None
) -> tuple[Context | None, list[ValidationIssue]]:
    """The context of a document, or every reason it cannot be built. Without
    ``secrets`` (``check`` before the keys are decrypted) the software PIN and the
    technical key are not required."""
    issues: list[ValidationIssue] = []
    data: dict[str, Any] = value.seller.regime_data
    if value.kind not in ("invoice", "credit_note"):
        issues.append(
            ValidationIssue(
                "kind",
                "CO-KIND",
                _("DIAN documents here are invoices and credit notes, not %(kind)s.")
                % {"kind": value.kind},
            )
        )
    if value.currency != "COP":
        issues.append(
            ValidationIssue(
                "currency",
                "CO-CURRENCY",
                _("DIAN invoices are issued in COP here, not %(currency)s.")
                % {"currency": value.currency},
            )
        )
    if not value.number:
        issues.append(ValidationIssue("number", "CO-NUMBER", _("The document has no number.")))
    if value.issued_at.tzinfo is None:
        issues.append(
            ValidationIssue("issued_at", "CO-DATE", _("The issue time has no time zone."))
        )
    if not value.lines:
        issues.append(ValidationIssue("lines", "CO-LINES", _("The document has no lines.")))
    for line in value.lines:
        if not line.description.strip():
            issues.append(
                ValidationIssue(
                    f"lines[{line.position}].description",
                    "CO-LINES",
                    _("The line has no description."),
                )
            )
    seller, seller_issues = identity(value.seller, role="seller")
    buyer, buyer_issues = identity(value.buyer, role="buyer")
    issues += seller_issues + buyer_issues
    if not value.seller.name.strip():
        issues.append(
            ValidationIssue("seller.name", "CO-NAME", _("The issuer's legal name is missing."))
        )
    if not value.buyer.name.strip():
        issues.append(ValidationIssue("buyer.name", "CO-NAME", _("The buyer's name is missing.")))
    if value.seller.address.country and value.seller.address.country != "CO":
        issues.append(
            ValidationIssue(
                "seller.country", "CO-ADDRESS", _("A DIAN issuer's address is in Colombia (CO).")
            )
        )
    for key, label in (
        ("city", _("The issuer's city is missing.")),
        ("region", _("The issuer's region is missing.")),
        ("country", _("The issuer's country is missing.")),
    ):
        if not getattr(value.seller.address, key):
            issues.append(ValidationIssue(f"seller.{key}", "CO-ADDRESS", label))
    environment = str(data.get("environment") or "")
    if environment not in ENVIRONMENTS:
        issues.append(
            ValidationIssue(
                "seller.einvoice.environment",
                "CO-ENVIRONMENT",
                _("The DIAN environment must be 1 (production) or 2 (test)."),
            )
        )
    software_id = str(data.get("software_id") or "")
    provider = co_nit.compact(str(data.get("software_provider_nit") or ""))
    if provider and not co_nit.is_valid(provider):
        issues.append(
            ValidationIssue(
                "seller.einvoice.software_provider_nit",
                "CO-NIT",
                _("The software provider's NIT is not a valid NIT with its check digit."),
            )
        )
    if not software_id:
        issues.append(
            ValidationIssue(
                "seller.einvoice.software_id", "CO-SOFTWARE", _("The DIAN software id is missing.")
            )
        )
    pin = _secret("software_pin", value, secrets)
    key = _secret("technical_key", value, secrets)
    if secrets is not None:
        if not pin:
            issues.append(
                ValidationIssue(
                    "seller.einvoice.software_pin",
                    "CO-SOFTWARE",
                    _("The DIAN software PIN is missing."),
                )
            )
        if value.kind == "invoice" and not key:
            issues.append(
                ValidationIssue(
                    "seller.einvoice.technical_key",
                    "CO-TECHNICAL-KEY",
                    _("The resolution's technical key is missing."),
                )
            )
    local = value.issued_at.astimezone(COLOMBIA)
    resolution = None
    if value.kind == "invoice":
        resolution, res_issues = res_mod.parse(data.get("resolution"))
        issues += res_issues
        if resolution is not None and value.number:
            issues += res_mod.check_number(resolution, value.number, local.date())
    if value.kind == "credit_note":
        if not value.preceding_number or not value.preceding_unique_code:
            issues.append(
                ValidationIssue(
                    "preceding_unique_code",
                    "CO-REFERENCE",
                    _("A credit note references the invoice's number and accepted CUFE."),
                )
            )
        if value.preceding_issued_at is None:
            issues.append(
                ValidationIssue(
                    "preceding_issued_at",
                    "CO-REFERENCE",
                    _("The credited invoice's issue date is missing."),
                )
            )
        if value.reason_code not in CREDIT_NOTE_REASONS:
            issues.append(
                ValidationIssue(
                    "reason_code",
                    "CO-DISCREPANCY",
                    _("The credit note's DIAN discrepancy code must be one of 1-6, not %(code)s.")
                    % {"code": repr(value.reason_code)},
                )
            )
    issues += _total_issues(value)
    if issues:
        return None, issues
    return Context(
        value=value,
        seller=seller,
        buyer=buyer,
        environment=environment,
        software_id=software_id,
        # the issuer's own software unless a technology provider runs it
        software_provider=(provider[:-1], provider[-1])
        if provider
        else (seller.number, seller.check_digit),
        software_pin=pin,
        technical_key=key,
        test_set_id=str(data.get("test_set_id") or ""),
        resolution=resolution,
        local=local,
    ), []
