"""A billed March 2026 for the workspace page tests: acme's camera changes
tariff mid-month, beta has a camera of its own; both retail invoices issued."""

from __future__ import annotations

from typing import Any

from cambill.core.access import SYSTEM
from tests.conftest import utc
from tests.invoicing.helpers import bill, camera, change, local, retail

BOGOTA = "America/Bogota"
NOW = utc(2026, 4, 2, 12)


def billed_march(world: Any, cams: Any) -> dict[str, Any]:
    """acme: cam-a TRAFFIC7 1-15 March (12.00 x 15/31 = 5.81), HOME3 from 16 March
    12:00 local (3.00 x 16/31 = 1.55): net 7.36, VAT 19 % 1.40, total 8.76.
    beta: cam-b HOME3 the whole month: 3.00, VAT 0.57, total 3.57."""
    from cambill.invoicing.services import invoice_issue

    t = world.clouds["telenet"]
    change(cams["cam-a"], world.tariffs["HOME3"], local(BOGOTA, 2026, 3, 16, 12))
    camera(t, "cam-b", world.accounts["beta"], world.tariffs["HOME3"], local(BOGOTA, 2026, 3, 1))
    bill(t, "2026-03", NOW)
    acme = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"), now=NOW)
    beta = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "beta"), now=NOW)
    return {"acme": acme, "beta": beta}
