"""Property: switching a cloud between arrears and advance, month by month, in
any order the runs can happen, never bills a camera-day twice or not at all.

Random camera histories (tariff changes, removals, a trial, two accounts) over
January to April 2026, a random timing for each month's invoice (and May's,
which closes April), real bill runs with auto-issue. For every account, camera
and month, the stored lines that price that month (``tariff`` arrears lines,
``advance`` lines, ``true_up`` reversals) add up to exactly what arrears
charges for it (the pure engine over the same history).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from cambill.clouds.services import account_update, cloud_update
from cambill.core.access import SYSTEM
from cambill.core.periods import Period
from cambill.invoicing.inputs import load_inputs
from cambill.invoicing.models import Invoice, InvoiceLine
from cambill.rating import rate_retail
from tests.conftest import utc
from tests.invoicing.helpers import bill, camera, change, local
from tests.scenarios.conftest import account, new_cloud, price, tariff

pytestmark = pytest.mark.django_db

MONTHS = [Period(2026, m, "UTC") for m in (1, 2, 3, 4, 5)]
HOURS = 120 * 24  # January 1 to April 30, in hours
TARIFFS = ("T10", "T31", "T7")

segment = st.tuples(st.integers(1, 40 * 24), st.sampled_from((*TARIFFS, None)))
camera_st = st.tuples(
    st.integers(0, 1),  # account
    st.integers(0, HOURS - 1),  # start, hours after 2026-01-01 00:00 local
    st.sampled_from(TARIFFS),
    st.lists(segment, max_size=3),  # (hours later, next tariff or removal)
)
world_st = st.fixed_dictionaries(
    {
        "tz": st.sampled_from(("UTC", "Europe/Madrid")),
        "proration": st.sampled_from(("day", "second")),
        "cameras": st.lists(camera_st, min_size=1, max_size=3),
        "advance": st.lists(st.booleans(), min_size=5, max_size=5),
        "advance_first": st.lists(st.booleans(), min_size=5, max_size=5),
        "trial_hours": st.none() | st.integers(0, HOURS),
    }
)


class _Rollback(Exception):
    pass


def _play(world, spec) -> None:  # type: ignore[no-untyped-def]
    tz = spec["tz"]
    c = new_cloud("sw", "USD", tz, proration=spec["proration"], auto_issue=True)
    for code, amount in zip(TARIFFS, ("10.00", "31.00", "7.00"), strict=True):
        tariff(c, code, amount, REC_DAY=1)
    accs = [account(c, "a0"), account(c, "a1")]
    t0 = local(tz, 2026, 1, 1)
    if spec["trial_hours"] is not None:
        account_update(
            actor=SYSTEM, account=accs[0], trial_until=t0 + timedelta(hours=spec["trial_hours"])
        )
    for i, (acc, start, first, segments) in enumerate(spec["cameras"]):
        at = t0 + timedelta(hours=start)
        cam = camera(c, f"c{i}", accs[acc], first, at)
        end = local(tz, 2026, 5, 1)
        for gap, nxt in segments:
            at += timedelta(hours=gap)
            if at >= end:
                break
            change(cam, nxt, at)
        change(cam, None, end)  # every history ends with April
    months = [Period(m.year, m.month, tz) for m in MONTHS]
    # Each month's run happens when its timing says: an advance run at the
    # month's start, an arrears run at the next month's start (the two of one
    # instant in a random order).
    runs = []
    for i, (m, ahead) in enumerate(zip(months, spec["advance"], strict=True)):
        when = m.start if ahead else m.end
        runs.append((when, 0 if ahead == spec["advance_first"][i] else 1, m, ahead))
    for when, _, m, ahead in sorted(runs, key=lambda r: (r[0], r[1])):
        cloud_update(actor=SYSTEM, cloud=c, billing_timing="advance" if ahead else "arrears")
        c.refresh_from_db()
        run = bill(c, m.key, when + timedelta(hours=1))
        assert run.status == "completed", run.error

    billed: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for acc, cam, d, amount in InvoiceLine.objects.filter(
        cloud=c, invoice__kind="retail", kind__in=["tariff", "advance", "true_up"]
    ).values_list("invoice__account__code", "camera", "date_from", "amount"):
        billed[(acc, cam, f"{d.year:04d}-{d.month:02d}")] += amount
    due: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for m in months[:4]:
        inputs = load_inputs(c, m.start, m.end)
        for ln in rate_retail(
            period=m,
            intervals=inputs.intervals,
            tariffs=inputs.tariffs,
            proration=c.proration,  # type: ignore[arg-type]
            currency="USD",
            account_trial_until=inputs.account_trials,
        ):
            due[(ln.account, ln.camera, m.key)] += ln.amount
    keys = set(billed) | set(due)
    assert {k: billed[k] for k in keys if billed[k]} == {k: due[k] for k in keys if due[k]}
    total = sum(Invoice.objects.filter(cloud=c, kind="retail").values_list("total", flat=True))
    assert total == sum(due.values())


@settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: bill runs are slow
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=world_st)
def test_switches_never_bill_a_camera_day_twice_or_not_at_all(world, freeze, spec):  # type: ignore[no-untyped-def]
    note(repr(spec))
    freeze(utc(2026, 6, 15))
    price(world, "REC_DAY", "USD", "0.30", valid_from=utc(2019, 1, 1).date())
    try:
        with transaction.atomic():
            _play(world, spec)
            raise _Rollback
    except _Rollback:
        pass
