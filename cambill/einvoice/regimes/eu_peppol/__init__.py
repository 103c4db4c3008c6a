"""EN 16931 as Peppol BIS Billing 3.0 (UBL 2.1), delivered through a Peppol access
point: ``PeppolAdapter`` builds and validates (CEN's rules and OpenPEPPOL's),
``client.PeppolRestClient`` speaks to an access point's REST API (by settings); the
sandbox access point is ``cambill_sandbox.einvoice.peppol``."""

from .adapter import REGIME, PeppolAdapter

__all__ = ["REGIME", "PeppolAdapter"]
