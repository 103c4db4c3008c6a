"""Mexico: CFDI 4.0 (``Comprobante`` I, E and P with Pagos 2.0) stamped by a PAC.

Pure functions over an ``EInvoice`` and the issuer's ``Credentials``; the PAC
sits behind ``AuthorityClient`` (``pac.SatcfdiPacClient`` for a real one,
``cambill_sandbox.einvoice.sat_pac.SandboxPac`` for the demo and the tests).
"""

from .adapter import REGIME, Cfdi40Adapter
from .build import comprobante, split_number
from .check import check
from .sign import cadena_original, credentials_from_csd, verify_sello
from .stamp import cancellation_request, qr_text, timbre
from .validate import validate

__all__ = [
    "REGIME",
    "Cfdi40Adapter",
    "cadena_original",
    "cancellation_request",
    "check",
    "comprobante",
    "credentials_from_csd",
    "qr_text",
    "split_number",
    "timbre",
    "validate",
    "verify_sello",
]
