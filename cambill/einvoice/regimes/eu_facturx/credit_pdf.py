"""The printed form of a Factur-X credit note (a credit of part of an invoice, or a void:
a credit of all of it): read from the validated CII itself, so the PDF says exactly what
its embedded ``factur-x.xml`` says, then written as PDF/A-3b carrying it."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..en16931.cii import RAM, RSM, UDT

NS = {"rsm": RSM, "ram": RAM, "udt": UDT}


def _t(el: Any, path: str) -> str:
    return str(el.findtext(path, default="", namespaces=NS) or "")


def _date(text: str) -> str:
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}" if len(text) == 8 else text


def _party(party: Any) -> dict[str, str]:
    addr = party.find("ram:PostalTradeAddress", NS)
    parts = [_t(addr, "ram:LineOne"), _t(addr, "ram:PostcodeCode"), _t(addr, "ram:CityName")]
    parts.append(_t(addr, "ram:CountryID"))
    return {
        "name": _t(party, "ram:Name"),
        "address": " ".join(p for p in parts if p),
        "vat": _t(party, "ram:SpecifiedTaxRegistration/ram:ID"),
    }


def context(xml: bytes) -> dict[str, Any]:
    """What the printed credit note shows, from its CII."""
    root = etree.fromstring(xml)
    trade = root.find("rsm:SupplyChainTradeTransaction", NS)
    agreement = trade.find("ram:ApplicableHeaderTradeAgreement", NS)
    settlement = trade.find("ram:ApplicableHeaderTradeSettlement", NS)
    sums = settlement.find("ram:SpecifiedTradeSettlementHeaderMonetarySummation", NS)
    tax = settlement.find("ram:ApplicableTradeTax", NS)
    lines = [
        {
            "name": _t(item, "ram:SpecifiedTradeProduct/ram:Name"),
            "quantity": _t(item, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"),
            "price": _t(
                item,
                "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount",
            ),
            "amount": _t(
                item,
                "ram:SpecifiedLineTradeSettlement/"
                "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
            ),
        }
        for item in trade.findall("ram:IncludedSupplyChainTradeLineItem", NS)
    ]
    return {
        "number": _t(root, "rsm:ExchangedDocument/ram:ID"),
        "issued": _date(_t(root, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")),
        "reason": _t(root, "rsm:ExchangedDocument/ram:IncludedNote/ram:Content"),
        "invoice": _t(settlement, "ram:InvoiceReferencedDocument/ram:IssuerAssignedID"),
        "seller": _party(agreement.find("ram:SellerTradeParty", NS)),
        "buyer": _party(agreement.find("ram:BuyerTradeParty", NS)),
        "lines": lines,
        "currency": _t(settlement, "ram:InvoiceCurrencyCode"),
        "net": _t(sums, "ram:TaxBasisTotalAmount"),
        "tax": _t(sums, "ram:TaxTotalAmount"),
        "total": _t(sums, "ram:GrandTotalAmount"),
        "category": _t(tax, "ram:CategoryCode"),
        "percent": _t(tax, "ram:RateApplicablePercent") or "0",
        "exemption": _t(tax, "ram:ExemptionReason"),
    }


def render(xml: bytes, *, language: str) -> bytes:
    """The credit note's Factur-X PDF (PDF/A-3b with ``xml`` embedded)."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from .pdf import write

    with translation.override(language):
        html = render_to_string(
            "einvoice/credit_note_pdf.html", {"cn": context(xml), "lang": language}
        )
    return write(HTML(string=html).render(), xml)
