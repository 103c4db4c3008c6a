"""The report of resources used and services rendered, for any date range.

Per cloud (or one account), for local dates ``[date_from, date_to]`` in the
cloud's time zone: per camera its tariff intervals, the billed days (and those
waived by the account's trial), the services consumed in unit-days, the retail
amount, the wholesale cost and the margin; totals per account, per tariff and
overall. Nothing is written: the same bulk loader and rating engine as the bill
run, applied to the range (clipped at local midnights, month by month, so a
range of a whole month gives exactly the invoices' amounts).

Metered extras (a tariff's priced meters) are listed per account with the
lines a retail invoice would carry: computed by the invoicing functions
themselves (``cambill.usage.aggregates.metered_charges``, the one pricing path)
for each whole month of the range; a month the range only partly covers has
none, since a meter is priced over its whole period (tiers, latest values).
They join the account discounts' base as on an invoice, so a whole month's
net equals the invoice's net.

Metered provider services (wholesale, e.g. ``REC_HOUR`` priced per recorded
hour; ``cambill.usage.services.metered_service_set``) are shown to cost viewers
only, for the same whole months: the wholesale invoice's own metered lines
(``cambill.usage.aggregates.metered_wholesale_charges``, the one pricing path,
which prices the meter's cloud-scope aggregate). Where the meter's aggregation
adds up across cameras (``sum``, ``count``, ``time_weighted_avg``, ``latest``), a line is
shared among the accounts in proportion to their account-scope aggregate (the
same aggregation function, the cameras each account holds at the end of the
month); what no account holds, and a whole line of a ``max`` or
``unique_count`` meter (which does not add up), stays a cloud-level line,
shown only in a report of the whole cloud. The cloud's discount applies to
them as to the other wholesale lines (one allowance on the invoice), so a
whole month's total wholesale cost is the invoice's net before tax.

Money rules: a retail amount is the sum of the rounded invoice-style lines; a
wholesale cost is kept exact (service price x unit-months, less the cloud's
discount) and rounded once where it is shown, so the totals of an account equal
its wholesale share to the cent rather than a sum of rounded pieces.
Wholesale cost and margin are shown to provider and cloud staff only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext

from cambill.clouds.models import Cloud
from cambill.core.access import Actor
from cambill.core.errors import DomainError, ErrorCode, NotFound, validation
from cambill.core.money import round_money, round_price
from cambill.core.periods import Period, local_midnight
from cambill.core.permissions import require
from cambill.invoicing.inputs import RatingInputs, load_inputs
from cambill.rating import (
    Discount,
    Interval,
    RatingError,
    apply_discounts,
    rate_retail_detailed,
    rate_wholesale,
)

MAX_DAYS = 400

ZERO = Decimal(0)


@dataclass
class Row:
    """One tariff interval of one camera, clipped to the range and one month."""

    account: str
    camera: str
    tariff: str
    tariff_name: str
    start: datetime
    end: datetime
    billed_days: Decimal = ZERO
    trial_days: Decimal = ZERO
    services: dict[str, Decimal] = field(default_factory=dict)
    retail: Decimal = ZERO
    cost: Fraction = Fraction(0)


@dataclass
class Acc:
    """Running totals (of an account, a tariff, a camera or everything)."""

    billed_days: Decimal = ZERO
    trial_days: Decimal = ZERO
    services: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    retail: Decimal = ZERO
    discounts: Decimal = ZERO
    metered: Decimal = ZERO
    cost: Fraction = Fraction(0)
    # Metered provider services, before the cloud's discount (their cost after
    # it is in ``cost``).
    wholesale_metered: Fraction = Fraction(0)
    cameras: set[str] = field(default_factory=set)

    def add(self, r: Row) -> None:
        self.billed_days += r.billed_days
        self.trial_days += r.trial_days
        for k, v in r.services.items():
            self.services[k] += v
        self.retail += r.retail
        self.cost += r.cost
        self.cameras.add(r.camera)


def _scope(
    actor: Actor, cloud: Cloud, account: str | None
) -> tuple[list[int] | None, dict[str, str]]:
    """Account ids the actor may report on (None: the whole cloud) and their names."""
    from cambill.clouds.selectors import accounts_in_scope, clouds_in_scope

    require(actor, "report.view")
    if not clouds_in_scope(actor).filter(pk=cloud.pk).exists():
        raise NotFound("cloud")
    qs = accounts_in_scope(actor, cloud)
    if account:
        qs = qs.filter(code=account)
        rows = list(qs.values_list("id", "code", "name"))
        if not rows:
            raise NotFound("account")
        return [rows[0][0]], {rows[0][1]: rows[0][2]}
    whole = actor.is_provider or actor.role in ("cloud_admin", "cloud_accountant")
    rows = list(qs.values_list("id", "code", "name"))
    return (None if whole else [r[0] for r in rows]), {code: name for _, code, name in rows}


def _months(first: date, last: date) -> list[tuple[int, int]]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _days(value: int | Decimal) -> Decimal:
    return Decimal(value)


class _Rater:
    """Per-interval rating with a cache: most intervals of a month are alike
    (the whole month on one tariff), so each distinct shape is rated once."""

    def __init__(self, cloud: Cloud, inputs: RatingInputs) -> None:
        self.cloud = cloud
        self.inputs = inputs
        self.retail_cache: dict[tuple[Any, ...], tuple[Decimal, Decimal, Decimal]] = {}
        self.whole_cache: dict[tuple[Any, ...], tuple[dict[str, Decimal], Fraction]] = {}

    def _suspended(self, account: str, retail: bool) -> tuple[Any, ...]:
        """The account's suspensions the rating applies (retail: only with ``skip``)."""
        if retail and self.cloud.suspended_days != "skip":
            return ()
        return tuple(self.inputs.suspensions.get(account, ()))

    def retail(self, period: Period, iv: Interval) -> tuple[Decimal, Decimal, Decimal]:
        trial = self.inputs.accounts[iv.account].trial_until
        paused = self._suspended(iv.account, retail=True)
        key = (period.key, iv.tariff, iv.start, iv.end, trial, paused)
        hit = self.retail_cache.get(key)
        if hit is None:
            res = rate_retail_detailed(
                period=period,
                intervals=[Interval("c", "a", iv.tariff, iv.start, iv.end)],
                tariffs={iv.tariff: self.inputs.tariffs[iv.tariff]},
                proration=self.cloud.proration,  # type: ignore[arg-type]
                currency=self.cloud.currency,
                account_trial_until={"a": trial},
                account_suspensions={"a": list(paused)} if paused else None,
            )
            hit = (
                sum((_days(ln.days) for ln in res.lines), ZERO),
                sum((_days(ln.days) for ln in res.trial), ZERO),
                sum((ln.amount for ln in res.lines), ZERO),
            )
            self.retail_cache[key] = hit
        return hit

    def wholesale(self, period: Period, iv: Interval) -> tuple[dict[str, Decimal], Fraction]:
        paused = self._suspended(iv.account, retail=False)
        key = (period.key, iv.tariff, iv.start, iv.end, paused)
        hit = self.whole_cache.get(key)
        if hit is None:
            tariff = self.inputs.tariffs[iv.tariff]
            res = rate_wholesale(
                period=period,
                intervals=[Interval("c", "a", iv.tariff, iv.start, iv.end)],
                tariffs={iv.tariff: tariff},
                proration=self.cloud.proration,  # type: ignore[arg-type]
                currency=self.cloud.currency,
                service_prices={
                    c.service: self.inputs.service_prices.get(c.service, ())
                    for c in tariff.components
                },
                discount_percent=Decimal(0),
                cloud_trial_until=self.cloud.trial_until,
                account_suspensions={"a": list(paused)} if paused else None,
                billed_while_suspended=self.inputs.billed_while_suspended,
            )
            consumed = {u.service: u.unit_days + u.trial_unit_days for u in res.usage}
            cost = sum((Fraction(ln.unit_price) * ln.quantity for ln in res.lines), Fraction(0))
            hit = (consumed, cost)
            self.whole_cache[key] = hit
        return hit


def usage_report(
    *, actor: Actor, cloud: Cloud, date_from: date, date_to: date, account: str | None = None
) -> dict[str, Any]:
    """The report as plain data (Decimals, dates); see the module docstring."""
    for name, value in (("from", date_from), ("to", date_to)):
        if not 1971 <= value.year <= 2999:
            raise validation(name, gettext("Years 1971 to 2999 only."))
    if date_to < date_from:
        raise validation("to", gettext("'to' is before 'from'."))
    if (date_to - date_from).days >= MAX_DAYS:
        raise validation(
            "to", gettext("At most %(MAX_DAYS)s days per report.") % {"MAX_DAYS": MAX_DAYS}
        )
    account_ids, names = _scope(actor, cloud, account)
    tz = Period(date_from.year, date_from.month, cloud.timezone).tz
    r0 = local_midnight(date_from, tz)
    r1 = local_midnight(date_to + timedelta(days=1), tz)
    inputs = load_inputs(cloud, r0, r1, account_ids=account_ids)
    rater = _Rater(cloud, inputs)
    discount = Fraction(100 - cloud.discount_percent) / 100
    currency = cloud.currency
    costs = actor.can("cost.view")

    rows: list[Row] = []
    per_account_month: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    try:
        for y, m in _months(date_from, date_to):
            period = Period(y, m, cloud.timezone)
            lo, hi = max(r0, period.start), min(r1, period.end)
            for iv in inputs.intervals:
                start = max(iv.start, lo)
                end = hi if iv.end is None else min(iv.end, hi)
                if start >= end:
                    continue
                clipped = Interval(iv.camera, iv.account, iv.tariff, start, end)
                billed, trial, retail = rater.retail(period, clipped)
                services, cost = rater.wholesale(period, clipped)
                if not billed and not trial and not any(services.values()):
                    continue
                info = inputs.tariff_info[iv.tariff]
                rows.append(
                    Row(
                        account=iv.account,
                        camera=iv.camera,
                        tariff=info.code,
                        tariff_name=info.name,
                        start=start,
                        end=end,
                        billed_days=billed,
                        trial_days=trial,
                        services=services,
                        retail=retail,
                        cost=cost * discount,
                    )
                )
                per_account_month[(iv.account, period.key)] += retail
        metered, metered_months = _metered(cloud, inputs, date_from, date_to, account_ids)
        # Provider costs: computed only for those who may see them.
        shares = (
            _wholesale_metered(
                cloud, inputs, date_from, date_to, None if account_ids is None else set(names)
            )
            if costs
            else []
        )
        for key, ln in metered:
            per_account_month[(ln.account_code, key)] += ln.amount
        discounts = _discounts(inputs, per_account_month, date_from, date_to, cloud)
    except RatingError as e:
        raise DomainError(ErrorCode.VALIDATION, str(e)) from None

    rows.sort(key=lambda r: (r.account, r.camera, r.start))
    accounts: dict[str, Acc] = defaultdict(Acc)
    cameras: dict[tuple[str, str], Acc] = defaultdict(Acc)
    tariffs: dict[str, Acc] = defaultdict(Acc)
    tariff_names: dict[str, str] = {}
    total = Acc()
    for r in rows:
        accounts[r.account].add(r)
        cameras[(r.account, r.camera)].add(r)
        tariffs[r.tariff].add(r)
        tariff_names[r.tariff] = r.tariff_name
        total.add(r)
    for code, amount in discounts.items():
        accounts[code].discounts += amount
        total.discounts += amount
    metered_by_account: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, ln in metered:
        for acc in (accounts[ln.account_code], tariffs[ln.tariff_code], total):
            acc.metered += ln.amount
        cameras[(ln.account_code, ln.camera_code)].metered += ln.amount
        tariff_names.setdefault(ln.tariff_code, ln.tariff_code)
        metered_by_account[ln.account_code].append(
            {
                "period": key,
                "camera": ln.camera_code,
                "tariff": ln.tariff_code,
                "meter": ln.meter_code,
                "description": ln.description,
                # The invoice line's quantity (cambill.invoicing.rate), without trailing zeros.
                "quantity": _trimmed(round_price(ln.quantity_exact)),
                "unit": ln.unit,
                "amount": ln.amount,
            }
        )
    wholesale_by_account: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cloud_level: list[dict[str, Any]] = []
    for w in shares:
        cost = w.amount * discount
        for acc in (accounts[w.account], total) if w.account else (total,):
            acc.wholesale_metered += w.amount
            acc.cost += cost
        (wholesale_by_account[w.account] if w.account else cloud_level).append(
            {
                "period": w.period,
                "service": w.service,
                "service_name": w.service_name,
                "meter": w.meter,
                "quantity": _trimmed(round_price(w.quantity)),
                "unit": w.unit,
                # The invoice line's amount (or this account's share of it),
                # before the cloud's discount; the cost is after it.
                "amount": round_money(w.amount, currency),
                "wholesale_cost": round_money(cost, currency),
            }
        )

    def money(value: Fraction | Decimal) -> Decimal:
        return round_money(Fraction(value), currency)

    def sums(a: Acc, with_net: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "cameras": len(a.cameras),
            "billed_days": a.billed_days,
            "trial_days": a.trial_days,
            "services": dict(sorted(a.services.items())),
            "retail": money(a.retail),
            "metered": money(a.metered),
        }
        net = a.retail + a.metered + a.discounts
        if with_net:
            out["discounts"] = money(a.discounts)
            out["net"] = money(net)
        if costs:
            cost = money(a.cost)
            if with_net:
                out["wholesale_metered"] = money(a.wholesale_metered)
            out["wholesale_cost"] = cost
            out["margin"] = money(net if with_net else a.retail + a.metered) - cost
        return out

    def interval_out(r: Row) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tariff": r.tariff,
            "tariff_name": r.tariff_name,
            "start": r.start,
            "end": r.end,
            "billed_days": r.billed_days,
            "trial_days": r.trial_days,
            "services": dict(sorted(r.services.items())),
            "retail": money(r.retail),
        }
        if costs:
            cost = money(r.cost)
            out["wholesale_cost"] = cost
            out["margin"] = money(r.retail) - cost
        return out

    by_account: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_account[r.account].append(r)
    account_list = []
    for code in sorted(set(by_account) | set(metered_by_account) | set(wholesale_by_account)):
        cams: dict[str, list[Row]] = defaultdict(list)
        for r in by_account[code]:
            cams[r.camera].append(r)
        account_list.append(
            {
                "code": code,
                "name": names.get(code) or _account_name(inputs, code),
                "cameras": [
                    {
                        "camera": cam,
                        "intervals": [interval_out(r) for r in cam_rows],
                        **{k: v for k, v in sums(cameras[(code, cam)]).items() if k != "cameras"},
                    }
                    for cam, cam_rows in sorted(cams.items())
                ],
                "metered": metered_by_account.get(code, []),
                **({"wholesale_metered": wholesale_by_account.get(code, [])} if costs else {}),
                "totals": sums(accounts[code], with_net=True),
            }
        )
    return {
        "cloud": cloud.slug,
        "currency": currency,
        "timezone": cloud.timezone,
        "proration": cloud.proration,
        "from": date_from,
        "to": date_to,
        "account": account,
        "metered_months": metered_months,
        # Some month of the range is only partly covered: it shows no metered extras.
        "metered_partial": len(metered_months) < len(_months(date_from, date_to)),
        "shows_costs": costs,
        "wholesale_discount_percent": cloud.discount_percent if costs else None,
        "accounts": account_list,
        # Metered provider services no account's share covers (cost viewers, whole cloud).
        **({"wholesale_metered": cloud_level} if costs else {}),
        "tariffs": [
            {"tariff": code, "name": tariff_names[code], **sums(tariffs[code])}
            for code in sorted(tariffs)
        ],
        "totals": sums(total, with_net=True),
    }


def _trimmed(value: Decimal) -> Decimal:
    """150.000000 is 150, 0.250000 is 0.25 (never an exponent like 1.5E+2)."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _account_name(inputs: RatingInputs, code: str) -> str:
    info = inputs.accounts.get(code)
    return info.name if info is not None else ""


def _metered(
    cloud: Cloud,
    inputs: RatingInputs,
    date_from: date,
    date_to: date,
    account_ids: list[int] | None,
) -> tuple[list[tuple[str, Any]], list[str]]:
    """The metered lines invoices would carry for the whole months of the range
    (``(period key, MeteredLine)``), and those months."""
    from cambill.usage.aggregates import metered_charges

    tz = Period(date_from.year, date_from.month, cloud.timezone).tz
    r0 = local_midnight(date_from, tz)
    r1 = local_midnight(date_to + timedelta(days=1), tz)
    wanted = None if account_ids is None else set(account_ids)
    out: list[tuple[str, Any]] = []
    months: list[str] = []
    for y, m in _months(date_from, date_to):
        period = Period(y, m, cloud.timezone)
        if period.start < r0 or period.end > r1:
            continue
        months.append(period.key)
        if (period.start, period.end) == (r0, r1):
            # One whole month: load_inputs priced it already, as the bill run does.
            lines = [ln for code in sorted(inputs.metered) for ln in inputs.metered[code]]
        else:
            lines = [
                ln
                for ln in metered_charges(cloud, period)
                if wanted is None or ln.account_id in wanted
            ]
        out.extend((period.key, ln) for ln in lines)
    return out, months


# Aggregations whose account-scope values add up to the cloud-scope value
# (cambill.usage.aggregates): a wholesale line can be shared among accounts.
ADDITIVE = ("sum", "count", "time_weighted_avg", "latest")


@dataclass(frozen=True)
class WholesaleShare:
    """One account's share of a wholesale metered line (``account`` empty: the
    cloud-level part no account holds, or a line that cannot be shared)."""

    period: str
    service: str
    service_name: str
    meter: str
    unit: str
    account: str
    quantity: Fraction
    amount: Fraction  # before the cloud's discount


def _wholesale_metered(
    cloud: Cloud,
    inputs: RatingInputs,
    date_from: date,
    date_to: date,
    account_codes: set[str] | None,
) -> list[WholesaleShare]:
    """The wholesale invoice's metered lines for the whole months of the range,
    shared among the accounts where the meter adds up (see the module doc).

    ``account_codes`` limits the shares to those accounts (a narrower reader or
    one account); cloud-level parts are kept only for the whole cloud (None).
    """
    from cambill.catalog.models import Service
    from cambill.usage.aggregates import meter_aggregate_exact, metered_wholesale_charges
    from cambill.usage.models import Meter

    tz = Period(date_from.year, date_from.month, cloud.timezone).tz
    r0 = local_midnight(date_from, tz)
    r1 = local_midnight(date_to + timedelta(days=1), tz)
    out: list[WholesaleShare] = []
    meters: dict[str, Meter] = {}
    names: dict[str, str] = {}
    for y, m in _months(date_from, date_to):
        period = Period(y, m, cloud.timezone)
        if period.start < r0 or period.end > r1:
            continue
        if (period.start, period.end) == (r0, r1) and account_codes is None:
            # One whole month of the whole cloud: load_inputs priced it, as the bill run does.
            lines = list(inputs.wholesale_metered)
        else:
            lines = metered_wholesale_charges(cloud, period)
        for ln in lines:
            meter = meters.get(ln.meter_code)
            if meter is None:
                meter = meters[ln.meter_code] = Meter.objects.get(code=ln.meter_code)
            if ln.service_code not in names:
                names.update(
                    Service.objects.filter(code=ln.service_code).values_list("code", "name")
                )

            # The invoice line's amount, rounded once there: shares add up to it.
            amount = Fraction(ln.amount)
            qty = ln.quantity_exact
            line = WholesaleShare(
                period=period.key,
                service=ln.service_code,
                service_name=names.get(ln.service_code, ln.service_code),
                meter=ln.meter_code,
                unit=ln.unit,
                account="",
                quantity=qty,
                amount=amount,
            )
            per_account: dict[str, Fraction] = {}
            if meter.aggregation in ADDITIVE and qty:
                per_account = meter_aggregate_exact(cloud, meter, period, "account")
            for code, q in per_account.items():
                if q and (account_codes is None or code in account_codes):
                    out.append(replace(line, account=code, quantity=q, amount=amount * q / qty))
            rest = qty - sum(per_account.values(), Fraction(0))
            if account_codes is None and (rest or not per_account):
                out.append(
                    replace(line, quantity=rest, amount=amount * rest / qty)
                    if per_account
                    else line
                )
    return out


def _discounts(
    inputs: RatingInputs,
    charges: dict[tuple[str, str], Decimal],
    date_from: date,
    date_to: date,
    cloud: Cloud,
) -> dict[str, Decimal]:
    """Account discounts of the range, month by month, with their validity
    clipped to the range (a fixed monthly discount counts only the days reported)."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    end = date_to + timedelta(days=1)
    for (code, key), net_before in charges.items():
        ds = inputs.discounts.get(code)
        if not ds or net_before <= 0:
            continue
        period = Period.parse(key, cloud.timezone)
        clipped = []
        for d in ds:
            lo = max(d.valid_from or date_from, date_from)
            hi = min(d.valid_to or end, end)
            if lo < hi:
                clipped.append(
                    Discount(
                        kind=d.kind,
                        value=d.value,
                        valid_from=lo,
                        valid_to=hi,
                        description=d.description,
                    )
                )
        for line in apply_discounts(net_before, clipped, period, cloud.currency):
            out[code] += line.amount
    return out
