"""The sandbox authorities as the product asks for them (``CAMBILL_EINVOICE_SANDBOX_CLIENTS``
names ``client_for``): the process's sandbox PAC for ``mx-cfdi40``, the process's
sandbox DIAN for ``co-dian`` with the issuer enabled in it (as DIAN enables an issuer
that has passed its test set)."""

from __future__ import annotations

from typing import Any

from cambill.einvoice.protocol import AuthorityClient, Credentials

from . import dian
from .sat_pac import default_pac


def client_for(
    regime: str, tax_id: str, regime_data: dict[str, Any], credentials: Credentials
) -> AuthorityClient:
    if regime == "mx-cfdi40":
        return default_pac()
    if regime == "co-dian":
        sandbox = dian.shared()
        sandbox.register(dian.issuer_of(tax_id, regime_data, credentials.secrets))
        return sandbox
    if regime == "eu-peppol":
        from . import peppol

        return peppol.shared()
    if regime == "es-verifactu":
        from . import aeat

        return aeat.shared()  # type: ignore[return-value]
    raise ValueError(f"no sandbox authority for {regime!r}")


def sandboxes_forget() -> None:
    """The process's sandbox AEAT, DIAN and Peppol access point start afresh (a demo on
    an emptied database: what they remember of the data that went would refuse the new
    run's records, e.g. a Verifactu chain that starts again)."""
    from . import aeat, peppol

    aeat._SHARED.clear()
    dian._SHARED.clear()
    peppol._SHARED.clear()
