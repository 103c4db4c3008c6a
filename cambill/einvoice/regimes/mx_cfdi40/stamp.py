"""Reading a stamped CFDI: its ``TimbreFiscalDigital``, the QR text SAT prescribes,
and the cancellation request SAT's cancellation service takes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from satcfdi.cfdi import CFDI
from satcfdi.create.cancela import cancelacion

from ...protocol import Credentials
from . import catalogs as cat
from .sign import cadena_tfd, signer

VERIFICA_CFDI = "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"


@dataclass(frozen=True)
class Timbre:
    uuid: str
    fecha_timbrado: str
    rfc_prov_certif: str
    sello_cfd: str
    no_certificado_sat: str
    sello_sat: str
    cadena: str  # "cadena original del complemento de certificación digital del SAT"


def timbre(xml: bytes) -> Timbre | None:
    """The stamp of a CFDI, or ``None`` before it is stamped."""
    root = etree.fromstring(xml)
    tfd = root.find(f"{{{cat.NS_CFDI}}}Complemento/{{{cat.NS_TFD}}}TimbreFiscalDigital")
    if tfd is None:
        return None
    return Timbre(
        uuid=tfd.get("UUID", ""),
        fecha_timbrado=tfd.get("FechaTimbrado", ""),
        rfc_prov_certif=tfd.get("RfcProvCertif", ""),
        sello_cfd=tfd.get("SelloCFD", ""),
        no_certificado_sat=tfd.get("NoCertificadoSAT", ""),
        sello_sat=tfd.get("SelloSAT", ""),
        cadena=cadena_tfd(tfd),
    )


def qr_text(xml: bytes) -> str:
    """SAT's verification URL of a stamped CFDI (Anexo 20, "código de barras
    bidimensional"): ``id`` the UUID, ``re``/``rr`` the RFCs, ``tt`` the total, ``fe``
    the last eight characters of the ``Sello``. satcfdi formats it."""
    url = CFDI.from_string(xml).verifica_url
    assert url.startswith(VERIFICA_CFDI)
    return url


def cancellation_request(
    credentials: Credentials,
    uuid: str,
    motivo: str = cat.MOTIVO_DEFAULT,
    replacement: str = "",
    at: datetime | None = None,
) -> bytes:
    """SAT's ``Cancelacion`` request, signed with the issuer's CSD (XMLDSig, as SAT's
    cancellation service requires): what a PAC forwards to SAT."""
    folio = cancelacion.Folio(
        uuid=uuid.upper(), motivo=motivo, folio_sustitucion=(replacement.upper() or None)
    )
    request = cancelacion.Cancelacion(emisor=signer(credentials), folios=folio, fecha=at)
    return bytes(request.xml_bytes())
