"""Loading what the rating engine needs for one cloud, in bulk.

A bill run (and the usage report) reads a handful of queries per cloud, never
one per camera: the tariff periods overlapping the time range, the tariffs
they use with their components, the service price points resolved to the
cloud, the accounts with their trials and the account discounts. The result
is plain data (:mod:`cambill.rating.types`), ready for the pure functions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q

from cambill.catalog.models import (
    AccountDiscount,
    Service,
    TariffComponent,
    TariffPlan,
    TariffPrice,
)
from cambill.catalog.selectors import price_points
from cambill.clouds.models import Account, CameraTariffPeriod, Cloud
from cambill.core.periods import Period
from cambill.rating import Component, Discount, Interval, PricePoint, Tariff

from .suspension_inputs import billed_while_suspended, load_offline_seconds, load_suspensions

# Fallback for a tariff without price rows.
EPOCH = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """The account fields an invoice copies (customer details, trial, language)."""

    id: int
    code: str
    name: str
    email: str
    trial_until: datetime | None
    language: str
    legal_name: str
    tax_id: str
    address: str
    # the structured legal data of a receiver of e-invoices (cambill.einvoice.legal)
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    einvoice: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class TariffInfo:
    """Display data of a tariff, keyed like the rating engine's tariffs (by id)."""

    id: int
    code: str
    name: str


@dataclass
class RatingInputs:
    """Everything the engine needs for one cloud and one time range.

    Tariffs are keyed by ``str(tariff id)`` in the engine: a cloud tariff and a
    provider tariff offered to the cloud may share a code.
    """

    intervals: list[Interval]
    tariffs: dict[str, Tariff]
    tariff_info: dict[str, TariffInfo]
    service_prices: dict[str, tuple[PricePoint, ...]]
    service_names: dict[str, str]
    service_order: dict[str, int]
    accounts: dict[str, AccountInfo]
    discounts: dict[str, list[Discount]] = field(default_factory=dict)
    # Metered extras of tariffs (retail, by account code) and metered provider
    # services (wholesale), priced by cambill.usage; only for whole periods.
    metered: dict[str, list[Any]] = field(default_factory=dict)
    wholesale_metered: list[Any] = field(default_factory=list)
    # Late usage of earlier, invoiced periods billed as adjustments (the
    # cloud's ``next_period`` policy; see cambill.usage.late): retail items by
    # account code, wholesale items, and what the bill run marks billed.
    adjustments: dict[str, list[Any]] = field(default_factory=dict)
    wholesale_adjustments: list[Any] = field(default_factory=list)
    late: Any = None
    # One-off charges (cambill.rating.one_off.OneOffCharge) and redeemed coupons
    # (cambill.rating.coupons.Coupon) by account code; only for whole periods.
    charges: dict[str, list[Any]] = field(default_factory=dict)
    coupons: dict[str, list[Any]] = field(default_factory=dict)
    # Suspension history by account code, services wholesale still charges
    # while suspended, offline seconds per camera and local day (offline
    # credits): cambill.invoicing.suspension_inputs.
    suspensions: dict[str, list[tuple[datetime, datetime | None]]] = field(default_factory=dict)
    billed_while_suspended: frozenset[str] = frozenset()
    offline_seconds: dict[str, dict[date, int]] = field(default_factory=dict)
    # Billing in advance (cambill.invoicing.advance): ``advance`` holds the
    # intervals in force at the period's start and the true-up of the previous
    # month (``None`` on a plain arrears invoice).
    advance: Any = None

    @property
    def account_trials(self) -> dict[str, datetime | None]:
        return {code: a.trial_until for code, a in self.accounts.items()}

    def tariff_code(self, key: str) -> str:
        return self.tariff_info[key].code


AccountRange = tuple[int | None, int | None]


def range_q(field: str, account_range: AccountRange | None) -> Q:
    """``field`` within ``[lo, hi)`` (an open end when None); everything when no range."""
    q = Q()
    if account_range is None:
        return q
    lo, hi = account_range
    if lo is not None:
        q &= Q(**{f"{field}__gte": lo})
    if hi is not None:
        q &= Q(**{f"{field}__lt": hi})
    return q


def load_inputs(
    cloud: Cloud,
    start: datetime,
    end: datetime,
    *,
    account_ids: list[int] | None = None,
    account_range: AccountRange | None = None,
    with_discounts: bool = True,
    with_late: bool = True,
    late_also_own: tuple[str, ...] = (),
) -> RatingInputs:
    """Load the rating inputs of ``cloud`` for ``[start, end)``.

    ``account_ids`` narrows to some accounts (regenerating one draft, a report
    for one account), ``account_range`` to the account ids in ``[lo, hi)`` (a
    chunk of a fanned-out bill run: only its own cameras are read); the
    wholesale invoice always takes the whole cloud.
    ``with_late``: bill late usage of earlier periods (not for a true-up's
    month, whose invoice's own inputs carry it); ``late_also_own``: more
    periods whose wholesale invoice the run writes (:mod:`.advance`).
    """
    periods = CameraTariffPeriod.objects.filter(cloud=cloud, valid_from__lt=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    )
    if account_ids is not None:
        periods = periods.filter(account_id__in=account_ids)
    narrowed = account_ids is not None or account_range is not None
    wanted: set[int] | None = None if account_ids is None else set(account_ids)
    if account_range is not None:
        periods = periods.filter(range_q("account_id", account_range))
        in_range = set(
            Account.objects.filter(cloud=cloud)
            .filter(range_q("id", account_range))
            .values_list("id", flat=True)
        )
        wanted = in_range if wanted is None else wanted & in_range
    rows = list(
        periods.order_by().values_list(
            "camera__code", "account_id", "tariff_id", "valid_from", "valid_to"
        )
    )

    period = Period.containing(start, cloud.timezone)
    whole = period.start == start and period.end == end
    late = None
    if whole:
        # Rollups are refreshed up to the period's end inside the aggregates.
        from cambill.clouds.models import LateUsagePolicy
        from cambill.usage.late import late_items

        if with_late and cloud.late_usage_policy == LateUsagePolicy.NEXT_PERIOD:
            late = late_items(
                cloud,
                before=period,
                billed_in=period.key,
                also_own=late_also_own,
                account_ids=wanted,
            )

    acc_qs = Account.objects.filter(cloud=cloud)
    if account_ids is not None:
        acc_qs = acc_qs.filter(id__in=account_ids)
    acc_qs = acc_qs.filter(range_q("id", account_range))
    # The whole cloud's accounts in one query, kept when they hold a camera in
    # the range (an IN list of 20,000 ids would hit SQLite's variable limit)
    # or have late usage to adjust.
    used = {r[1] for r in rows}
    if late is not None:
        used |= {it.account_id for it in late.items if it.account_id is not None}
    charges_by_id: dict[int, list[Any]] = {}
    coupons_by_id: dict[int, list[Any]] = {}
    if whole:
        from cambill.sales.billing import charges_for, coupons_for

        charges_by_id = charges_for(cloud.pk, period, wanted)
        coupons_by_id = coupons_for(cloud.pk, period, wanted)
        # A charge alone makes an invoice; a coupon only discounts one.
        used |= set(charges_by_id)
    accounts_by_id: dict[int, AccountInfo] = {}
    for a in acc_qs.order_by().values_list(
        "id",
        "code",
        "name",
        "email",
        "trial_until",
        "language",
        "legal_name",
        "tax_id",
        "address",
        "street",
        "city",
        "region",
        "postal_code",
        "country",
        "einvoice",
    ):
        if a[0] in used:
            accounts_by_id[a[0]] = AccountInfo(*a)

    tariff_ids = {r[2] for r in rows}
    comps: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for tariff_id, service_id, qty in (
        TariffComponent.objects.filter(tariff_id__in=tariff_ids)
        .order_by("tariff_id", "service_id")
        .values_list("tariff_id", "service_id", "quantity")
    ):
        comps[tariff_id].append((service_id, qty))
    service_ids = {s for cs in comps.values() for s, _ in cs}
    services = dict(Service.objects.filter(id__in=service_ids).values_list("id", "code"))
    service_names = dict(Service.objects.filter(id__in=service_ids).values_list("code", "name"))

    price_rows: dict[int, list[PricePoint]] = defaultdict(list)
    for t_id, valid_from, amount in TariffPrice.objects.filter(
        tariff_id__in=tariff_ids
    ).values_list("tariff_id", "valid_from", "amount"):
        price_rows[t_id].append(PricePoint(valid_from, amount))
    tariffs: dict[str, Tariff] = {}
    tariff_info: dict[str, TariffInfo] = {}
    for t_id, code, name, price in TariffPlan.objects.filter(id__in=tariff_ids).values_list(
        "id", "code", "name", "price"
    ):
        key = str(t_id)
        tariffs[key] = Tariff(
            code=code,
            name=name,
            prices=tuple(
                sorted(
                    price_rows.get(t_id) or [PricePoint(EPOCH, price)], key=lambda p: p.valid_from
                )
            ),
            components=tuple(Component(services[s], q) for s, q in comps.get(t_id, [])),
        )
        tariff_info[key] = TariffInfo(t_id, code, name)

    service_prices = {
        services[s_id]: tuple(
            PricePoint(vf, amount) for vf, amount in price_points(s_id, cloud.currency, cloud.pk)
        )
        for s_id in service_ids
    }

    intervals = [
        Interval(
            camera=camera,
            account=accounts_by_id[account_id].code,
            tariff=str(tariff_id),
            start=vf,
            end=vt,
        )
        for camera, account_id, tariff_id, vf, vt in rows
        if account_id in accounts_by_id
    ]

    discounts: dict[str, list[Discount]] = defaultdict(list)
    if with_discounts and accounts_by_id:
        dq = AccountDiscount.objects.filter(cloud=cloud)
        if account_ids is not None:
            dq = dq.filter(account_id__in=account_ids)
        dq = dq.filter(range_q("account_id", account_range))
        for acc_id, kind, value, vf, vt, desc in dq.order_by("account_id", "id").values_list(
            "account_id", "kind", "value", "valid_from", "valid_to", "description"
        ):
            info = accounts_by_id.get(acc_id)
            if info is None:
                continue
            discounts[info.code].append(
                Discount(kind=kind, value=value, valid_from=vf, valid_to=vt, description=desc)  # type: ignore[arg-type]
            )

    metered: dict[str, list[Any]] = defaultdict(list)
    wholesale_metered: list[Any] = []
    if whole:
        from cambill.usage.aggregates import metered_charges, metered_wholesale_charges

        # Narrowed: only the wanted accounts' cameras are read (one account's report).
        for line in metered_charges(cloud, period, account_ids=wanted):
            if wanted is None or line.account_id in wanted:
                metered[line.account_code].append(line)
        if not narrowed:
            wholesale_metered = metered_wholesale_charges(cloud, period)
            # Metered services are no tariff's components: their names too.
            service_names.update(
                Service.objects.filter(
                    code__in={m.service_code for m in wholesale_metered}
                ).values_list("code", "name")
            )

    return RatingInputs(
        intervals=intervals,
        tariffs=tariffs,
        tariff_info=tariff_info,
        service_prices=service_prices,
        service_names=service_names,
        service_order={code: s_id for s_id, code in services.items()},
        accounts={a.code: a for a in accounts_by_id.values()},
        discounts=dict(discounts),
        metered=dict(metered),
        wholesale_metered=wholesale_metered,
        adjustments=late.retail() if late is not None else {},
        wholesale_adjustments=late.wholesale() if late is not None and not narrowed else [],
        late=late,
        suspensions=load_suspensions(cloud, start, end, accounts_by_id),
        billed_while_suspended=billed_while_suspended(service_ids),
        offline_seconds=load_offline_seconds(cloud, period, whole),
        charges={
            accounts_by_id[i].code: c for i, c in charges_by_id.items() if i in accounts_by_id
        },
        coupons={
            accounts_by_id[i].code: c for i, c in coupons_by_id.items() if i in accounts_by_id
        },
    )
