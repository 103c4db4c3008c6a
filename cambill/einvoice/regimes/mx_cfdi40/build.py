"""The CFDI 4.0 ``Comprobante`` of an ``EInvoice``, with ``satcfdi``'s model.

Type I (invoice), E (credit note, related 01 to the invoice's UUID) and P
(payment receipt with the Pagos 2.0 complement). Amounts come from
``amounts.document_amounts`` so they equal the ``EInvoice``'s to the cent;
``satcfdi`` only lays them out (its own ``compute`` recomputes ``Importe`` and
the totals from exactly these numbers, and the result is checked again here).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from satcfdi.cfdi import CFDI
from satcfdi.create.cfd import cfdi40, pago20

from ...protocol import EInvoiceError, ValidationIssue
from ...value import EInvoice, Party, PaymentPart
from . import catalogs as cat
from .amounts import ConceptAmounts, document_amounts, quantum, rate_of

_PIPE = re.compile(r"\|")
_NUMBER = re.compile(r"^(?P<serie>.*?)[-/ ]?(?P<folio>\d+)$")


def split_number(number: str, series: str = "") -> tuple[str, str]:
    """cambill's number as CFDI ``Serie`` and ``Folio``: ``TN-2026-000123`` ->
    (``TN-2026``, ``000123``). The issuer's ``series`` key wins for the ``Serie``
    when the number starts with it."""
    number = number.strip()
    if series and number.startswith(series):
        folio = number[len(series) :].lstrip("-/ ") or number
        return series[:25], folio[:40]
    match = _NUMBER.match(number)
    if not match:
        return "", number[:40]
    return match.group("serie")[:25], match.group("folio")[:40]


def local_time(moment: datetime, zone: str) -> datetime:
    """A CFDI date: the issuer's local wall time, to the second, without offset."""
    return moment.astimezone(ZoneInfo(zone or "America/Mexico_City")).replace(
        tzinfo=None, microsecond=0
    )


def text(value: str, limit: int) -> str:
    """A CFDI text attribute: no pipes (they separate the cadena original), collapsed."""
    return " ".join(_PIPE.sub("/", value).split())[:limit]


def is_publico_en_general(buyer: Party) -> bool:
    tax_id = buyer.tax_id.strip().upper()
    return not tax_id or tax_id == cat.RFC_PUBLICO_EN_GENERAL


def is_foreign(buyer: Party) -> bool:
    return bool(buyer.address.country) and buyer.address.country.upper() != "MX"


def forma_pago(method: str) -> str:
    """SAT's c_FormaPago of a cambill payment method (or a SAT code given as is)."""
    if method in cat.FORMA_PAGO:
        return cat.FORMA_PAGO[method]
    if re.fullmatch(r"\d{2}", method or ""):
        return method
    return ""


def emisor(value: EInvoice) -> dict[str, Any]:
    seller = value.seller
    return cfdi40.Emisor(
        rfc=seller.tax_id.strip().upper(),
        nombre=text(seller.name, 300),
        regimen_fiscal=str(seller.regime_data.get("tax_regime", "")),
    )


def receptor(value: EInvoice, uso: str) -> dict[str, Any]:
    """The receiver: its RFC and data, or SAT's generic receivers (público en general,
    a foreign receiver) with the values SAT prescribes for them."""
    buyer = value.buyer
    lugar = value.seller.address.postal_code
    if is_foreign(buyer):
        residence = str(buyer.regime_data.get("fiscal_residence", "")) or None
        return cfdi40.Receptor(
            rfc=cat.RFC_EXTRANJERO,
            nombre=text(buyer.name, 300),
            domicilio_fiscal_receptor=lugar,
            regimen_fiscal_receptor=cat.REGIMEN_SIN_OBLIGACIONES,
            uso_cfdi=cat.USO_PAGOS if uso == cat.USO_PAGOS else cat.USO_SIN_EFECTOS,
            residencia_fiscal=residence,
            num_reg_id_trib=(text(buyer.tax_id, 40) or None) if residence else None,
        )
    if is_publico_en_general(buyer):
        return cfdi40.Receptor(
            rfc=cat.RFC_PUBLICO_EN_GENERAL,
            nombre=cat.NOMBRE_PUBLICO_EN_GENERAL,
            domicilio_fiscal_receptor=lugar,
            regimen_fiscal_receptor=cat.REGIMEN_SIN_OBLIGACIONES,
            uso_cfdi=cat.USO_PAGOS if uso == cat.USO_PAGOS else cat.USO_SIN_EFECTOS,
        )
    return cfdi40.Receptor(
        rfc=buyer.tax_id.strip().upper(),
        nombre=text(buyer.name, 300),
        domicilio_fiscal_receptor=buyer.address.postal_code,
        regimen_fiscal_receptor=str(buyer.regime_data.get("tax_regime", "")),
        uso_cfdi=uso,
    )


def informacion_global(value: EInvoice) -> dict[str, Any] | None:
    """``InformacionGlobal`` of a CFDI to the general public: the month it covers."""
    if is_foreign(value.buyer) or not is_publico_en_general(value.buyer):
        return None
    day = value.period_start or local_time(value.issued_at, value.time_zone).date()
    return cfdi40.InformacionGlobal(
        periodicidad=cat.PERIODICIDAD_MENSUAL, meses=f"{day.month:02d}", ano=day.year
    )


def _credit_codes(c: ConceptAmounts) -> ConceptAmounts:
    """SAT's guide for a credit note that grants a discount or a bonus: the concept
    "servicios de facturación" (84111506) in the unit "actividad" (ACT), unless the
    credited line says its own."""
    return replace(
        c,
        product_code=c.product_code or cat.NOTA_CLAVE_PROD_SERV,
        unit_code=c.unit_code or cat.NOTA_CLAVE_UNIDAD,
    )


def _concepto(c: ConceptAmounts) -> dict[str, Any]:
    impuestos = None
    if c.tax_factor == "Tasa":
        impuestos = cfdi40.Impuestos(
            traslados=cfdi40.Traslado(
                impuesto="002", tipo_factor="Tasa", tasa_o_cuota=c.rate, importe=c.tax, base=c.base
            )
        )
    elif c.tax_factor == "Exento":
        impuestos = cfdi40.Impuestos(
            traslados=cfdi40.Traslado(impuesto="002", tipo_factor="Exento", base=c.base)
        )
    return cfdi40.Concepto(
        clave_prod_serv=c.product_code,
        cantidad=c.quantity,
        clave_unidad=c.unit_code,
        descripcion=text(c.description, 1000) or "-",
        valor_unitario=c.unit_price,
        objeto_imp=c.objeto_imp,
        no_identificacion=text(c.service_code, 100) or None,
        descuento=c.descuento or None,
        impuestos=impuestos,
    )


def _fail(field: str, message: str) -> EInvoiceError:
    return EInvoiceError(
        "mx-cfdi40.build", [ValidationIssue(field=field, code="mx-cfdi40.build", message=message)]
    )


def comprobante(value: EInvoice) -> cfdi40.Comprobante:
    """The unsigned ``Comprobante`` of an invoice, credit note or payment."""
    if value.kind == "payment":
        return pago_comprobante(value)
    if value.kind not in ("invoice", "credit_note"):
        raise _fail("kind", f"A {value.kind} is not a CFDI Comprobante.")
    amounts = document_amounts(value)
    serie, folio = split_number(value.number, str(value.seller.regime_data.get("series", "")))
    publico = is_publico_en_general(value.buyer) and not is_foreign(value.buyer)
    if value.kind == "invoice":
        tipo = "I"
        paid_in_full = value.total > 0 and value.paid >= value.total
        metodo = "PUE" if paid_in_full else "PPD"
        forma = forma_pago(value.payment_method) if paid_in_full else cat.FORMA_POR_DEFINIR
        uso = str(value.buyer.regime_data.get("cfdi_use", ""))
        relacionados = None
    else:
        tipo = "E"
        metodo = "PUE"
        # a credit note settles by compensation against what the invoice owes,
        # unless the money went back by a known method
        forma = forma_pago(value.payment_method) or cat.FORMA_COMPENSACION
        uso = cat.USO_DEVOLUCIONES
        relacionados = cfdi40.CfdiRelacionados(
            tipo_relacion=cat.RELACION_NOTA_DE_CREDITO,
            cfdi_relacionado=value.preceding_unique_code.upper(),
        )
    if publico:
        uso = cat.USO_SIN_EFECTOS
    document = cfdi40.Comprobante(
        emisor=emisor(value),
        lugar_expedicion=value.seller.address.postal_code,
        receptor=receptor(value, uso),
        conceptos=[_concepto(_credit_codes(c) if tipo == "E" else c) for c in amounts.concepts],
        moneda=value.currency,
        tipo_de_comprobante=tipo,
        exportacion=cat.EXPORTACION_NO_APLICA,
        serie=serie or None,
        folio=folio or None,
        forma_pago=forma,
        metodo_pago=metodo,
        informacion_global=informacion_global(value) if publico else None,
        cfdi_relacionados=relacionados,
        fecha=local_time(value.issued_at, value.time_zone),
    )
    if document["Total"] != amounts.total or (document.get("Descuento") or 0) != amounts.descuento:
        raise _fail(  # pragma: no cover - satcfdi recomputing differently is a bug to see
            "total",
            f"satcfdi computed {document['Total']}, cambill {amounts.total}.",
        )
    return document


def _payment_taxes(part: PaymentPart, q: Decimal) -> tuple[str, dict[str, Any] | None]:
    """(ObjetoImpDR, ImpuestosDR) of one paid document, in proportion to what was paid.

    With the invoice's own net and tax (``invoice_net``/``invoice_tax``) the shares
    are cumulative, so the installments' bases and taxes add up to the invoice's
    exactly; without them, the amount paid is split at the rate."""
    category = part.tax_category or "S"
    if category not in ("S", "Z", "E"):
        return "01", None
    rate = rate_of(part.tax_percent)
    if part.invoice_net is not None and part.invoice_tax is not None:
        total = part.invoice_net + part.invoice_tax
        before = total - part.balance_before
        after = before + part.amount

        def cumulative(amount: Decimal, paid: Decimal) -> Decimal:
            return (amount * paid / total).quantize(q, rounding=ROUND_HALF_UP)

        base = cumulative(part.invoice_net, after) - cumulative(part.invoice_net, before)
        tax = cumulative(part.invoice_tax, after) - cumulative(part.invoice_tax, before)
    else:
        base = (part.amount / (1 + rate)).quantize(q, rounding=ROUND_HALF_UP)
        tax = (base * rate).quantize(q, rounding=ROUND_HALF_UP)
    if category == "E":
        traslado = pago20.TrasladoDR(base_dr=base, impuesto_dr="002", tipo_factor_dr="Exento")
    else:
        traslado = pago20.TrasladoDR(
            base_dr=base,
            impuesto_dr="002",
            tipo_factor_dr="Tasa",
            tasa_o_cuota_dr=rate,
            importe_dr=tax,
        )
    return "02", pago20.ImpuestosDR(traslados_dr=traslado)


def pago_comprobante(value: EInvoice) -> cfdi40.Comprobante:
    """The type P receipt of a payment on PPD invoices (Pagos 2.0)."""
    q = quantum(value.currency)
    documentos = []
    for part in value.payment_parts:
        serie, folio = split_number(
            part.invoice_number, str(value.seller.regime_data.get("series", ""))
        )
        objeto, impuestos = _payment_taxes(part, q)
        documentos.append(
            pago20.DoctoRelacionado(
                id_documento=part.invoice_unique_code.upper(),
                serie=serie or None,
                folio=folio or None,
                moneda_dr=part.currency,
                equivalencia_dr=Decimal(1),
                num_parcialidad=part.installment,
                imp_saldo_ant=part.balance_before,
                imp_pagado=part.amount,
                objeto_imp_dr=objeto,
                impuestos_dr=impuestos,
            )
        )
    received = value.payment_received_at or value.issued_at
    pagos = pago20.Pagos(
        pago=[
            pago20.Pago(
                fecha_pago=local_time(received, value.time_zone),
                forma_de_pago_p=forma_pago(value.payment_method),
                moneda_p=value.currency,
                # SAT: TipoCambioP is "1" when the payment is in MXN
                tipo_cambio_p=Decimal(1) if value.currency == "MXN" else None,
                docto_relacionado=documentos,
            )
        ]
    )
    serie, folio = split_number(value.number, str(value.seller.regime_data.get("series", "")))
    publico = is_publico_en_general(value.buyer) and not is_foreign(value.buyer)
    document = cfdi40.Comprobante.pago(
        emisor=emisor(value),
        lugar_expedicion=value.seller.address.postal_code,
        receptor=receptor(value, cat.USO_PAGOS),
        complemento_pago=pagos,
        serie=serie or None,
        folio=folio or None,
        fecha=local_time(value.issued_at, value.time_zone),
    )
    if publico:
        document["InformacionGlobal"] = informacion_global(value)
    return document


def cfdi_from_xml(xml: bytes) -> CFDI:
    return CFDI.from_string(xml)
