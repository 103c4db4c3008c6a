"""DIAN's fixed values and code lists (Anexo técnico de factura electrónica de venta,
version 1.9), as the co-dian adapter and the sandbox DIAN use them."""

from __future__ import annotations

from typing import Final

NS: Final = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "ar": "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2",
    "ad": "urn:oasis:names:specification:ubl:schema:xsd:AttachedDocument-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "sts": "dian:gov:co:facturaelectronica:Structures-2-1",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "xades": "http://uri.etsi.org/01903/v1.3.2#",
}

# The document's root per kind, and the names DIAN gives it.
ROOT: Final = {"invoice": "inv", "credit_note": "cn"}

DIAN_NIT: Final = "800197268"  # AuthorizationProvider: DIAN itself
DIAN_NAME: Final = "Unidad Especial Dirección de Impuestos y Aduanas Nacionales"
AGENCY_ID: Final = "195"
AGENCY_NAME: Final = "CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)"

# Customization (operation type, tables 13.1.5.1 / 13.1.5.2): a standard sale; a credit
# note that references an invoice.
CUSTOMIZATION: Final = {"invoice": "10", "credit_note": "20"}
PROFILE: Final = {
    "invoice": "DIAN 2.1: Factura Electrónica de Venta",
    "credit_note": "DIAN 2.1: Nota Crédito de Factura Electrónica de Venta",
}
INVOICE_TYPE_SALE: Final = "01"  # factura electrónica de venta
CREDIT_NOTE_TYPE: Final = "91"  # nota crédito

ENVIRONMENTS: Final = {"1": "production", "2": "test"}

# Identity document types (table 13.2.1), as a party's ``id_type``.
ID_TYPES: Final = {
    "11": "Registro civil",
    "12": "Tarjeta de identidad",
    "13": "Cédula de ciudadanía",
    "21": "Tarjeta de extranjería",
    "22": "Cédula de extranjería",
    "31": "NIT",
    "41": "Pasaporte",
    "42": "Documento de identificación extranjero",
    "47": "PEP",
    "48": "PPT",
    "50": "NIT de otro país",
    "91": "NUIP",
}
NIT: Final = "31"
FOREIGN_TAX_ID: Final = "50"

# A buyer with no identity (consumidor final), as DIAN prescribes it.
FINAL_CONSUMER_ID: Final = "222222222222"
FINAL_CONSUMER_ID_TYPE: Final = "13"

# Fiscal responsibilities (table 13.2.6.1).
TAX_RESPONSIBILITIES: Final = {
    "O-13": "Gran contribuyente",
    "O-15": "Autorretenedor",
    "O-23": "Agente de retención IVA",
    "O-47": "Régimen simple de tributación",
    "R-99-PN": "No aplica - Otros",
}

# Tax schemes (table 13.2.6.2) a party declares, and the taxes of the CUFE.
TAX_SCHEMES: Final = {"01": "IVA", "04": "INC", "ZA": "IVA e INC", "ZZ": "No aplica"}
IVA: Final = ("01", "IVA")

# Credit note discrepancy codes (table 13.2.4).
CREDIT_NOTE_REASONS: Final = {
    "1": "Devolución de parte de los bienes; no aceptación de partes del servicio",
    "2": "Anulación de factura electrónica",
    "3": "Rebaja o descuento parcial o total",
    "4": "Ajuste de precio",
    "5": "Descuento comercial por pronto pago",
    "6": "Descuento comercial por volumen de ventas",
}

# Person types (AdditionalAccountID, table 13.2.3): legal entity, natural person.
PERSON_TYPES: Final = {"1": "Persona jurídica", "2": "Persona natural"}

# Payment means (table 13.3.4.1: 1 cash, 2 credit) and codes (13.3.4.2).
PAYMENT_CASH: Final = "1"
PAYMENT_CREDIT: Final = "2"
PAYMENT_MEANS_CODES: Final = {
    "cash": "10",
    "bank_transfer": "42",
    "transfer": "42",
    "card": "48",
    "stripe": "48",
    "check": "20",
}
PAYMENT_MEANS_UNDEFINED: Final = "ZZZ"

# XAdES-EPES signature policy of DIAN (politica de firma v2).
SIGNATURE_POLICY_URL: Final = (
    "https://facturaelectronica.dian.gov.co/politicadefirma/v2/politicadefirmav2.pdf"
)
SIGNATURE_POLICY_DIGEST: Final = "dMoMvtcG5aIzgYo0tIsSQeVJBDnUnfSOfBpxXrmor0Y="  # SHA-256, base64
SIGNATURE_POLICY_DESCRIPTION: Final = (
    "Política de firma para facturas electrónicas de la República de Colombia."
)
SIGNER_ROLE: Final = "supplier"

QR_HOST: Final = {"1": "catalogo-vpfe.dian.gov.co", "2": "catalogo-vpfe-hab.dian.gov.co"}

# ApplicationResponse codes: the document's verdict, and the rule codes of a rejection.
ACCEPTED: Final = "02"
REJECTED: Final = "04"
RULES: Final = {
    "ZB01": "Fallo en el esquema XML del archivo",
    "ZE02": "Valor de la firma inválido",
    "FAD06": "Valor del CUFE no está calculado correctamente",
    "CAD06": "Valor del CUDE no está calculado correctamente",
    "FAB05b": "Número de la resolución no corresponde a este emisor",
    "FAB07b": "Fecha de emisión posterior a la fecha final de la resolución",
    "FAB10b": "Número de factura fuera del rango de numeración autorizado",
    "FAD05a": "Número de documento ya fue recibido (duplicado)",
    "FAB27b": "SoftwareSecurityCode no está calculado correctamente",
    "FAJ21": "NIT del emisor no está calculado correctamente (dígito de verificación)",
    "90": "Documento procesado anteriormente",
}
