"""The unsigned UBL 2.1 ``Invoice`` / ``CreditNote`` of a value, with DIAN's
extensions, its CUFE / CUDE and a placeholder for the XAdES signature.

The figures are the value's, written with two decimals; the unique code is computed
from exactly the strings written into the document, so a reader of the XML (the
sandbox DIAN, a test) recomputes it from the document's own fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree

from ...value import Address, EInvoice, Line, Party
from .codes import (
    AGENCY_ID,
    AGENCY_NAME,
    CREDIT_NOTE_REASONS,
    CREDIT_NOTE_TYPE,
    CUSTOMIZATION,
    DIAN_NIT,
    INVOICE_TYPE_SALE,
    IVA,
    NIT,
    NS,
    PAYMENT_CASH,
    PAYMENT_CREDIT,
    PAYMENT_MEANS_CODES,
    PAYMENT_MEANS_UNDEFINED,
    PROFILE,
    ROOT,
    TAX_SCHEMES,
)
from .context import Context
from .cufe import CodeFields, QrFields, amount, nit_check_digit, qr_url, software_security_code
from .parties import Identity

ZERO = Decimal("0")
PREFIXES = {
    "cac": NS["cac"],
    "cbc": NS["cbc"],
    "ext": NS["ext"],
    "sts": NS["sts"],
    "ds": NS["ds"],
    "xades": NS["xades"],
}
COUNTRY_LIST = {
    "listAgencyID": "6",
    "listAgencyName": "United Nations Economic Commission for Europe",
    "listSchemeURI": "urn:oasis:names:specification:ubl:codelist:gc:CountryIdentificationCode-2.1",
}


def new_document(ns_key: str, name: str) -> tuple[Any, Any]:
    """A UBL document's root (``name`` in ``NS[ns_key]``, the prefixes DIAN uses) and
    its ``ext:UBLExtensions``."""
    nsmap: dict[str | None, str] = {None: NS[ns_key]}
    nsmap.update(PREFIXES)
    root = etree.Element(f"{{{NS[ns_key]}}}{name}", nsmap=nsmap)
    return root, sub(root, "ext:UBLExtensions")


def signature_placeholder(extensions: Any) -> None:
    """The ``ext:UBLExtension`` that will hold the signature (``signature.sign`` fills it)."""
    content = sub(sub(extensions, "ext:UBLExtension"), "ext:ExtensionContent")
    sub(content, "ds:Signature").set("Id", "placeholder")


def q(tag: str) -> str:
    prefix, _, local = tag.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    el = etree.SubElement(parent, q(tag), {k: v for k, v in attrs.items() if v != ""})
    if text is not None:
        el.text = text
    return el


def money(parent: Any, tag: str, value: Decimal, currency: str) -> Any:
    return sub(parent, tag, amount(value), currencyID=currency)


def quantity(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text if "." in text else text + ".00"


def price(value: Decimal) -> str:
    """A unit price: at least two decimals, at most the six cambill keeps."""
    text = f"{value.quantize(Decimal('0.000001')).normalize():f}"
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


@dataclass(frozen=True)
class Unsigned:
    root: Any  # lxml element, with a ds:Signature placeholder
    fields: CodeFields
    unique_code: str
    qr: str  # the printed QR's text
    qr_url: str
    security_code: str


def code_fields(ctx: Context) -> CodeFields:
    v = ctx.value
    iva = sum((t.amount for t in v.taxes), ZERO)
    return CodeFields(
        number=v.number,
        issue_date=ctx.issue_date,
        issue_time=ctx.issue_time,
        value=amount(v.line_total),
        iva=amount(iva),
        inc=amount(ZERO),
        ica=amount(ZERO),
        total=amount(payable(v)),
        seller_nit=ctx.seller.number,
        buyer_id=ctx.buyer.number,
        key=ctx.technical_key if v.kind == "invoice" else ctx.software_pin,
        environment=ctx.environment,
    )


def payable(v: EInvoice) -> Decimal:
    return v.total - v.paid


def _dian_id(parent: Any, tag: str, number: str, *, check_digit: str, id_type: str) -> Any:
    return sub(
        parent,
        tag,
        number,
        schemeAgencyID=AGENCY_ID,
        schemeAgencyName=AGENCY_NAME,
        schemeID=check_digit,
        schemeName=id_type,
    )


def _extensions(exts: Any, ctx: Context, code: str, security_code: str) -> None:
    dian = sub(sub(sub(exts, "ext:UBLExtension"), "ext:ExtensionContent"), "sts:DianExtensions")
    res = ctx.resolution
    if res is not None:
        control = sub(dian, "sts:InvoiceControl")
        sub(control, "sts:InvoiceAuthorization", res.number)
        period = sub(control, "sts:AuthorizationPeriod")
        sub(period, "cbc:StartDate", res.valid_from.isoformat())
        sub(period, "cbc:EndDate", res.valid_until.isoformat())
        authorized = sub(control, "sts:AuthorizedInvoices")
        if res.prefix:
            sub(authorized, "sts:Prefix", res.prefix)
        sub(authorized, "sts:From", str(res.range_from))
        sub(authorized, "sts:To", str(res.range_to))
    sub(sub(dian, "sts:InvoiceSource"), "cbc:IdentificationCode", "CO", **COUNTRY_LIST)
    provider = sub(dian, "sts:SoftwareProvider")
    _dian_id(
        provider,
        "sts:ProviderID",
        ctx.software_provider[0],
        check_digit=ctx.software_provider[1],
        id_type=NIT,
    )
    sub(
        provider,
        "sts:SoftwareID",
        ctx.software_id,
        schemeAgencyID=AGENCY_ID,
        schemeAgencyName=AGENCY_NAME,
    )
    sub(
        dian,
        "sts:SoftwareSecurityCode",
        security_code,
        schemeAgencyID=AGENCY_ID,
        schemeAgencyName=AGENCY_NAME,
    )
    _dian_id(
        sub(dian, "sts:AuthorizationProvider"),
        "sts:AuthorizationProviderID",
        DIAN_NIT,
        check_digit=nit_check_digit(DIAN_NIT),
        id_type=NIT,
    )
    sub(dian, "sts:QRCode", qr_url(code, ctx.environment))
    signature_placeholder(exts)


def _address(parent: Any, tag: str, address: Address, data: dict[str, Any]) -> None:
    el = sub(parent, tag)
    if data.get("municipality_code"):
        sub(el, "cbc:ID", str(data["municipality_code"]))
    if address.city:
        sub(el, "cbc:CityName", address.city)
    if address.postal_code:
        sub(el, "cbc:PostalZone", address.postal_code)
    if address.region:
        sub(el, "cbc:CountrySubentity", address.region)
    if address.country == "CO" and len(address.postal_code) == 6:
        # a Colombian postal code starts with its department's DIVIPOLA code
        sub(el, "cbc:CountrySubentityCode", address.postal_code[:2])
    if address.street:
        sub(sub(el, "cac:AddressLine"), "cbc:Line", address.street)
    if address.country:
        sub(sub(el, "cac:Country"), "cbc:IdentificationCode", address.country)


def _party(
    root: Any, tag: str, party: Party, who: Identity, *, customer: bool, prefix: str = ""
) -> None:
    wrapper = sub(root, tag)
    sub(wrapper, "cbc:AdditionalAccountID", who.person_type)
    el = sub(wrapper, "cac:Party")
    if customer:
        sub(
            sub(el, "cac:PartyIdentification"),
            "cbc:ID",
            who.number,
            schemeID=who.check_digit,
            schemeName=who.id_type,
        )
    sub(sub(el, "cac:PartyName"), "cbc:Name", party.name)
    has_address = any(
        (party.address.city, party.address.street, party.address.country, party.address.region)
    )
    if has_address:
        _address(sub(el, "cac:PhysicalLocation"), "cac:Address", party.address, party.regime_data)
    scheme = sub(el, "cac:PartyTaxScheme")
    sub(scheme, "cbc:RegistrationName", party.name)
    _dian_id(scheme, "cbc:CompanyID", who.number, check_digit=who.check_digit, id_type=who.id_type)
    sub(scheme, "cbc:TaxLevelCode", ";".join(who.responsibilities), listName="48")
    if has_address:
        _address(scheme, "cac:RegistrationAddress", party.address, party.regime_data)
    tax_scheme = sub(scheme, "cac:TaxScheme")
    sub(tax_scheme, "cbc:ID", who.tax_scheme)
    sub(tax_scheme, "cbc:Name", TAX_SCHEMES[who.tax_scheme])
    legal = sub(el, "cac:PartyLegalEntity")
    sub(legal, "cbc:RegistrationName", party.name)
    _dian_id(legal, "cbc:CompanyID", who.number, check_digit=who.check_digit, id_type=who.id_type)
    if prefix:
        sub(sub(legal, "cac:CorporateRegistrationScheme"), "cbc:ID", prefix)
    if party.email:
        sub(sub(el, "cac:Contact"), "cbc:ElectronicMail", party.email)


def _tax_total(parent: Any, currency: str, rows: list[tuple[Decimal, Decimal, Decimal]]) -> None:
    """One IVA ``TaxTotal``: rows of (taxable, tax, percent)."""
    total = sub(parent, "cac:TaxTotal")
    money(total, "cbc:TaxAmount", sum((r[1] for r in rows), ZERO), currency)
    for taxable, tax, percent in rows:
        subtotal = sub(total, "cac:TaxSubtotal")
        money(subtotal, "cbc:TaxableAmount", taxable, currency)
        money(subtotal, "cbc:TaxAmount", tax, currency)
        category = sub(subtotal, "cac:TaxCategory")
        sub(category, "cbc:Percent", amount(percent))
        scheme = sub(category, "cac:TaxScheme")
        sub(scheme, "cbc:ID", IVA[0])
        sub(scheme, "cbc:Name", IVA[1])


def _line(root: Any, tag: str, qty_tag: str, line: Line, currency: str) -> None:
    el = sub(root, tag)
    sub(el, "cbc:ID", str(line.position))
    sub(el, qty_tag, quantity(line.quantity), unitCode=line.regime_unit_code or line.unit_code)
    money(el, "cbc:LineExtensionAmount", line.net, currency)
    if line.period_start and line.period_end:
        period = sub(el, "cac:InvoicePeriod")
        sub(period, "cbc:StartDate", line.period_start.isoformat())
        sub(period, "cbc:EndDate", line.period_end.isoformat())
    # the tax on the line's net after its share of the document's allowances
    _tax_total(el, currency, [(line.net - line.discount, line.tax, line.tax_percent)])
    item = sub(el, "cac:Item")
    sub(item, "cbc:Description", line.description)
    code = line.product_code or line.service_code
    if code:
        sub(sub(item, "cac:StandardItemIdentification"), "cbc:ID", code, schemeID="999")
    price_el = sub(el, "cac:Price")
    sub(price_el, "cbc:PriceAmount", price(line.unit_price), currencyID=currency)
    sub(
        price_el,
        "cbc:BaseQuantity",
        quantity(line.quantity),
        unitCode=line.regime_unit_code or line.unit_code,
    )


def _payment_means(root: Any, v: EInvoice) -> None:
    means = sub(root, "cac:PaymentMeans")
    credit = v.due_date is not None and v.due_date > v.issued_at.date()
    sub(means, "cbc:ID", PAYMENT_CREDIT if credit else PAYMENT_CASH)
    sub(
        means,
        "cbc:PaymentMeansCode",
        PAYMENT_MEANS_CODES.get(v.payment_method, PAYMENT_MEANS_UNDEFINED),
    )
    if v.due_date is not None:
        sub(means, "cbc:PaymentDueDate", v.due_date.isoformat())


def _monetary_total(root: Any, v: EInvoice) -> None:
    cur = v.currency
    total = sub(root, "cac:LegalMonetaryTotal")
    money(total, "cbc:LineExtensionAmount", v.line_total, cur)
    money(total, "cbc:TaxExclusiveAmount", sum((t.taxable for t in v.taxes), ZERO), cur)
    money(total, "cbc:TaxInclusiveAmount", v.line_total + v.tax_total, cur)
    if v.allowance_total:
        money(total, "cbc:AllowanceTotalAmount", v.allowance_total, cur)
    if v.paid:
        money(total, "cbc:PrepaidAmount", v.paid, cur)
    money(total, "cbc:PayableAmount", payable(v), cur)


def build(ctx: Context) -> Unsigned:
    """The unsigned document of ``ctx`` (raises nothing: ``context.prepare`` checked)."""
    v = ctx.value
    kind = v.kind
    fields = code_fields(ctx)
    code = fields.code()
    security = software_security_code(ctx.software_id, ctx.software_pin, v.number)
    root, exts = new_document(ROOT[kind], "Invoice" if kind == "invoice" else "CreditNote")
    _extensions(exts, ctx, code, security)
    sub(root, "cbc:UBLVersionID", "UBL 2.1")
    sub(root, "cbc:CustomizationID", CUSTOMIZATION[kind])
    sub(root, "cbc:ProfileID", PROFILE[kind])
    sub(root, "cbc:ProfileExecutionID", ctx.environment)
    sub(root, "cbc:ID", v.number)
    sub(
        root,
        "cbc:UUID",
        code,
        schemeID=ctx.environment,
        schemeName="CUFE-SHA384" if kind == "invoice" else "CUDE-SHA384",
    )
    sub(root, "cbc:IssueDate", ctx.issue_date)
    sub(root, "cbc:IssueTime", ctx.issue_time)
    if kind == "invoice":
        if v.due_date is not None:
            sub(root, "cbc:DueDate", v.due_date.isoformat())
        sub(root, "cbc:InvoiceTypeCode", INVOICE_TYPE_SALE)
    else:
        sub(root, "cbc:CreditNoteTypeCode", CREDIT_NOTE_TYPE)
    if v.note:
        sub(root, "cbc:Note", v.note)
    sub(
        root,
        "cbc:DocumentCurrencyCode",
        v.currency,
        listAgencyID="6",
        listAgencyName="United Nations Economic Commission for Europe",
        listID="ISO 4217 Alpha",
    )
    sub(root, "cbc:LineCountNumeric", str(len(v.lines)))
    if v.period_start and v.period_end:
        period = sub(root, "cac:InvoicePeriod")
        sub(period, "cbc:StartDate", v.period_start.isoformat())
        sub(period, "cbc:EndDate", v.period_end.isoformat())
    if kind == "credit_note":
        discrepancy = sub(root, "cac:DiscrepancyResponse")
        sub(discrepancy, "cbc:ReferenceID", v.preceding_number)
        sub(discrepancy, "cbc:ResponseCode", v.reason_code)
        sub(discrepancy, "cbc:Description", v.reason or CREDIT_NOTE_REASONS[v.reason_code])
        reference = sub(sub(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        sub(reference, "cbc:ID", v.preceding_number)
        sub(reference, "cbc:UUID", v.preceding_unique_code, schemeName="CUFE-SHA384")
        if v.preceding_issued_at is not None:
            sub(
                reference,
                "cbc:IssueDate",
                v.preceding_issued_at.astimezone(ctx.local.tzinfo).date().isoformat(),
            )
    _party(
        root,
        "cac:AccountingSupplierParty",
        v.seller,
        ctx.seller,
        customer=False,
        prefix=ctx.resolution.prefix if ctx.resolution else "",
    )
    _party(root, "cac:AccountingCustomerParty", v.buyer, ctx.buyer, customer=True)
    _payment_means(root, v)
    for i, allowance in enumerate(v.allowances, start=1):
        charge = sub(root, "cac:AllowanceCharge")
        sub(charge, "cbc:ID", str(i))
        sub(charge, "cbc:ChargeIndicator", "false")
        sub(charge, "cbc:AllowanceChargeReasonCode", "11")  # DIAN table 13.3.8: other discount
        sub(charge, "cbc:AllowanceChargeReason", allowance.reason or "Descuento")
        money(charge, "cbc:Amount", allowance.amount, v.currency)
        money(charge, "cbc:BaseAmount", v.line_total, v.currency)
    _tax_total(root, v.currency, [(t.taxable, t.amount, t.percent) for t in v.taxes])
    _monetary_total(root, v)
    line_tag, qty_tag = (
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
        if kind == "invoice"
        else ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    )
    for line in v.lines:
        _line(root, line_tag, qty_tag, line, v.currency)
    qr = QrFields(
        number=v.number,
        issue_date=ctx.issue_date,
        issue_time=ctx.issue_time,
        seller_nit=ctx.seller.number,
        buyer_id=ctx.buyer.number,
        value=fields.value,
        iva=fields.iva,
        other_taxes=amount(ZERO),
        total=fields.total,
        code=code,
        environment=ctx.environment,
    )
    return Unsigned(
        root=root,
        fields=fields,
        unique_code=code,
        qr=qr.text(),
        qr_url=qr_url(code, ctx.environment),
        security_code=security,
    )
