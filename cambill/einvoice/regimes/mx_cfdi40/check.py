"""Every missing or wrong piece of legal data a CFDI 4.0 needs, before building.

Codes are checked against SAT's own catalogues (``catCFDI.xsd``), RFCs with
``python-stdnum``; each issue names the datum as cambill's pages and API call it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from stdnum.mx import rfc as stdnum_rfc

from ...protocol import ValidationIssue
from ...value import EInvoice, Party
from . import catalogs as cat
from .build import forma_pago, is_foreign, is_publico_en_general

CODE = "mx-cfdi40.check"
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
RFC = re.compile(r"^[A-Z&Ñ]{3,4}[0-9]{2}(0[1-9]|1[012])(0[1-9]|[12][0-9]|3[01])[A-Z0-9]{2}[0-9A]$")


def _issue(field: str, message: str) -> ValidationIssue:
    return ValidationIssue(field=field, code=CODE, message=message)


def valid_rfc(value: str) -> bool:
    value = value.strip().upper()
    return bool(RFC.match(value)) and stdnum_rfc.is_valid(value)


def _catalog(out: list[ValidationIssue], field: str, catalogue: str, code: str, what: str) -> None:
    if not code:
        out.append(_issue(field, _("%(what)s is missing.") % {"what": what}))
    elif not cat.in_catalog(catalogue, code):
        out.append(
            _issue(
                field,
                _("%(what)s %(code)s is not in SAT's catalogue %(catalogue)s.")
                % {"what": what, "code": code, "catalogue": catalogue},
            )
        )


def _seller(value: EInvoice, out: list[ValidationIssue]) -> None:
    seller = value.seller
    if not seller.tax_id:
        out.append(_issue("seller.tax_id", _("The issuer's RFC is missing.")))
    elif not valid_rfc(seller.tax_id):
        out.append(
            _issue(
                "seller.tax_id",
                _("The issuer's RFC %(rfc)s is not valid.") % {"rfc": seller.tax_id},
            )
        )
    if not seller.name.strip():
        out.append(_issue("seller.legal_name", _("The issuer's legal name is missing.")))
    _catalog(
        out,
        "seller.einvoice.tax_regime",
        "c_RegimenFiscal",
        str(seller.regime_data.get("tax_regime", "")),
        _("The issuer's tax regime (c_RegimenFiscal)"),
    )
    _catalog(
        out,
        "seller.postal_code",
        "c_CodigoPostal",
        seller.address.postal_code,
        _("The issuer's postal code (LugarExpedicion)"),
    )


def _buyer(value: EInvoice, out: list[ValidationIssue]) -> None:
    buyer: Party = value.buyer
    if not buyer.name.strip() and not is_publico_en_general(buyer):
        out.append(_issue("buyer.legal_name", _("The receiver's legal name is missing.")))
    if is_foreign(buyer) or is_publico_en_general(buyer):
        return  # SAT's generic receivers: their data is fixed by SAT
    if not valid_rfc(buyer.tax_id):
        out.append(
            _issue(
                "buyer.tax_id",
                _("The receiver's RFC %(rfc)s is not valid.") % {"rfc": buyer.tax_id},
            )
        )
    _catalog(
        out,
        "buyer.postal_code",
        "c_CodigoPostal",
        buyer.address.postal_code,
        _("The receiver's postal code (DomicilioFiscalReceptor)"),
    )
    _catalog(
        out,
        "buyer.einvoice.tax_regime",
        "c_RegimenFiscal",
        str(buyer.regime_data.get("tax_regime", "")),
        _("The receiver's tax regime (RegimenFiscalReceptor)"),
    )
    if value.kind == "invoice":
        _catalog(
            out,
            "buyer.einvoice.cfdi_use",
            "c_UsoCFDI",
            str(buyer.regime_data.get("cfdi_use", "")),
            _("The receiver's CFDI use (UsoCFDI)"),
        )


def _lines(value: EInvoice, out: list[ValidationIssue]) -> None:
    if not value.lines:
        out.append(_issue("lines", _("The document has no lines.")))
    for i, line in enumerate(value.lines):
        if line.net == 0:
            continue
        if value.kind == "credit_note" and not line.product_code and not line.regime_unit_code:
            continue  # SAT's codes for a credit note are used (build._credit_codes)
        _catalog(
            out,
            f"lines[{i}].product_code",
            "c_ClaveProdServ",
            line.product_code,
            _("The SAT product code (ClaveProdServ) of line %(n)s") % {"n": i + 1},
        )
        _catalog(
            out,
            f"lines[{i}].regime_unit_code",
            "c_ClaveUnidad",
            line.regime_unit_code,
            _("The SAT unit code (ClaveUnidad) of line %(n)s") % {"n": i + 1},
        )
        if line.tax_category in ("S", "Z") and line.tax_percent not in cat.IVA_PERCENTS:
            out.append(
                _issue(
                    f"lines[{i}].tax_percent",
                    _("IVA at %(percent)s%% is not a rate SAT accepts (16, 8 or 0).")
                    % {"percent": line.tax_percent},
                )
            )
        if not line.description.strip():
            out.append(
                _issue(
                    f"lines[{i}].description", _("Line %(n)s has no description.") % {"n": i + 1}
                )
            )


def _payment(value: EInvoice, out: list[ValidationIssue]) -> None:
    if not forma_pago(value.payment_method):
        out.append(
            _issue(
                "payment_method",
                _("The payment method %(method)r has no SAT payment form (c_FormaPago).")
                % {"method": value.payment_method},
            )
        )
    if not value.payment_parts:
        out.append(_issue("payment_parts", _("The payment pays no invoice.")))
    for i, part in enumerate(value.payment_parts):
        field = f"payment_parts[{i}]"
        if not UUID.match(part.invoice_unique_code):
            out.append(
                _issue(
                    f"{field}.invoice_unique_code",
                    _("Invoice %(number)s has no accepted CFDI (UUID) to pay.")
                    % {"number": part.invoice_number},
                )
            )
        if part.installment < 1 or part.installment > 999:
            out.append(
                _issue(f"{field}.installment", _("The installment number must be 1 to 999."))
            )
        if part.amount <= 0 or part.amount > part.balance_before:
            out.append(
                _issue(
                    f"{field}.amount",
                    _("The amount paid must be positive and at most the balance before it."),
                )
            )
        if part.balance_before - part.amount != part.balance_after:
            out.append(
                _issue(
                    f"{field}.balance_after",
                    _(
                        "The balance after (%(after)s) is not the balance before less the amount paid."
                    )
                    % {"after": part.balance_after},
                )
            )
        if part.tax_category in ("S", "Z") and part.tax_percent not in cat.IVA_PERCENTS:
            out.append(
                _issue(
                    f"{field}.tax_percent",
                    _("IVA at %(percent)s%% is not a rate SAT accepts (16, 8 or 0).")
                    % {"percent": part.tax_percent},
                )
            )
        if part.currency != value.currency:
            out.append(
                _issue(f"{field}.currency", _("A payment in another currency than its invoice."))
            )


def check(value: EInvoice) -> list[ValidationIssue]:
    """Every missing or wrong datum of the document (empty: it can be built)."""
    out: list[ValidationIssue] = []
    if value.kind == "cancellation":
        return check_cancellation(value)
    _seller(value, out)
    _buyer(value, out)
    if not value.number.strip():
        out.append(_issue("number", _("The document has no number.")))
    if not cat.in_catalog("c_Moneda", value.currency):
        out.append(
            _issue(
                "currency",
                _("%(currency)s is not in SAT's currencies.") % {"currency": value.currency},
            )
        )
    elif value.currency != "MXN":
        out.append(
            _issue(
                "currency",
                _(
                    "A CFDI in %(currency)s needs the exchange rate (TipoCambio), which is not recorded yet."
                )
                % {"currency": value.currency},
            )
        )
    if value.kind == "payment":
        _payment(value, out)
        return out
    _lines(value, out)
    paid_at_issue = value.kind == "invoice" and value.total > 0 and value.paid >= value.total
    if paid_at_issue and not forma_pago(value.payment_method):
        out.append(
            _issue(
                "payment_method",
                _(
                    "An invoice paid at issue needs its payment method as a SAT payment form (c_FormaPago)."
                ),
            )
        )
    if value.kind == "credit_note" and not UUID.match(value.preceding_unique_code):
        out.append(
            _issue(
                "preceding_unique_code",
                _("The credited invoice %(number)s has no accepted CFDI (UUID).")
                % {"number": value.preceding_number or "?"},
            )
        )
    if value.total == Decimal(0) and value.kind == "invoice":
        out.append(_issue("total", _("A CFDI of type I cannot total zero.")))
    return out


def check_cancellation(value: EInvoice) -> list[ValidationIssue]:
    out: list[ValidationIssue] = []
    if not valid_rfc(value.seller.tax_id):
        out.append(_issue("seller.tax_id", _("The issuer's RFC is missing or not valid.")))
    if not UUID.match(value.preceding_unique_code):
        out.append(_issue("preceding_unique_code", _("The document to cancel has no UUID.")))
    motivo = value.reason_code or cat.MOTIVO_DEFAULT
    if motivo not in cat.MOTIVOS:
        out.append(
            _issue(
                "reason_code",
                _("%(code)s is not a SAT cancellation reason (01-04).") % {"code": motivo},
            )
        )
    if motivo == "01" and not UUID.match(value.replacement_unique_code):
        out.append(
            _issue(
                "replacement_unique_code",
                _(
                    "Reason 01 (issued with errors, with relation) needs the UUID of the replacing CFDI."
                ),
            )
        )
    return out
