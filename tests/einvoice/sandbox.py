"""A fresh sandbox PAC per test, handed to the product through its setting."""

from __future__ import annotations

from typing import Any

import pytest

from cambill_sandbox.einvoice.dian import SandboxDian, issuer_of
from cambill_sandbox.einvoice.peppol import SandboxAccessPoint
from cambill_sandbox.einvoice.sat_pac import SandboxPac

_PAC: list[SandboxPac] = []
_DIAN: list[SandboxDian] = []
_AP: list[SandboxAccessPoint] = []


def sandbox_client(regime: str, tax_id: str, data: dict[str, Any], credentials: Any) -> Any:
    if regime == "eu-peppol":
        return _AP[0]
    if regime == "co-dian":
        _DIAN[0].register(issuer_of(tax_id, data, credentials.secrets))
        return _DIAN[0]
    return _PAC[0]


@pytest.fixture
def pac(settings: Any) -> SandboxPac:
    _PAC[:] = [SandboxPac()]
    _DIAN[:] = [SandboxDian()]
    _AP[:] = [SandboxAccessPoint()]
    settings.CAMBILL_EINVOICE_SANDBOX = True
    settings.CAMBILL_EINVOICE_SANDBOX_CLIENTS = f"{__name__}.sandbox_client"
    return _PAC[0]
