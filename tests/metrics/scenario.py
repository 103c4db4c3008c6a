"""A small telenet history for the dashboard tests, built through the real
services (see the figures pinned in test_refresh.py and docs/metrics.md).

Local times in America/Bogota; NOW is 20 March 2026, 12:00 local.

- acme (account manager ``amanager``):
  A TRAFFIC7 from 1 Feb; B HOME3 from 10 Mar; C HOME3 from 1 Mar, TRAFFIC7 from 16 Mar 12:00.
- beta (account manager ``amanager2``):
  D HOME3 from 15 Jan, tariff removed on 5 Mar 00:00; E HOME3 from 10 Feb.
- othercloud (EUR): G HOME3 (2.00 EUR, REC_DAY x 3) from 1 Mar.
"""

from __future__ import annotations

from typing import Any

from tests.invoicing.helpers import bill, camera, change, local, retail, wholesale

TZ = "America/Bogota"
NOW = local(TZ, 2026, 3, 20, 12)


def build(world: Any) -> dict[str, Any]:
    t = world.clouds["telenet"]
    acme, beta = world.accounts["acme"], world.accounts["beta"]
    cams = {
        "A": camera(t, "A", acme, "TRAFFIC7", local(TZ, 2026, 2, 1)),
        "B": camera(t, "B", acme, "HOME3", local(TZ, 2026, 3, 10)),
        "C": camera(t, "C", acme, "HOME3", local(TZ, 2026, 3, 1)),
        "D": camera(t, "D", beta, "HOME3", local(TZ, 2026, 1, 15)),
        "E": camera(t, "E", beta, "HOME3", local(TZ, 2026, 2, 10)),
    }
    change(cams["C"], "TRAFFIC7", local(TZ, 2026, 3, 16, 12))
    change(cams["D"], None, local(TZ, 2026, 3, 5))
    cams["G"] = camera(
        world.clouds["othercloud"],
        "G",
        world.accounts["gamma"],
        "HOME3",
        local("Europe/Madrid", 2026, 3, 1),
    )
    return cams


# February is billed and issued on 2 March (due 15 days later, 17 March 09:00).
ISSUED = local(TZ, 2026, 3, 2, 9)


def build_billed(world: Any) -> dict[str, Any]:
    """The history, February billed and issued, some of it paid, figures refreshed:
    the cloud paid 2.00 of its wholesale invoice (6.85), beta 1.00 of its 6.00."""
    from cambill.core.access import SYSTEM
    from cambill.invoicing.services import invoice_issue
    from cambill.metrics.services import metrics_refresh_all
    from cambill.payments.services import payment_record

    build(world)
    telenet = world.clouds["telenet"]
    bill(telenet, "2026-02", NOW)
    out = {
        "wholesale": invoice_issue(actor=SYSTEM, invoice=wholesale(telenet, "2026-02"), now=ISSUED),
        "acme": invoice_issue(actor=SYSTEM, invoice=retail(telenet, "2026-02", "acme"), now=ISSUED),
        "beta": invoice_issue(actor=SYSTEM, invoice=retail(telenet, "2026-02", "beta"), now=ISSUED),
    }
    payment_record(
        actor=SYSTEM, cloud=telenet, amount="2.00", received_at=ISSUED, invoices=[out["wholesale"]]
    )
    payment_record(
        actor=SYSTEM,
        cloud=telenet,
        amount="1.00",
        received_at=ISSUED,
        account=world.accounts["beta"],
        invoices=[out["beta"]],
    )
    metrics_refresh_all(actor=SYSTEM, now=NOW)
    return out
