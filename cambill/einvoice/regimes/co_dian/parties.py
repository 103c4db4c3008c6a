"""A party's identity as DIAN needs it: its document type, its number without and
with the NIT's check digit, its fiscal responsibilities and tax scheme."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum.co import nit as co_nit

from ...protocol import ValidationIssue
from ...value import Party
from .codes import (
    FINAL_CONSUMER_ID,
    FINAL_CONSUMER_ID_TYPE,
    FOREIGN_TAX_ID,
    ID_TYPES,
    NIT,
    TAX_RESPONSIBILITIES,
    TAX_SCHEMES,
)


@dataclass(frozen=True)
class Identity:
    id_type: str  # DIAN's document type code (31 NIT, 13 cédula, ...)
    number: str  # without the check digit
    check_digit: str  # the NIT's DV ("" for other document types)
    responsibilities: tuple[str, ...]
    tax_scheme: str  # 01 IVA, ZZ not applicable, ...
    person_type: str  # 1 legal entity, 2 natural person


def _responsibilities(party: Party, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = party.regime_data.get("tax_responsibilities")
    if raw is None or raw == []:
        return default
    if isinstance(raw, str):
        raw = [p for p in raw.replace(",", ";").split(";") if p.strip()]
    return tuple(str(r).strip() for r in raw)


def identity(party: Party, *, role: str) -> tuple[Identity, list[ValidationIssue]]:
    """The party's identity (``role`` is ``seller`` or ``buyer``) and every reason it is
    not one DIAN accepts. A buyer with no tax id is DIAN's final consumer."""
    data = party.regime_data
    issues: list[ValidationIssue] = []
    raw_id = (party.tax_id or "").strip()
    if role == "buyer" and not raw_id:
        return Identity(
            id_type=FINAL_CONSUMER_ID_TYPE,
            number=FINAL_CONSUMER_ID,
            check_digit="",
            responsibilities=("R-99-PN",),
            tax_scheme="ZZ",
            person_type="2",
        ), []
    id_type = str(data.get("id_type") or (NIT if role == "seller" else "")).strip()
    if not id_type:
        # a buyer with no DIAN document type: its valid NIT is a NIT; abroad, a foreign
        # tax id ("NIT de otro país"); anything else must be told
        if co_nit.is_valid(co_nit.compact(raw_id)):
            id_type = NIT
        elif party.address.country and party.address.country != "CO":
            id_type = FOREIGN_TAX_ID
    if role == "seller" and id_type != NIT:
        issues.append(
            ValidationIssue(
                "seller.einvoice.id_type",
                "CO-ID-TYPE",
                _("A DIAN issuer is identified by its NIT (31)."),
            )
        )
    elif not id_type:
        issues.append(
            ValidationIssue(
                f"{role}.einvoice.id_type",
                "CO-ID-TYPE",
                _("The DIAN identity document type (id_type: 31 NIT, 13 cédula, ...) is missing."),
            )
        )
    elif id_type not in ID_TYPES:
        issues.append(
            ValidationIssue(
                f"{role}.einvoice.id_type",
                "CO-ID-TYPE",
                _("%(value)s is not a DIAN identity document type (%(codes)s).")
                % {"value": repr(id_type), "codes": ", ".join(ID_TYPES)},
            )
        )
    number, check_digit = raw_id, ""
    if not raw_id:
        issues.append(ValidationIssue(f"{role}.tax_id", "CO-NIT", _("The NIT is missing.")))
    elif id_type == NIT:
        compact = co_nit.compact(raw_id)
        if not co_nit.is_valid(compact):
            issues.append(
                ValidationIssue(
                    f"{role}.tax_id",
                    "CO-NIT",
                    _("%(value)s is not a valid NIT with its check digit.")
                    % {"value": repr(raw_id)},
                )
            )
        else:
            number, check_digit = compact[:-1], compact[-1]
    elif not raw_id.replace("-", "").isalnum():
        issues.append(
            ValidationIssue(
                f"{role}.tax_id",
                "CO-ID",
                _("%(value)s is not an identity document number.") % {"value": repr(raw_id)},
            )
        )
    responsibilities = _responsibilities(party, ("R-99-PN",))
    for r in responsibilities:
        if r not in TAX_RESPONSIBILITIES:
            issues.append(
                ValidationIssue(
                    f"{role}.einvoice.tax_responsibilities",
                    "CO-RESPONSIBILITY",
                    _("%(value)s is not a DIAN fiscal responsibility (%(codes)s).")
                    % {"value": repr(r), "codes": ", ".join(TAX_RESPONSIBILITIES)},
                )
            )
    if role == "seller" and not party.regime_data.get("tax_responsibilities"):
        issues.append(
            ValidationIssue(
                "seller.einvoice.tax_responsibilities",
                "CO-RESPONSIBILITY",
                _('The issuer\'s fiscal responsibilities (e.g. ["O-13"]) are missing.'),
            )
        )
    tax_scheme = str(data.get("tax_scheme") or ("01" if role == "seller" else "ZZ"))
    if tax_scheme not in TAX_SCHEMES:
        issues.append(
            ValidationIssue(
                f"{role}.einvoice.tax_scheme",
                "CO-TAX-SCHEME",
                _("%(value)s is not a DIAN tax scheme (%(codes)s).")
                % {"value": repr(tax_scheme), "codes": ", ".join(TAX_SCHEMES)},
            )
        )
    person_type = str(data.get("person_type") or ("1" if id_type in (NIT, "50") else "2"))
    return Identity(
        id_type=id_type,
        number=number.replace("-", ""),
        check_digit=check_digit,
        responsibilities=responsibilities,
        tax_scheme=tax_scheme,
        person_type=person_type,
    ), issues
