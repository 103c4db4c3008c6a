"""EN 16931 in UBL 2.1 as Peppol BIS Billing 3.0: an ``Invoice`` (380) or a
``CreditNote`` (381), elements in the UBL schema's order, none of them empty
(PEPPOL-EN16931-R008)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from .document import VATEX, Doc, line_period, money, number, payment_terms, period

CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
# Legal registration schemes (BT-30) an endpoint's number also is.
LEGAL_SCHEMES = frozenset({"0002", "0007", "0009", "0037", "0106", "0184", "0190", "0192", "0208"})


class _W:
    """A tiny writer: ``cbc`` / ``cac`` children that skip empty values."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root

    @staticmethod
    def cac(parent: etree._Element, name: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{CAC}}}{name}")

    @staticmethod
    def cbc(parent: etree._Element, name: str, text: object, **attrs: str) -> etree._Element | None:
        if text is None or text == "":
            return None
        el = etree.SubElement(parent, f"{{{CBC}}}{name}", {k: v for k, v in attrs.items() if v})
        el.text = text.isoformat() if isinstance(text, date) else str(text)
        return el


def _amount(parent: etree._Element, name: str, value: Decimal, currency: str) -> None:
    _W.cbc(parent, name, money(value), currencyID=currency)


def _tax_category(parent: etree._Element, name: str, doc: Doc, *, breakdown: bool) -> None:
    cat = _W.cac(parent, name)
    _W.cbc(cat, "ID", doc.category)
    if doc.vat_percent is not None:
        _W.cbc(cat, "Percent", number(doc.vat_percent))
    if breakdown and doc.exemption_reason:
        _W.cbc(cat, "TaxExemptionReasonCode", VATEX.get(doc.category, ""))
        _W.cbc(cat, "TaxExemptionReason", doc.exemption_reason)
    scheme = _W.cac(cat, "TaxScheme")
    _W.cbc(scheme, "ID", "VAT")


def _party(
    parent: etree._Element,
    role: str,
    doc: Doc,
    *,
    seller: bool,
) -> None:
    value = doc.value.seller if seller else doc.value.buyer
    endpoint = doc.seller_endpoint if seller else doc.buyer_endpoint
    vat = doc.seller_vat if seller else doc.buyer_vat
    holder = _W.cac(parent, role)
    party = _W.cac(holder, "Party")
    if endpoint[1]:
        _W.cbc(party, "EndpointID", endpoint[1], schemeID=endpoint[0])
    _W.cbc(_W.cac(party, "PartyName"), "Name", value.name)
    addr = _W.cac(party, "PostalAddress")
    a = value.address
    _W.cbc(addr, "StreetName", a.street)
    _W.cbc(addr, "CityName", a.city)
    _W.cbc(addr, "PostalZone", a.postal_code)
    _W.cbc(addr, "CountrySubentity", a.region)
    _W.cbc(_W.cac(addr, "Country"), "IdentificationCode", a.country)
    if vat:
        scheme = _W.cac(party, "PartyTaxScheme")
        _W.cbc(scheme, "CompanyID", vat)
        _W.cbc(_W.cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = _W.cac(party, "PartyLegalEntity")
    _W.cbc(legal, "RegistrationName", value.name)
    if endpoint[0] in LEGAL_SCHEMES and endpoint[1]:
        _W.cbc(legal, "CompanyID", endpoint[1], schemeID=endpoint[0])
    if value.email:
        _W.cbc(_W.cac(party, "Contact"), "ElectronicMail", value.email)


def build(doc: Doc) -> bytes:
    """The UBL document of ``doc`` (prepared by ``document.prepare``)."""
    v = doc.value
    cur = v.currency
    ns = CREDIT_NS if doc.credit else INVOICE_NS
    root_name = "CreditNote" if doc.credit else "Invoice"
    root = etree.Element(f"{{{ns}}}{root_name}", nsmap={None: ns, "cac": CAC, "cbc": CBC})
    W = _W
    W.cbc(root, "CustomizationID", CUSTOMIZATION)
    W.cbc(root, "ProfileID", PROFILE)
    W.cbc(root, "ID", v.number)
    W.cbc(root, "IssueDate", doc.issue_date)
    if not doc.credit:
        W.cbc(root, "DueDate", v.due_date)
    W.cbc(root, "CreditNoteTypeCode" if doc.credit else "InvoiceTypeCode", doc.type_code)
    note = v.reason if doc.credit else v.note
    W.cbc(root, "Note", (note or "")[:500])
    W.cbc(root, "DocumentCurrencyCode", cur)
    W.cbc(root, "BuyerReference", doc.buyer_reference)
    start, end = period(doc)
    if start is not None:
        p = W.cac(root, "InvoicePeriod")
        W.cbc(p, "StartDate", start)
        W.cbc(p, "EndDate", end)
    if doc.order_reference:
        W.cbc(W.cac(root, "OrderReference"), "ID", doc.order_reference)
    if doc.credit and v.preceding_number:
        ref = W.cac(W.cac(root, "BillingReference"), "InvoiceDocumentReference")
        W.cbc(ref, "ID", v.preceding_number)
        if v.preceding_issued_at is not None:
            W.cbc(ref, "IssueDate", v.preceding_issued_at.date())
    _party(root, "AccountingSupplierParty", doc, seller=True)
    _party(root, "AccountingCustomerParty", doc, seller=False)
    if doc.iban:
        means = W.cac(root, "PaymentMeans")
        W.cbc(means, "PaymentMeansCode", "58")
        W.cbc(means, "PaymentID", v.preceding_number if doc.credit else v.number)
        account = W.cac(means, "PayeeFinancialAccount")
        W.cbc(account, "ID", doc.iban)
        W.cbc(account, "Name", v.seller.name)
        if doc.bic:
            W.cbc(W.cac(account, "FinancialInstitutionBranch"), "ID", doc.bic)
    W.cbc(W.cac(root, "PaymentTerms"), "Note", payment_terms(doc))
    for allowance in doc.allowances:
        ac = W.cac(root, "AllowanceCharge")
        W.cbc(ac, "ChargeIndicator", "false")
        W.cbc(ac, "AllowanceChargeReason", allowance.reason[:200])
        _amount(ac, "Amount", allowance.amount, cur)
        _tax_category(ac, "TaxCategory", doc, breakdown=False)
    total = W.cac(root, "TaxTotal")
    _amount(total, "TaxAmount", doc.tax, cur)
    sub = W.cac(total, "TaxSubtotal")
    _amount(sub, "TaxableAmount", doc.net, cur)
    _amount(sub, "TaxAmount", doc.tax, cur)
    _tax_category(sub, "TaxCategory", doc, breakdown=True)
    sums = W.cac(root, "LegalMonetaryTotal")
    _amount(sums, "LineExtensionAmount", doc.line_total, cur)
    _amount(sums, "TaxExclusiveAmount", doc.net, cur)
    _amount(sums, "TaxInclusiveAmount", doc.total, cur)
    if doc.allowances:
        _amount(sums, "AllowanceTotalAmount", doc.allowance_total, cur)
    if doc.paid:
        _amount(sums, "PrepaidAmount", doc.paid, cur)
    _amount(sums, "PayableAmount", doc.payable, cur)
    for line in doc.lines:
        _line(root, doc, line)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _line(root: etree._Element, doc: Doc, line: object) -> None:
    from .document import DocLine

    assert isinstance(line, DocLine)
    cur = doc.value.currency
    W = _W
    el = W.cac(root, "CreditNoteLine" if doc.credit else "InvoiceLine")
    W.cbc(el, "ID", line.position)
    W.cbc(
        el,
        "CreditedQuantity" if doc.credit else "InvoicedQuantity",
        number(line.quantity),
        unitCode=line.unit_code,
    )
    _amount(el, "LineExtensionAmount", line.net, cur)
    start, end = line_period(doc, line)
    if start is not None:
        p = W.cac(el, "InvoicePeriod")
        W.cbc(p, "StartDate", start)
        W.cbc(p, "EndDate", end)
    item = W.cac(el, "Item")
    W.cbc(item, "Name", line.name)
    if line.seller_item_id:
        W.cbc(W.cac(item, "SellersItemIdentification"), "ID", line.seller_item_id)
    _tax_category(item, "ClassifiedTaxCategory", doc, breakdown=False)
    price = W.cac(el, "Price")
    W.cbc(price, "PriceAmount", number(line.price), currencyID=cur)
