"""A real PAC behind ``AuthorityClient``, through ``satcfdi``'s PAC adapters.

Configured per issuer: its ``einvoice.pac`` names the PAC and its write-only PAC
credentials arrive in ``Credentials.secrets`` (``pac_username``, ``pac_password``,
``pac_contract`` for Prodigia, ``pac_token`` for SW Sapien, ``pac_id`` for
Diverza); ``settings.CAMBILL_EINVOICE_PAC_ENVIRONMENT`` (``test`` | ``production``,
default ``test``) picks the PAC's host. Never called by the tests (they use the
sandbox PAC); the mapping of replies is what they can check offline.

``status`` asks SAT's public ``ConsultaCFDIService`` (the expression needs the
RFCs and total, so the client reads the stamped XML through ``document_for``);
``cancel`` sends SAT's ``Cancelacion`` signed with the issuer's CSD.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from satcfdi.cfdi import CFDI
from satcfdi.create.cancela import cancelacion
from satcfdi.exceptions import CFDIError, ResponseError
from satcfdi.pacs import PAC, Environment
from satcfdi.pacs.comerciodigital import ComercioDigital
from satcfdi.pacs.diverza import Diverza
from satcfdi.pacs.facturama import Facturama
from satcfdi.pacs.finkok import Finkok
from satcfdi.pacs.prodigia import Prodigia
from satcfdi.pacs.sat import SAT
from satcfdi.pacs.swsapien import SWSapien

from ...protocol import AuthorityReply, Credentials
from .sign import signer

PACS = ("finkok", "swsapien", "prodigia", "facturama", "diverza", "comerciodigital")
_CODE = re.compile(r"\b(CFDI\d{5}|CRP\d{3,5}|\d{3})\b")


class PacConfigurationError(ValueError):
    """The issuer's PAC is unknown or its credentials are incomplete."""


def environment_from_settings() -> Environment:
    from django.conf import settings

    name = str(getattr(settings, "CAMBILL_EINVOICE_PAC_ENVIRONMENT", "test")).lower()
    return Environment.PRODUCTION if name == "production" else Environment.TEST


def make_pac(name: str, secrets: dict[str, str], environment: Environment) -> PAC:
    """satcfdi's adapter of the named PAC with the issuer's PAC credentials."""

    def need(*keys: str) -> list[str]:
        missing = [k for k in keys if not secrets.get(k)]
        if missing:
            raise PacConfigurationError(f"PAC {name}: missing {', '.join(missing)}")
        return [secrets[k] for k in keys]

    match name:
        case "finkok":
            user, password = need("pac_username", "pac_password")
            return Finkok(user, password, environment=environment)
        case "swsapien":
            if secrets.get("pac_token"):
                return SWSapien(token=secrets["pac_token"], environment=environment)
            user, password = need("pac_username", "pac_password")
            return SWSapien(user=user, password=password, environment=environment)
        case "prodigia":
            user, password, contract = need("pac_username", "pac_password", "pac_contract")
            return Prodigia(user, password, contract, environment=environment)
        case "facturama":
            user, password = need("pac_username", "pac_password")
            return Facturama(user, password, environment=environment)
        case "diverza":
            rfc, pac_id, token = need("pac_rfc", "pac_id", "pac_token")
            return Diverza(rfc, pac_id, token, environment=environment)
        case "comerciodigital":
            user, password = need("pac_username", "pac_password")
            return ComercioDigital(user, password, environment=environment)
    raise PacConfigurationError(f"Unknown PAC {name!r}; known: {', '.join(PACS)}")


def _codes(message: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_CODE.findall(message))) or ("PAC",)


def _failure(error: Exception) -> AuthorityReply:
    """A PAC exception as a reply: network trouble is ``unavailable`` (retry later), an
    answer refusing the document is ``rejected`` with the codes it quotes."""
    # requests' errors are OSErrors: the PAC could not be reached or timed out
    if isinstance(error, OSError):
        return AuthorityReply(
            status="unavailable", codes=("network",), message=str(error), raw=repr(error)
        )
    if isinstance(error, ResponseError):
        response = error.response
        text = getattr(response, "text", None) or str(response)
        status_code = getattr(response, "status_code", 0) or 0
        if status_code >= 500:
            return AuthorityReply(
                status="unavailable", codes=(str(status_code),), message=text[:2000], raw=text
            )
        return AuthorityReply(status="rejected", codes=_codes(text), message=text[:2000], raw=text)
    text = str(error)
    return AuthorityReply(
        status="rejected", codes=_codes(text), message=text[:2000], raw=repr(error)
    )


class SatcfdiPacClient:
    """``AuthorityClient`` for a real PAC (satcfdi adapter) and SAT's status service."""

    def __init__(
        self,
        pac: PAC,
        credentials: Credentials,
        *,
        document_for: Callable[[str], bytes] | None = None,
        sat: Any = None,
    ) -> None:
        self.pac = pac
        self.credentials = credentials
        self.document_for = document_for
        self.sat = sat or SAT(environment=pac.environment)

    @classmethod
    def from_settings(
        cls,
        pac_name: str,
        credentials: Credentials,
        *,
        document_for: Callable[[str], bytes] | None = None,
    ) -> SatcfdiPacClient:
        environment = environment_from_settings()
        return cls(
            make_pac(pac_name, credentials.secrets, environment),
            credentials,
            document_for=document_for,
        )

    def submit(self, xml: bytes, *, test_set_id: str = "") -> AuthorityReply:
        try:
            document = self.pac.stamp(CFDI.from_string(xml))
        except (ResponseError, CFDIError, OSError) as error:
            return _failure(error)
        stamped = bytes(document.xml or b"")
        if not stamped:
            return AuthorityReply(
                status="pending", unique_code=document.document_id, raw=document.document_id
            )
        uuid = CFDI.from_string(stamped)["Complemento"]["TimbreFiscalDigital"]["UUID"]
        return AuthorityReply(
            status="accepted", unique_code=str(uuid).upper(), xml=stamped, raw=document.document_id
        )

    def status(self, unique_code: str) -> AuthorityReply:
        if self.document_for is None:
            return AuthorityReply(
                status="pending", unique_code=unique_code, message="no document to query"
            )
        try:
            answer = self.sat.status(CFDI.from_string(self.document_for(unique_code)))
        except (ResponseError, CFDIError, OSError) as error:
            return _failure(error)
        estado = str(answer.get("Estado") or "")
        status = {"Vigente": "accepted", "Cancelado": "cancelled"}.get(estado, "pending")
        return AuthorityReply(
            status=status,
            unique_code=unique_code,
            codes=(str(answer.get("CodigoEstatus") or ""),),
            message=estado,
            raw=repr(answer),
        )

    def cancel(
        self, unique_code: str, *, reason_code: str, replacement: str = ""
    ) -> AuthorityReply:
        request = cancelacion.Cancelacion(
            emisor=signer(self.credentials),
            folios=cancelacion.Folio(unique_code.upper(), reason_code, replacement.upper() or None),
        )
        try:
            acknowledgment = self.pac.cancel_comprobante(request)
        except (ResponseError, CFDIError, OSError) as error:
            return _failure(error)
        code = acknowledgment.code
        codes = tuple(str(v) for v in code.values()) if isinstance(code, dict) else (str(code),)
        accepted = any(c in ("201", "202") for c in codes)
        return AuthorityReply(
            status="cancelled" if accepted else "rejected",
            unique_code=unique_code.upper(),
            xml=bytes(acknowledgment.acuse or b""),
            codes=codes,
            raw=repr(code),
        )
