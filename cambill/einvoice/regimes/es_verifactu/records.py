"""Verifactu records as AEAT's XML: ``RegistroAlta`` and ``RegistroAnulacion`` inside
``RegFactuSistemaFacturacion`` (``SuministroLR.xsd``), and back: pure, lxml only.

A record is made once, chained to the previous record of its issuer (``Link``), and
never changed; a record AEAT rejected is followed by a new one (``Subsanacion``), never
rewritten. ``read`` gives back every record of an envelope with the fields its
``Huella`` is computed from, for the sandbox, the tests and anyone checking a chain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

from .huella import TIPO_HUELLA_SHA256, AltaFields, AnulacionFields, money

_BASE = "https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/"
SF = _BASE + "SuministroInformacion.xsd"
SFLR = _BASE + "SuministroLR.xsd"
SFR = _BASE + "RespuestaSuministro.xsd"
NSMAP = {"sfLR": SFLR, "sf": SF}
VERSION = "1.0"


@dataclass(frozen=True)
class Link:
    """A record as the next one names it (``RegistroAnterior``)."""

    nif: str
    num_serie: str
    fecha: str  # dd-mm-yyyy
    huella: str


@dataclass(frozen=True)
class System:
    """The ``SistemaInformatico`` block: who made the invoicing system, which one."""

    producer_name: str
    producer_nif: str = ""  # a Spanish NIF; else ``producer_id`` as IDOtro type 06
    producer_id: str = ""
    name: str = "cambill"
    system_id: str = "CB"
    version: str = ""
    installation: str = "1"


@dataclass(frozen=True)
class Recipient:
    """``IDDestinatario``: a Spanish NIF, or another id (IDOtro) with its country."""

    name: str
    nif: str = ""
    country: str = ""
    id_type: str = "02"  # 02 NIF-IVA (an EU VAT number), 04 official document, 06 other
    id: str = ""


@dataclass(frozen=True)
class Detalle:
    """One row of ``Desglose`` (at most 12)."""

    base: Decimal
    qualification: str = "S1"  # S1, S2, N1, N2; "" when ``exempt`` is set
    exempt: str = ""  # E1..E8
    rate: Decimal | None = None
    cuota: Decimal | None = None
    tax: str = "01"  # 01 IVA
    regime_key: str = "01"  # ClaveRegimen 01: general regime


@dataclass(frozen=True)
class Alta:
    """What a ``RegistroAlta`` says."""

    issuer_name: str
    nif: str
    num_serie: str
    fecha: str
    tipo_factura: str
    description: str
    detalles: tuple[Detalle, ...]
    cuota_total: Decimal
    importe_total: Decimal
    generated_at: str
    system: System
    previous: Link | None = None
    recipient: Recipient | None = None
    tipo_rectificativa: str = ""
    rectified: tuple[Link, ...] = ()  # huella unused: IDFacturaRectificada
    subsanacion: bool = False
    rechazo_previo: str = ""  # "", "S" or "X"

    def fields(self) -> AltaFields:
        return AltaFields(
            nif=self.nif,
            num_serie=self.num_serie,
            fecha_expedicion=self.fecha,
            tipo_factura=self.tipo_factura,
            cuota_total=money(self.cuota_total),
            importe_total=money(self.importe_total),
            previous=self.previous.huella if self.previous else "",
            generated_at=self.generated_at,
        )


@dataclass(frozen=True)
class Anulacion:
    """What a ``RegistroAnulacion`` says."""

    nif: str
    num_serie: str
    fecha: str
    generated_at: str
    system: System
    previous: Link | None = None
    sin_registro_previo: bool = False
    rechazo_previo: bool = False

    def fields(self) -> AnulacionFields:
        return AnulacionFields(
            nif=self.nif,
            num_serie=self.num_serie,
            fecha_expedicion=self.fecha,
            previous=self.previous.huella if self.previous else "",
            generated_at=self.generated_at,
        )


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{SF}}}{name}")
    if text is not None:
        el.text = text
    return el


def _chain(parent: etree._Element, previous: Link | None) -> None:
    chain = _sub(parent, "Encadenamiento")
    if previous is None:
        _sub(chain, "PrimerRegistro", "S")
        return
    prior = _sub(chain, "RegistroAnterior")
    _sub(prior, "IDEmisorFactura", previous.nif)
    _sub(prior, "NumSerieFactura", previous.num_serie)
    _sub(prior, "FechaExpedicionFactura", previous.fecha)
    _sub(prior, "Huella", previous.huella)


def _system(parent: etree._Element, system: System) -> None:
    block = _sub(parent, "SistemaInformatico")
    _sub(block, "NombreRazon", system.producer_name[:120])
    if system.producer_nif:
        _sub(block, "NIF", system.producer_nif)
    else:
        other = _sub(block, "IDOtro")
        _sub(other, "IDType", "06")
        _sub(other, "ID", (system.producer_id or system.name)[:20])
    _sub(block, "NombreSistemaInformatico", system.name[:30])
    _sub(block, "IdSistemaInformatico", system.system_id[:2])
    _sub(block, "Version", system.version[:50] or "0")
    _sub(block, "NumeroInstalacion", system.installation[:100])
    _sub(block, "TipoUsoPosibleSoloVerifactu", "S")
    _sub(block, "TipoUsoPosibleMultiOT", "S")
    _sub(block, "IndicadorMultiplesOT", "S")


def _rate(rate: Decimal) -> str:
    return f"{Decimal(rate).quantize(Decimal('0.01')):.2f}"


def alta_element(alta: Alta) -> etree._Element:
    """The ``sf:RegistroAlta`` element, its ``Huella`` computed."""
    root = etree.Element(f"{{{SF}}}RegistroAlta", nsmap={"sf": SF})
    _sub(root, "IDVersion", VERSION)
    ident = _sub(root, "IDFactura")
    _sub(ident, "IDEmisorFactura", alta.nif)
    _sub(ident, "NumSerieFactura", alta.num_serie)
    _sub(ident, "FechaExpedicionFactura", alta.fecha)
    _sub(root, "NombreRazonEmisor", alta.issuer_name[:120])
    if alta.subsanacion:
        _sub(root, "Subsanacion", "S")
    if alta.rechazo_previo:
        _sub(root, "RechazoPrevio", alta.rechazo_previo)
    _sub(root, "TipoFactura", alta.tipo_factura)
    if alta.tipo_rectificativa:
        _sub(root, "TipoRectificativa", alta.tipo_rectificativa)
    if alta.rectified:
        rectified = _sub(root, "FacturasRectificadas")
        for link in alta.rectified:
            one = _sub(rectified, "IDFacturaRectificada")
            _sub(one, "IDEmisorFactura", link.nif)
            _sub(one, "NumSerieFactura", link.num_serie)
            _sub(one, "FechaExpedicionFactura", link.fecha)
    _sub(root, "DescripcionOperacion", alta.description[:500] or "-")
    if alta.recipient is not None:
        recipients = _sub(root, "Destinatarios")
        who = _sub(recipients, "IDDestinatario")
        _sub(who, "NombreRazon", alta.recipient.name[:120])
        if alta.recipient.nif:
            _sub(who, "NIF", alta.recipient.nif)
        else:
            other = _sub(who, "IDOtro")
            if alta.recipient.country:
                _sub(other, "CodigoPais", alta.recipient.country)
            _sub(other, "IDType", alta.recipient.id_type)
            _sub(other, "ID", alta.recipient.id[:20])
    breakdown = _sub(root, "Desglose")
    for row in alta.detalles:
        detail = _sub(breakdown, "DetalleDesglose")
        _sub(detail, "Impuesto", row.tax)
        _sub(detail, "ClaveRegimen", row.regime_key)
        if row.exempt:
            _sub(detail, "OperacionExenta", row.exempt)
        else:
            _sub(detail, "CalificacionOperacion", row.qualification)
        if row.rate is not None:
            _sub(detail, "TipoImpositivo", _rate(row.rate))
        _sub(detail, "BaseImponibleOimporteNoSujeto", money(row.base))
        if row.cuota is not None:
            _sub(detail, "CuotaRepercutida", money(row.cuota))
    _sub(root, "CuotaTotal", money(alta.cuota_total))
    _sub(root, "ImporteTotal", money(alta.importe_total))
    _chain(root, alta.previous)
    _system(root, alta.system)
    _sub(root, "FechaHoraHusoGenRegistro", alta.generated_at)
    _sub(root, "TipoHuella", TIPO_HUELLA_SHA256)
    _sub(root, "Huella", alta.fields().huella())
    return root


def anulacion_element(record: Anulacion) -> etree._Element:
    """The ``sf:RegistroAnulacion`` element, its ``Huella`` computed."""
    root = etree.Element(f"{{{SF}}}RegistroAnulacion", nsmap={"sf": SF})
    _sub(root, "IDVersion", VERSION)
    ident = _sub(root, "IDFactura")
    _sub(ident, "IDEmisorFacturaAnulada", record.nif)
    _sub(ident, "NumSerieFacturaAnulada", record.num_serie)
    _sub(ident, "FechaExpedicionFacturaAnulada", record.fecha)
    if record.sin_registro_previo:
        _sub(root, "SinRegistroPrevio", "S")
    if record.rechazo_previo:
        _sub(root, "RechazoPrevio", "S")
    _chain(root, record.previous)
    _system(root, record.system)
    _sub(root, "FechaHoraHusoGenRegistro", record.generated_at)
    _sub(root, "TipoHuella", TIPO_HUELLA_SHA256)
    _sub(root, "Huella", record.fields().huella())
    return root


def envelope(issuer_name: str, nif: str, records: Iterable[etree._Element]) -> bytes:
    """``RegFactuSistemaFacturacion``: the issuer (``ObligadoEmision``) and its records,
    in chain order (at most 1000, as AEAT takes them)."""
    root = etree.Element(f"{{{SFLR}}}RegFactuSistemaFacturacion", nsmap=NSMAP)
    header = etree.SubElement(root, f"{{{SFLR}}}Cabecera")
    obliged = _sub(header, "ObligadoEmision")
    _sub(obliged, "NombreRazon", issuer_name[:120])
    _sub(obliged, "NIF", nif)
    for record in records:
        wrapper = etree.SubElement(root, f"{{{SFLR}}}RegistroFactura")
        wrapper.append(record)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def records_of(xml: bytes) -> list[etree._Element]:
    """The ``RegistroAlta`` / ``RegistroAnulacion`` elements of an envelope, in order."""
    root = etree.fromstring(xml)
    return [el for wrapper in root.iterfind(f"{{{SFLR}}}RegistroFactura") for el in wrapper]


@dataclass(frozen=True)
class Read:
    """One record as read back: what it says and what its Huella is computed from."""

    operation: str  # "Alta" | "Anulacion"
    nif: str
    num_serie: str
    fecha: str
    huella: str
    fields: AltaFields | AnulacionFields
    previous: Link | None
    subsanacion: bool = False
    rechazo_previo: str = ""
    recipient_nif: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def recomputed(self) -> str:
        return self.fields.huella()


def _text(el: etree._Element, path: str) -> str:
    found = el.find(path, {"sf": SF})
    return (found.text or "").strip() if found is not None else ""


def read(record: etree._Element) -> Read:
    """What a record says, from its own XML."""
    prior = record.find("sf:Encadenamiento/sf:RegistroAnterior", {"sf": SF})
    previous = None
    if prior is not None:
        previous = Link(
            nif=_text(prior, "sf:IDEmisorFactura"),
            num_serie=_text(prior, "sf:NumSerieFactura"),
            fecha=_text(prior, "sf:FechaExpedicionFactura"),
            huella=_text(prior, "sf:Huella"),
        )
    generated = _text(record, "sf:FechaHoraHusoGenRegistro")
    if etree.QName(record).localname == "RegistroAlta":
        nif = _text(record, "sf:IDFactura/sf:IDEmisorFactura")
        num = _text(record, "sf:IDFactura/sf:NumSerieFactura")
        day = _text(record, "sf:IDFactura/sf:FechaExpedicionFactura")
        alta = AltaFields(
            nif=nif,
            num_serie=num,
            fecha_expedicion=day,
            tipo_factura=_text(record, "sf:TipoFactura"),
            cuota_total=_text(record, "sf:CuotaTotal"),
            importe_total=_text(record, "sf:ImporteTotal"),
            previous=previous.huella if previous else "",
            generated_at=generated,
        )
        return Read(
            operation="Alta",
            nif=nif,
            num_serie=num,
            fecha=day,
            huella=_text(record, "sf:Huella"),
            fields=alta,
            previous=previous,
            subsanacion=_text(record, "sf:Subsanacion") == "S",
            rechazo_previo=_text(record, "sf:RechazoPrevio"),
            recipient_nif=_text(record, "sf:Destinatarios/sf:IDDestinatario/sf:NIF"),
        )
    nif = _text(record, "sf:IDFactura/sf:IDEmisorFacturaAnulada")
    num = _text(record, "sf:IDFactura/sf:NumSerieFacturaAnulada")
    day = _text(record, "sf:IDFactura/sf:FechaExpedicionFacturaAnulada")
    return Read(
        operation="Anulacion",
        nif=nif,
        num_serie=num,
        fecha=day,
        huella=_text(record, "sf:Huella"),
        fields=AnulacionFields(
            nif=nif,
            num_serie=num,
            fecha_expedicion=day,
            previous=previous.huella if previous else "",
            generated_at=generated,
        ),
        previous=previous,
        rechazo_previo=_text(record, "sf:RechazoPrevio"),
        extra={"sin_registro_previo": _text(record, "sf:SinRegistroPrevio")},
    )
