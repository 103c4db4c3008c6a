"""One clock: ``cambill.core.clock`` is the seam every verb reads the time from, and
an audit row carries the instant its verb acted at (the verb's ``now``), not the
moment the row happened to be written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
import time_machine

from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.core.models import AuditEntry
from tests.conftest import utc

pytestmark = pytest.mark.django_db

# The wall clock of these tests is far from the instants the verbs are given, so a
# row stamped with the wall clock instead of the verb's now cannot pass.
WALL = utc(2031, 1, 2, 3, 4, 5)


def test_clock_is_aware_utc_and_can_be_fixed() -> None:
    with time_machine.travel(WALL, tick=False):
        assert clock.now() == WALL
        assert clock.now().utcoffset() == timedelta(0)
    given = utc(2026, 4, 6, 15)
    assert clock.given(given) is given
    with time_machine.travel(WALL, tick=False):
        assert clock.given(None) == WALL


def test_clock_follows_a_patched_django_clock() -> None:
    """The demo replays history by patching ``django.utils.timezone.now``: the clock
    reads it at each call, so the replayed time reaches every verb."""
    at = datetime(2026, 2, 1, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", lambda: at):
        assert clock.now() == at


def _billed(world):  # type: ignore[no-untyped-def]
    from tests.invoicing.helpers import bill
    from tests.scenarios.test_worked_example import NOW, build

    t = build(world)
    with time_machine.travel(NOW, tick=False):
        bill(t, "2026-03", NOW)
    return t


def test_bill_run_and_invoice_verbs_audit_at_their_now(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.services import invoice_issue, invoice_void
    from tests.invoicing.helpers import retail
    from tests.scenarios.test_worked_example import NOW

    t = _billed(world)
    run_rows = AuditEntry.objects.filter(verb__startswith="bill_run")
    assert run_rows.exists()
    assert {r.at for r in run_rows} == {NOW}
    issued_at = utc(2026, 4, 6, 15)
    voided_at = utc(2026, 4, 7, 9, 30)
    with time_machine.travel(WALL, tick=False):
        inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"), now=issued_at)
        invoice_void(actor=SYSTEM, invoice=inv, reason="test", now=voided_at)
    assert AuditEntry.objects.get(verb="invoice_issue", object_id=str(inv.pk)).at == issued_at
    assert AuditEntry.objects.get(verb="invoice_void", object_id=str(inv.pk)).at == voided_at


def test_payment_verb_audits_at_its_now(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.payments.services import payment_record

    cloud = world.clouds["telenet"]
    account = cloud.accounts.first()
    at = utc(2026, 4, 10, 8)
    with time_machine.travel(WALL, tick=False):
        payment = payment_record(
            actor=SYSTEM,
            cloud=cloud,
            account=account,
            amount=Decimal("5.00"),
            received_at=at,
            now=at,
        )
    row = AuditEntry.objects.get(verb="payment_record", object_id=str(payment.pk))
    assert row.at == at == payment.created_at


def test_a_verb_without_now_audits_at_the_instant_it_stamps(world) -> None:  # type: ignore[no-untyped-def]
    """A verb that takes no ``now`` asks the clock once: its row and its audit
    row carry the same instant even while the wall clock moves."""
    from cambill.referrals.services import agent_create

    with time_machine.travel(WALL, tick=True):
        agent = agent_create(
            actor=world.actor("cadmin"), cloud=world.clouds["telenet"], code="a9", name="Agent"
        )
    row = AuditEntry.objects.get(verb="agent_create", object_id=str(agent.pk))
    assert row.at == agent.created_at
    assert WALL <= row.at < WALL + timedelta(minutes=1)
