"""ARCHITECTURE.md's worked example, to the cent, through a real bill run."""

from __future__ import annotations

import pytest
import time_machine

from tests.conftest import utc
from tests.invoicing.helpers import amounts, bill, camera, change, local, retail, totals, wholesale

BOG = "America/Bogota"
NOW = utc(2026, 4, 5, 12)


def build(world):  # type: ignore[no-untyped-def]
    t = world.clouds["telenet"]
    acme = world.accounts["acme"]
    camera(t, "A", acme, "TRAFFIC7", local(BOG, 2026, 2, 10, 9))
    camera(t, "B", acme, "HOME3", local(BOG, 2026, 3, 10))
    c = camera(t, "C", acme, "HOME3", local(BOG, 2026, 3, 1))
    change(c, "TRAFFIC7", local(BOG, 2026, 3, 16, 12))
    return t


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_worked_example(world):
    t = build(world)
    run = bill(t, "2026-03", NOW)
    assert run.status == "completed", run.error
    inv = retail(t, "2026-03", "acme")
    assert amounts(inv) == ["12.00", "2.13", "1.45", "6.19"]
    assert totals(inv) == {
        "subtotal": "21.77",
        "discount": "0.00",
        "net": "21.77",
        "tax": "4.14",
        "total": "25.91",
    }
    days = [int(ln.days) for ln in inv.lines.order_by("position")]
    assert days == [31, 22, 15, 16]
    w = wholesale(t, "2026-03")
    assert amounts(w, "service") == ["4.26", "6.06"]
    assert totals(w) == {
        "subtotal": "10.32",
        "discount": "-1.03",
        "net": "9.29",
        "tax": "0.00",
        "total": "9.29",
    }
    rec = w.lines.get(service="REC_DAY")
    assert rec.days == 440
    assert w.tax_note
    assert run.invoices_created == 2
    assert run.accounts_total == 1
