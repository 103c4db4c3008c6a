"""EN 16931 in UN/CEFACT CII D16B, as Factur-X's EN 16931 profile embeds it
(``factur-x.xml``): elements in the CII schema's order, none of them empty."""

from __future__ import annotations

from datetime import date
from typing import Any

from lxml import etree

from .document import VATEX, Doc, DocLine, line_period, money, number, payment_terms, period
from .ubl import LEGAL_SCHEMES

GUIDELINE = "urn:cen.eu:en16931:2017"  # Factur-X / ZUGFeRD profile EN 16931 (Comfort)
RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}


def _el(parent: etree._Element, ns: str, name: str, text: object = None, **attrs: str) -> Any:
    el = etree.SubElement(parent, f"{{{ns}}}{name}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        el.text = str(text)
    return el


def ram(parent: etree._Element, name: str, text: object = None, **attrs: str) -> Any:
    return _el(parent, RAM, name, text, **attrs)


def _opt(parent: etree._Element, name: str, text: str) -> None:
    if text:
        ram(parent, name, text)


def _date(parent: etree._Element, name: str, when: date, *, qualified: bool = False) -> None:
    holder = ram(parent, name)
    _el(holder, QDT if qualified else UDT, "DateTimeString", when.strftime("%Y%m%d"), format="102")


def _party(parent: etree._Element, name: str, doc: Doc, *, seller: bool) -> None:
    value = doc.value.seller if seller else doc.value.buyer
    scheme, endpoint = doc.seller_endpoint if seller else doc.buyer_endpoint
    vat = doc.seller_vat if seller else doc.buyer_vat
    party = ram(parent, name)
    ram(party, "Name", value.name)
    if scheme in LEGAL_SCHEMES and endpoint:
        ram(ram(party, "SpecifiedLegalOrganization"), "ID", endpoint, schemeID=scheme)
    addr = ram(party, "PostalTradeAddress")
    a = value.address
    _opt(addr, "PostcodeCode", a.postal_code)
    _opt(addr, "LineOne", a.street)
    _opt(addr, "CityName", a.city)
    ram(addr, "CountryID", a.country)
    _opt(addr, "CountrySubDivisionName", a.region)
    if endpoint:
        ram(ram(party, "URIUniversalCommunication"), "URIID", endpoint, schemeID=scheme)
    elif value.email:
        ram(ram(party, "URIUniversalCommunication"), "URIID", value.email, schemeID="EM")
    if vat:
        ram(ram(party, "SpecifiedTaxRegistration"), "ID", vat, schemeID="VA")


def _trade_tax(parent: etree._Element, doc: Doc, *, breakdown: bool) -> None:
    cur = doc.value.currency
    tax = ram(parent, "ApplicableTradeTax" if breakdown else "CategoryTradeTax")
    if breakdown:
        ram(tax, "CalculatedAmount", money(doc.tax))
    ram(tax, "TypeCode", "VAT")
    if breakdown and doc.exemption_reason:
        ram(tax, "ExemptionReason", doc.exemption_reason)
    if breakdown:
        ram(tax, "BasisAmount", money(doc.net))
    ram(tax, "CategoryCode", doc.category)
    if breakdown and doc.exemption_reason and doc.category in VATEX:
        ram(tax, "ExemptionReasonCode", VATEX[doc.category])
    if doc.vat_percent is not None:
        ram(tax, "RateApplicablePercent", number(doc.vat_percent))
    del cur


def _line(parent: etree._Element, doc: Doc, line: DocLine) -> None:
    item = ram(parent, "IncludedSupplyChainTradeLineItem")
    ram(ram(item, "AssociatedDocumentLineDocument"), "LineID", line.position)
    product = ram(item, "SpecifiedTradeProduct")
    _opt(product, "SellerAssignedID", line.seller_item_id)
    ram(product, "Name", line.name)
    agreement = ram(item, "SpecifiedLineTradeAgreement")
    ram(ram(agreement, "NetPriceProductTradePrice"), "ChargeAmount", number(line.price))
    delivery = ram(item, "SpecifiedLineTradeDelivery")
    ram(delivery, "BilledQuantity", number(line.quantity), unitCode=line.unit_code)
    settlement = ram(item, "SpecifiedLineTradeSettlement")
    tax = ram(settlement, "ApplicableTradeTax")
    ram(tax, "TypeCode", "VAT")
    ram(tax, "CategoryCode", doc.category)
    if doc.vat_percent is not None:
        ram(tax, "RateApplicablePercent", number(doc.vat_percent))
    start, end = line_period(doc, line)
    if start is not None and end is not None:
        p = ram(settlement, "BillingSpecifiedPeriod")
        _date(p, "StartDateTime", start)
        _date(p, "EndDateTime", end)
    sums = ram(settlement, "SpecifiedTradeSettlementLineMonetarySummation")
    ram(sums, "LineTotalAmount", money(line.net))


def build(doc: Doc) -> bytes:
    """The CII document (``factur-x.xml``) of ``doc``."""
    v = doc.value
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
    context = _el(root, RSM, "ExchangedDocumentContext")
    ram(ram(context, "GuidelineSpecifiedDocumentContextParameter"), "ID", GUIDELINE)
    header = _el(root, RSM, "ExchangedDocument")
    ram(header, "ID", v.number)
    ram(header, "TypeCode", doc.type_code)
    _date(header, "IssueDateTime", doc.issue_date)
    note = (v.reason if doc.credit else v.note) or ""
    if note:
        ram(ram(header, "IncludedNote"), "Content", note[:500])
    trade = _el(root, RSM, "SupplyChainTradeTransaction")
    for line in doc.lines:
        _line(trade, doc, line)
    agreement = ram(trade, "ApplicableHeaderTradeAgreement")
    _opt(agreement, "BuyerReference", doc.buyer_reference)
    _party(agreement, "SellerTradeParty", doc, seller=True)
    _party(agreement, "BuyerTradeParty", doc, seller=False)
    if doc.order_reference:
        ram(ram(agreement, "BuyerOrderReferencedDocument"), "IssuerAssignedID", doc.order_reference)
    ram(trade, "ApplicableHeaderTradeDelivery")
    settlement = ram(trade, "ApplicableHeaderTradeSettlement")
    if doc.iban:
        ram(settlement, "PaymentReference", v.preceding_number if doc.credit else v.number)
    ram(settlement, "InvoiceCurrencyCode", v.currency)
    if doc.iban:
        means = ram(settlement, "SpecifiedTradeSettlementPaymentMeans")
        ram(means, "TypeCode", "58")
        ram(ram(means, "PayeePartyCreditorFinancialAccount"), "IBANID", doc.iban)
        if doc.bic:
            ram(ram(means, "PayeeSpecifiedCreditorFinancialInstitution"), "BICID", doc.bic)
    _trade_tax(settlement, doc, breakdown=True)
    start, end = period(doc)
    if start is not None and end is not None:
        p = ram(settlement, "BillingSpecifiedPeriod")
        _date(p, "StartDateTime", start)
        _date(p, "EndDateTime", end)
    for allowance in doc.allowances:
        ac = ram(settlement, "SpecifiedTradeAllowanceCharge")
        _el(ram(ac, "ChargeIndicator"), UDT, "Indicator", "false")
        ram(ac, "ActualAmount", money(allowance.amount))
        ram(ac, "Reason", allowance.reason[:200])
        _trade_tax(ac, doc, breakdown=False)
    terms = ram(settlement, "SpecifiedTradePaymentTerms")
    ram(terms, "Description", payment_terms(doc))
    if not doc.credit and v.due_date is not None:
        _date(terms, "DueDateDateTime", v.due_date)
    sums = ram(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation")
    ram(sums, "LineTotalAmount", money(doc.line_total))
    if doc.allowances:
        ram(sums, "AllowanceTotalAmount", money(doc.allowance_total))
    ram(sums, "TaxBasisTotalAmount", money(doc.net))
    ram(sums, "TaxTotalAmount", money(doc.tax), currencyID=v.currency)
    ram(sums, "GrandTotalAmount", money(doc.total))
    if doc.paid:
        ram(sums, "TotalPrepaidAmount", money(doc.paid))
    ram(sums, "DuePayableAmount", money(doc.payable))
    if doc.credit and v.preceding_number:
        ref = ram(settlement, "InvoiceReferencedDocument")
        ram(ref, "IssuerAssignedID", v.preceding_number)
        if v.preceding_issued_at is not None:
            _date(ref, "FormattedIssueDateTime", v.preceding_issued_at.date(), qualified=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
