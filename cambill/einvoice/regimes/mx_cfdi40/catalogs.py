"""SAT's catalogues as CFDI 4.0 uses them, read from SAT's own ``catCFDI.xsd``.

The schemas ship in the ``satcfdi`` wheel (``satcfdi/transform/schemas/www.sat.gob.mx/``,
byte copies of SAT's published files); reading the enumerations from there means
``check()`` and the XSD validation can never disagree about a code.
"""

from __future__ import annotations

import os
from decimal import Decimal
from functools import cache

import satcfdi
from lxml import etree

SAT_SCHEMAS = os.path.join(
    os.path.dirname(satcfdi.__file__),
    "transform",
    "schemas",
    "www.sat.gob.mx",
    "sitio_internet",
    "cfd",
)
CFDV40_XSD = os.path.join(SAT_SCHEMAS, "4", "cfdv40.xsd")
PAGOS20_XSD = os.path.join(SAT_SCHEMAS, "Pagos", "Pagos20.xsd")
TFD11_XSD = os.path.join(SAT_SCHEMAS, "TimbreFiscalDigital", "TimbreFiscalDigitalv11.xsd")
CATCFDI_XSD = os.path.join(SAT_SCHEMAS, "catalogos", "catCFDI.xsd")
CADENA_CFDI40_XSLT = os.path.join(SAT_SCHEMAS, "4", "cadenaoriginal_4_0", "cadenaoriginal_4_0.xslt")
CADENA_TFD11_XSLT = os.path.join(SAT_SCHEMAS, "TimbreFiscalDigital", "cadenaoriginal_TFD_1_1.xslt")

NS_CFDI = "http://www.sat.gob.mx/cfd/4"
NS_PAGOS = "http://www.sat.gob.mx/Pagos20"
NS_TFD = "http://www.sat.gob.mx/TimbreFiscalDigital"

RFC_PUBLICO_EN_GENERAL = "XAXX010101000"  # Regla 2.7.1.23: the generic RFC for the general public
RFC_EXTRANJERO = "XEXX010101000"  # the generic RFC of a foreign receiver
NOMBRE_PUBLICO_EN_GENERAL = "PUBLICO EN GENERAL"
REGIMEN_SIN_OBLIGACIONES = "616"  # "Sin obligaciones fiscales": the general public's regime
USO_SIN_EFECTOS = "S01"  # "Sin efectos fiscales"
USO_PAGOS = "CP01"  # a payment receipt's UsoCFDI
PERIODICIDAD_MENSUAL = "04"  # cambill bills by calendar month

# cambill's payment methods (cambill.payments.models.PaymentMethod) as SAT's c_FormaPago.
FORMA_PAGO = {
    "cash": "01",  # Efectivo
    "bank_transfer": "03",  # Transferencia electrónica de fondos
    "card": "04",  # Tarjeta de crédito
    "gateway": "31",  # Intermediario pagos
}
FORMA_POR_DEFINIR = "99"  # an unpaid PPD invoice: "Por definir"

# SAT's cancellation reasons (Anexo 20, "Motivos de cancelación").
MOTIVOS = {
    "01": "Comprobante emitido con errores con relación",
    "02": "Comprobante emitido con errores sin relación",
    "03": "No se llevó a cabo la operación",
    "04": "Operación nominativa relacionada en una factura global",
}
MOTIVO_DEFAULT = "02"

# Payment receipts: SAT fixes the single concept (Anexo 20, Complemento para recepción de pagos).
PAGO_CLAVE_PROD_SERV = "84111506"
PAGO_CLAVE_UNIDAD = "ACT"

# What fits a cloud video service when a service has no code of its own (the defaults
# live with the services; these only fill an empty value).
DEFAULT_CLAVE_PROD_SERV = "81112106"  # Proveedores de servicios de aplicación
DEFAULT_CLAVE_UNIDAD = "E48"  # Unidad de servicio


@cache
def _catalog_tree() -> etree._ElementTree:
    return etree.parse(CATCFDI_XSD)


@cache
def catalog(name: str) -> frozenset[str]:
    """The codes of one ``catCFDI`` simple type (``c_RegimenFiscal``, ``c_UsoCFDI`` ...)."""
    tree = _catalog_tree()
    xs = "{http://www.w3.org/2001/XMLSchema}"
    for simple in tree.getroot().iter(f"{xs}simpleType"):
        if simple.get("name") == name:
            return frozenset(e.get("value") for e in simple.iter(f"{xs}enumeration"))
    raise KeyError(name)


def in_catalog(name: str, code: str) -> bool:
    return code in catalog(name)


FORMA_COMPENSACION = "17"  # a credit note applied against what the invoice owes
USO_DEVOLUCIONES = "G02"  # "Devoluciones, descuentos o bonificaciones": a credit note's use
RELACION_NOTA_DE_CREDITO = "01"  # c_TipoRelacion "Nota de crédito de los documentos relacionados"
EXPORTACION_NO_APLICA = "01"  # c_Exportacion "No aplica": services billed in Mexico

# A credit note's concept when the credited line has no SAT codes (SAT's "Guía de llenado"
# for notas de crédito por descuentos o bonificaciones).
NOTA_CLAVE_PROD_SERV = "84111506"
NOTA_CLAVE_UNIDAD = "ACT"

# IVA rates SAT accepts on a Traslado (c_TasaOCuota): general 16 %, northern and southern
# border region 8 %, zero-rated 0 %.
IVA_PERCENTS = frozenset({Decimal("16"), Decimal("8"), Decimal("0")})
