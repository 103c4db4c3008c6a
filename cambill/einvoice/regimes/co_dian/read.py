"""Reading a DIAN document back: the fields its CUFE / CUDE is computed from, its
unique code and its security code, as the sandbox DIAN (and a test) read them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree

from .codes import NS
from .cufe import CodeFields, amount


def text_of(root: Any, path: str) -> str:
    """The stripped text at ``path`` (DIAN's prefixes); empty when absent."""
    found = root.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


@dataclass(frozen=True)
class Document:
    kind: str  # "invoice" | "credit_note" | ""
    number: str
    unique_code: str
    unique_code_scheme: str
    environment: str
    issue_date: str
    issue_time: str
    seller_name: str
    seller_nit: str
    seller_check_digit: str
    buyer_id: str
    software_id: str
    security_code: str
    resolution_number: str
    prefix: str
    range_from: str
    range_to: str
    valid_from: str
    valid_until: str
    value: str
    taxes: dict[str, str]  # tax scheme id -> TaxTotal/TaxAmount
    total: str
    preceding_unique_code: str

    def code_fields(self, key: str) -> CodeFields:
        """The document's CUFE / CUDE fields, with ``key`` (the technical key for an
        invoice, the software PIN for a note)."""
        return CodeFields(
            number=self.number,
            issue_date=self.issue_date,
            issue_time=self.issue_time,
            value=self.value,
            iva=self.taxes.get("01", "0.00"),
            inc=self.taxes.get("04", "0.00"),
            ica=self.taxes.get("03", "0.00"),
            total=self.total,
            seller_nit=self.seller_nit,
            buyer_id=self.buyer_id,
            key=key,
            environment=self.environment,
        )


def read(xml: bytes) -> Document:
    root = etree.fromstring(xml)
    local = etree.QName(root).localname
    kind = {"Invoice": "invoice", "CreditNote": "credit_note"}.get(local, "")
    taxes: dict[str, Decimal] = {}
    for total in root.findall("cac:TaxTotal", NS):
        scheme = text_of(total, "cac:TaxSubtotal/cac:TaxCategory/cac:TaxScheme/cbc:ID")
        taxes[scheme] = taxes.get(scheme, Decimal("0")) + Decimal(
            text_of(total, "cbc:TaxAmount") or "0"
        )
    company = "cac:Party/cac:PartyTaxScheme/cbc:CompanyID"
    supplier = root.find("cac:AccountingSupplierParty", NS)
    customer = root.find("cac:AccountingCustomerParty", NS)
    seller_id = supplier.find(company, NS) if supplier is not None else None
    uuid = root.find("cbc:UUID", NS)
    dian = ".//sts:DianExtensions/"
    return Document(
        kind=kind,
        number=text_of(root, "cbc:ID"),
        unique_code=(uuid.text or "").strip() if uuid is not None else "",
        unique_code_scheme=uuid.get("schemeName", "") if uuid is not None else "",
        environment=text_of(root, "cbc:ProfileExecutionID"),
        issue_date=text_of(root, "cbc:IssueDate"),
        issue_time=text_of(root, "cbc:IssueTime"),
        seller_name=text_of(supplier, "cac:Party/cac:PartyTaxScheme/cbc:RegistrationName")
        if supplier is not None
        else "",
        seller_nit=(seller_id.text or "").strip() if seller_id is not None else "",
        seller_check_digit=seller_id.get("schemeID", "") if seller_id is not None else "",
        buyer_id=text_of(customer, company) if customer is not None else "",
        software_id=text_of(root, dian + "sts:SoftwareProvider/sts:SoftwareID"),
        security_code=text_of(root, dian + "sts:SoftwareSecurityCode"),
        resolution_number=text_of(root, dian + "sts:InvoiceControl/sts:InvoiceAuthorization"),
        prefix=text_of(root, dian + "sts:InvoiceControl/sts:AuthorizedInvoices/sts:Prefix"),
        range_from=text_of(root, dian + "sts:InvoiceControl/sts:AuthorizedInvoices/sts:From"),
        range_to=text_of(root, dian + "sts:InvoiceControl/sts:AuthorizedInvoices/sts:To"),
        valid_from=text_of(root, dian + "sts:InvoiceControl/sts:AuthorizationPeriod/cbc:StartDate"),
        valid_until=text_of(root, dian + "sts:InvoiceControl/sts:AuthorizationPeriod/cbc:EndDate"),
        value=text_of(root, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount"),
        taxes={k: amount(v) for k, v in taxes.items()},
        total=text_of(root, "cac:LegalMonetaryTotal/cbc:PayableAmount"),
        preceding_unique_code=text_of(
            root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:UUID"
        ),
    )
