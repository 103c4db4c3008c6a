"""Refreshing the precomputed dashboard figures (docs/metrics.md).

``metrics_refresh_cloud`` recomputes one cloud at ``now``: today's snapshot
(the whole cloud and each account manager's accounts, with cameras by tariff)
and the usage of the current and the 12 previous periods. It runs from the
scheduled task ``metrics.refresh_all``, the ``cambill metrics-refresh``
command and the dashboards' "Refresh" button; a few bulk queries per cloud,
never one per camera.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from cambill.accounts.roles import Role
from cambill.catalog.models import Service, TariffComponent, TariffPlan, TariffPrice
from cambill.catalog.selectors import price_on, price_points
from cambill.clouds.models import Account, CameraTariffPeriod, Cloud, CloudStatus, Membership
from cambill.clouds.selectors import clouds_in_scope
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import NotFound, validation
from cambill.core.money import round_money
from cambill.core.periods import Period
from cambill.core.permissions import require

from .compute import ZERO, month_usage, wholesale_month
from .models import CLOUD_SCOPE, CloudSnapshot, MonthUsage, TariffSnapshot, manager_scope

# The usage history keeps the current period and the 12 before it.
HISTORY_PERIODS = 13


@dataclass(frozen=True, slots=True)
class _Row:
    camera: int
    account: int
    tariff: int
    start: datetime
    end: datetime | None


class _Pricing:
    """Today's prices of the tariffs in use: retail per camera-month (rounded
    once, as a full-month line) and wholesale components with service prices."""

    def __init__(self, cloud: Cloud, tariff_ids: set[int], today: Any) -> None:
        self.cloud = cloud
        self.info: dict[int, tuple[str, str]] = {}
        list_price: dict[int, Decimal] = {}
        for t_id, code, name, listed in TariffPlan.objects.filter(id__in=tariff_ids).values_list(
            "id", "code", "name", "price"
        ):
            self.info[t_id] = (code, name)
            list_price[t_id] = listed
        dated: dict[int, list[tuple[Any, Decimal]]] = defaultdict(list)
        for t_id, vf, amount in (
            TariffPrice.objects.filter(tariff_id__in=tariff_ids)
            .order_by("tariff_id", "valid_from")
            .values_list("tariff_id", "valid_from", "amount")
        ):
            dated[t_id].append((vf, amount))
        self.retail: dict[int, Decimal] = {}
        for t_id in tariff_ids:
            price = price_on(dated[t_id], today) if dated.get(t_id) else list_price.get(t_id)
            self.retail[t_id] = round_money(price or ZERO, cloud.currency)
        self.components: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
        rows = list(
            TariffComponent.objects.filter(tariff_id__in=tariff_ids).values_list(
                "tariff_id", "service_id", "quantity"
            )
        )
        service_ids = {s for _, s, _ in rows}
        codes = dict(Service.objects.filter(id__in=service_ids).values_list("id", "code"))
        for t_id, s_id, qty in rows:
            self.components[t_id].append((codes[s_id], qty))
        self.service_prices: dict[str, Decimal | None] = {
            codes[s_id]: price_on(price_points(s_id, cloud.currency, cloud.pk), today)
            for s_id in service_ids
        }

    def wholesale(self, counts: Counter[int], waived: bool) -> Decimal:
        if waived:
            return ZERO
        qty: dict[str, Decimal] = defaultdict(Decimal)
        for t_id, n in counts.items():
            for service, q in self.components.get(t_id, []):
                qty[service] += q * n
        return wholesale_month(
            qty, self.service_prices, self.cloud.discount_percent, self.cloud.currency
        )


def _check(actor: Actor, cloud: Cloud) -> None:
    require(actor, "dashboard.refresh")
    if not clouds_in_scope(actor).filter(pk=cloud.pk).exists():
        raise NotFound("cloud")


@transaction.atomic
def metrics_refresh_cloud(
    *, actor: Actor, cloud: Cloud, now: datetime | None = None
) -> CloudSnapshot:
    """Recompute the dashboard figures of ``cloud`` as of ``now`` (one audit row)."""
    _check(actor, cloud)
    now = clock.given(now)
    if now.tzinfo is None:
        raise validation("now", gettext("Give an aware time (with its offset)."))
    tz = ZoneInfo(cloud.timezone)
    today = now.astimezone(tz).date()
    period = Period.containing(now, cloud.timezone)
    periods = [period]
    while len(periods) < HISTORY_PERIODS:
        periods.insert(0, periods[0].previous())
    month_start = period.start

    rows = [
        _Row(*r)
        for r in CameraTariffPeriod.objects.filter(cloud=cloud, valid_from__lte=now)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=periods[0].start))
        .order_by()
        .values_list("camera_id", "account_id", "tariff_id", "valid_from", "valid_to")
    ]
    managers: dict[int, int | None] = {}
    in_trial: set[int] = set()
    for acc_id, manager_id, trial_until in Account.objects.filter(cloud=cloud).values_list(
        "id", "account_manager_id", "trial_until"
    ):
        managers[acc_id] = manager_id
        if trial_until is not None and trial_until > now:
            in_trial.add(acc_id)

    active = [r for r in rows if r.end is None or r.end > now]
    pricing = _Pricing(cloud, {r.tariff for r in active}, today)
    cloud_waived = cloud.trial_until is not None and cloud.trial_until > now

    # New cameras: their first interval ever starts this month (before now).
    first_this_month: dict[int, _Row] = {}
    for r in sorted(rows, key=lambda r: r.start):
        if r.start >= month_start:
            first_this_month.setdefault(r.camera, r)
    earlier = set(
        CameraTariffPeriod.objects.filter(
            cloud=cloud,
            valid_from__lt=month_start,
            camera_id__in=CameraTariffPeriod.objects.filter(
                cloud=cloud, valid_from__gte=month_start, valid_from__lte=now
            ).values("camera_id"),
        ).values_list("camera_id", flat=True)
    )
    added = {c: r.account for c, r in first_this_month.items() if c not in earlier}
    # Lost cameras: hold no tariff now; an interval of theirs ended this month.
    holding = {r.camera for r in active}
    removed: dict[int, int] = {}
    for r in sorted(rows, key=lambda r: r.end or now):
        if r.end is not None and month_start < r.end <= now and r.camera not in holding:
            removed[r.camera] = r.account

    scopes: dict[str, set[int] | None] = {CLOUD_SCOPE: None}
    am_ids = {m for m in managers.values() if m is not None}
    am_ids |= set(
        Membership.objects.filter(cloud=cloud, user__role=Role.ACCOUNT_MANAGER).values_list(
            "user_id", flat=True
        )
    )
    for am in sorted(am_ids):
        scopes[manager_scope(am)] = {a for a, m in managers.items() if m == am}

    CloudSnapshot.objects.filter(cloud=cloud, day=today).delete()
    result: CloudSnapshot | None = None
    for key, accounts in scopes.items():
        mine = active if accounts is None else [r for r in active if r.account in accounts]
        counts: Counter[int] = Counter(r.tariff for r in mine)
        paying: Counter[int] = Counter(r.tariff for r in mine if r.account not in in_trial)
        snap = CloudSnapshot.objects.create(
            cloud=cloud,
            scope=key,
            day=today,
            as_of=now,
            currency=cloud.currency,
            active_cameras=len(mine),
            cameras_added=sum(1 for a in added.values() if accounts is None or a in accounts),
            cameras_removed=sum(1 for a in removed.values() if accounts is None or a in accounts),
            wholesale_mrr=pricing.wholesale(counts, cloud_waived),
            retail_mrr=sum((pricing.retail[t] * n for t, n in paying.items()), ZERO),
        )
        TariffSnapshot.objects.bulk_create(
            [
                TariffSnapshot(
                    cloud=cloud,
                    snapshot=snap,
                    tariff_id=t,
                    tariff_code=pricing.info[t][0],
                    tariff_name=pricing.info[t][1],
                    cameras=n,
                    retail_mrr=pricing.retail[t] * paying[t],
                    wholesale_mrr=pricing.wholesale(Counter({t: n}), cloud_waived),
                )
                for t, n in counts.items()
            ]
        )
        if accounts is None:
            result = snap
    assert result is not None

    tallies = month_usage(
        ((r.camera, r.start, r.end) for r in rows),
        [(p.first_day, p.next_first_day) for p in periods],
        tz,
        today,
    )
    for p, tally in zip(periods, tallies, strict=True):
        MonthUsage.objects.update_or_create(
            cloud=cloud,
            period=p.key,
            defaults={
                "cameras": len(tally.cameras),
                "camera_days": tally.camera_days,
                "complete": p != period,
                "as_of": now,
            },
        )
    audit(
        actor=actor,
        verb="metrics_refresh",
        obj=cloud,
        after={
            "day": today,
            "active_cameras": result.active_cameras,
            "wholesale_mrr": result.wholesale_mrr,
            "retail_mrr": result.retail_mrr,
        },
        now=now,
    )
    return result


def metrics_refresh_all(*, actor: Actor, now: datetime | None = None) -> int:
    """Refresh every cloud in the actor's scope that is not closed, each in its
    own transaction (a failing cloud does not hold back the others' figures)."""
    require(actor, "dashboard.refresh")
    now = clock.given(now)
    done = 0
    for cloud in clouds_in_scope(actor).exclude(status=CloudStatus.CLOSED).order_by("slug"):
        metrics_refresh_cloud(actor=actor, cloud=cloud, now=now)
        done += 1
    return done
