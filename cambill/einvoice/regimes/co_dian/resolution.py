"""The issuer's numbering resolution: DIAN authorizes a prefix, a range of
consecutive numbers and a validity period; an invoice outside them is rejected.

cambill numbers a co-dian issuer's invoices with ``number_for`` (the resolution's
prefix + the range's n-th number), refuses a number past the range or a date outside
the validity with a clear error before anything is sent, and tells through ``usage``
when 90 % of the range is used so the issuer can ask DIAN for the next resolution.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ...protocol import EInvoiceError, ValidationIssue

WARN_AT = Decimal("0.9")  # the share of the range after which the issuer is told


@dataclass(frozen=True)
class Resolution:
    number: str
    prefix: str
    range_from: int
    range_to: int
    valid_from: date
    valid_until: date

    @property
    def size(self) -> int:
        return self.range_to - self.range_from + 1


def _date(raw: Any) -> date:
    return raw if isinstance(raw, date) else date.fromisoformat(str(raw))


def parse(
    raw: Any, field: str = "seller.einvoice.resolution"
) -> tuple[Resolution | None, list[ValidationIssue]]:
    """The resolution from an issuer's ``einvoice.resolution`` object, or every reason
    it cannot be used."""
    if not isinstance(raw, dict) or not raw:
        return None, [
            ValidationIssue(field, "CO-RESOLUTION", _("The DIAN numbering resolution is missing."))
        ]
    issues: list[ValidationIssue] = []
    for key in ("number", "range_from", "range_to", "valid_from", "valid_until"):
        if raw.get(key) in (None, ""):
            issues.append(
                ValidationIssue(
                    f"{field}.{key}",
                    "CO-RESOLUTION",
                    _("The resolution's %(key)s is missing.") % {"key": key},
                )
            )
    if issues:
        return None, issues
    try:
        res = Resolution(
            number=str(raw["number"]).strip(),
            prefix=str(raw.get("prefix") or "").strip(),
            range_from=int(raw["range_from"]),
            range_to=int(raw["range_to"]),
            valid_from=_date(raw["valid_from"]),
            valid_until=_date(raw["valid_until"]),
        )
    except (TypeError, ValueError) as exc:
        return None, [
            ValidationIssue(
                field,
                "CO-RESOLUTION",
                _("The resolution is malformed: %(error)s.") % {"error": exc},
            )
        ]
    if not res.number.isdigit():
        issues.append(
            ValidationIssue(
                f"{field}.number", "CO-RESOLUTION", _("The resolution number must be digits only.")
            )
        )
    if res.range_from < 1 or res.range_to < res.range_from:
        issues.append(
            ValidationIssue(
                f"{field}.range_to",
                "CO-RESOLUTION",
                _(
                    "The resolution's range must go from a positive number up to a number not below it."
                ),
            )
        )
    if res.valid_until < res.valid_from:
        issues.append(
            ValidationIssue(
                f"{field}.valid_until", "CO-RESOLUTION", _("The resolution ends before it starts.")
            )
        )
    if len(res.prefix) > 4 or (not res.prefix.isalnum() and res.prefix):
        issues.append(
            ValidationIssue(
                f"{field}.prefix", "CO-RESOLUTION", _("The prefix has at most 4 letters or digits.")
            )
        )
    return (None, issues) if issues else (res, [])


def consecutive(res: Resolution, number: str) -> int | None:
    """The consecutive of a document number under this resolution (``None``: not one
    of its numbers: another prefix, or not digits after it)."""
    if not number.startswith(res.prefix):
        return None
    rest = number[len(res.prefix) :]
    return int(rest) if rest.isdigit() and not rest.startswith("0") else None


def number_for(res: Resolution, sequence: int) -> str:
    """The DIAN number of the issuer's ``sequence``-th invoice (1-based, cambill's
    gapless counter): prefix + the range's ``sequence``-th number. Past the range it
    raises, so no invoice takes a number DIAN did not authorize."""
    n = res.range_from + sequence - 1
    if sequence < 1 or n > res.range_to:
        raise EInvoiceError("CO-RANGE", [range_issue(res, n)])
    return f"{res.prefix}{n}"


def range_issue(res: Resolution, n: int) -> ValidationIssue:
    return ValidationIssue(
        "number",
        "CO-RANGE",
        _(
            "Number %(number)s is outside resolution %(resolution)s's range %(first)s-%(last)s: "
            "the range is used up; ask DIAN for a new numbering resolution."
        )
        % {
            "number": f"{res.prefix}{n}",
            "resolution": res.number,
            "first": f"{res.prefix}{res.range_from}",
            "last": f"{res.prefix}{res.range_to}",
        },
    )


def check_number(res: Resolution, number: str, on: date) -> list[ValidationIssue]:
    """Every reason ``number`` issued on ``on`` (the issuer's local date) is not
    authorized by the resolution."""
    issues: list[ValidationIssue] = []
    n = consecutive(res, number)
    if n is None:
        issues.append(
            ValidationIssue(
                "number",
                "CO-NUMBER",
                _(
                    "Number %(number)s is not the resolution's prefix %(prefix)s followed by "
                    "a consecutive number."
                )
                % {"number": repr(number), "prefix": repr(res.prefix)},
            )
        )
    elif not res.range_from <= n <= res.range_to:
        issues.append(range_issue(res, n))
    if on < res.valid_from:
        issues.append(
            ValidationIssue(
                "issued_at",
                "CO-RESOLUTION-DATES",
                _(
                    "Resolution %(resolution)s is valid from %(start)s, after the issue date %(date)s."
                )
                % {
                    "resolution": res.number,
                    "start": res.valid_from.isoformat(),
                    "date": on.isoformat(),
                },
            )
        )
    if on > res.valid_until:
        issues.append(
            ValidationIssue(
                "issued_at",
                "CO-RESOLUTION-EXPIRED",
                _(
                    "Resolution %(resolution)s expired on %(end)s; "
                    "ask DIAN for a new numbering resolution."
                )
                % {"resolution": res.number, "end": res.valid_until.isoformat()},
            )
        )
    return issues


@dataclass(frozen=True)
class Usage:
    """How much of the range a number has used."""

    used: int  # numbers up to and including this one
    size: int
    remaining: int
    share: Decimal  # used / size

    @property
    def warn(self) -> bool:
        """At least 90 % of the range is used: time to tell the issuer."""
        return self.share >= WARN_AT


def usage(res: Resolution, number: str) -> Usage:
    """The range used once ``number`` is issued (for the 90 % notification)."""
    n = consecutive(res, number)
    used = 0 if n is None else min(max(n - res.range_from + 1, 0), res.size)
    return Usage(
        used=used,
        size=res.size,
        remaining=res.size - used,
        share=(Decimal(used) / Decimal(res.size)).quantize(Decimal("0.0001")),
    )


def crosses_warning(res: Resolution, number: str) -> bool:
    """``number`` is the first one at or past 90 % of the range: notify once, here."""
    now = usage(res, number)
    if not now.warn:
        return False
    before = Decimal(now.used - 1) / Decimal(res.size)
    return before < WARN_AT
