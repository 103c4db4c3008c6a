"""Suspension that billing understands and offline credits, in the demo (issue #17, 5 and 6).

Everything through the verbs, as an operator would do it, in the FIRST cloud:

* the cloud does not charge suspended days (``suspended_days = skip``) and
  credits a local day with at least 4 hours of camera offline time
  (``offline_credit_hours = 4``);
* the provider's ``ARCHIVE_GB`` is charged while an account is suspended (the
  archive is still kept), the recording services stop;
* one account is suspended from the 11th to the 21st of the last closed month
  (``account_suspend`` / ``account_resume``, dated): its invoice charges the
  days before and after;
* one camera of another account was offline 7 hours on the 5th and 5 hours on
  the 6th of that month (and 2 hours on the 20th, short of the 4), reported as
  the Watcher poll reports it (``camera.offline`` usage): a credit of 2 days.

Live, the demo's fake Watcher has a few streams not alive: the schedule's poll
reports their offline time, and next month's invoices credit it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cambill.core.access import SYSTEM

from .clock import DemoClock
from .plan import Plan

OFFLINE_HOURS = 4
KEPT_WHILE_SUSPENDED = "ARCHIVE_GB"
SUSPEND_DAYS = (11, 21)  # from the 11th 00:00 to the 21st 00:00, local
OFFLINE = ((5, 3, 3), (5, 8, 4), (6, 2, 5), (20, 1, 2))  # (day, hour, hours offline)


def _whole_month_holders(cloud: Any, period: Any) -> list[tuple[int, str]]:
    """(account id, camera code) of the cameras holding a tariff all ``period``, in order."""
    from django.db.models import Q

    from cambill.clouds.models import CameraTariffPeriod

    rows = (
        CameraTariffPeriod.objects.filter(cloud=cloud, valid_from__lte=period.start)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.end))
        .order_by("account_id", "camera__code")
        .values_list("account_id", "camera__code")
    )
    return list(rows)


def set_up(builder: Any, plan: Plan, clock: DemoClock, seed: int) -> dict[str, Any]:
    """Settings, one dated suspension and one camera's offline time; returns what it did."""
    from cambill.catalog.models import Service
    from cambill.catalog.services import service_update
    from cambill.clouds.models import Account, AccountStatus
    from cambill.clouds.services import account_resume, account_suspend, cloud_update
    from cambill.usage.offline import OFFLINE_EVENT_TYPE, ensure_offline_meter
    from cambill.usage.services import events_ingest

    spec = plan.clouds[0]
    if not spec.closed_periods:
        return {}
    period = spec.closed_periods[-1]
    tz = ZoneInfo(spec.tz)
    clock.set(period.start - timedelta(days=3))
    cloud = cloud_update(
        actor=SYSTEM,
        cloud=builder.clouds[spec.slug],
        suspended_days="skip",
        offline_credit_hours=OFFLINE_HOURS,
    )
    kept = Service.objects.filter(code=KEPT_WHILE_SUSPENDED).first()
    if kept is not None:
        service_update(actor=SYSTEM, service=kept, billed_while_suspended=True)

    holders = _whole_month_holders(cloud, period)
    logins = {a.code for a in plan.accounts if a.subscriber is not None}
    candidates = {
        a.pk: a
        for a in Account.objects.filter(
            pk__in={acc for acc, _cam in holders}, status=AccountStatus.ACTIVE
        ).exclude(code__in=logins)
    }
    order = [acc for acc, _cam in holders if acc in candidates]
    done: dict[str, Any] = {"cloud": cloud.slug, "period": period.key}
    if order:
        account = candidates[order[0]]
        first = period.first_day

        def local(day: int, hour: int = 0) -> datetime:
            return datetime(first.year, first.month, day, hour, tzinfo=tz)

        clock.set(local(SUSPEND_DAYS[0], 9))
        account_suspend(
            actor=SYSTEM, account=account, at=local(SUSPEND_DAYS[0]), reason="Asked to pause"
        )
        clock.set(local(SUSPEND_DAYS[1], 9))
        account_resume(actor=SYSTEM, account=account, at=local(SUSPEND_DAYS[1]), reason="Back")
        done["suspended"] = account.code
        others = [cam for acc, cam in holders if acc in candidates and acc != account.pk]
        if others:
            ensure_offline_meter()
            camera = others[0]
            clock.set(period.end + timedelta(hours=1))
            events_ingest(
                actor=SYSTEM,
                cloud=cloud,
                events=[
                    {
                        "specversion": "1.0",
                        "id": f"{period.key}-{camera}-offline-{day}-{hour}",
                        "source": f"cambill:watcher:{cloud.slug}",
                        "type": OFFLINE_EVENT_TYPE,
                        "subject": camera,
                        "time": local(day, hour + hours).isoformat(),
                        "data": {"seconds": hours * 3600},
                    }
                    for day, hour, hours in OFFLINE
                ],
            )
            done["offline_camera"] = camera
    return done
