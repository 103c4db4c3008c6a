"""A fresh sandbox PAC per test, handed to the product through its setting."""

from __future__ import annotations

from typing import Any

import pytest

from cambill_sandbox.einvoice.sat_pac import SandboxPac

_PAC: list[SandboxPac] = []


def sandbox_client(regime: str, tax_id: str, data: dict[str, Any], credentials: Any) -> Any:
    if regime == "co-dian":
        from cambill_sandbox.einvoice.clients import client_for

        return client_for(regime, tax_id, data, credentials)
    return _PAC[0]


@pytest.fixture
def pac(settings: Any) -> SandboxPac:
    _PAC[:] = [SandboxPac()]
    settings.CAMBILL_EINVOICE_SANDBOX = True
    settings.CAMBILL_EINVOICE_SANDBOX_CLIENTS = f"{__name__}.sandbox_client"
    return _PAC[0]
