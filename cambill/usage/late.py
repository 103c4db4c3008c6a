"""Late usage: events whose time falls in a period already invoiced.

An event is *late* when, as it arrives (or as its camera appears), its time
lies in a period ``Q`` of the cloud for which the invoice that would carry it
is no longer a draft: the retail invoice of the camera's account for ``Q``, or
the cloud's wholesale invoice for ``Q``. Issued invoices never change, so the
late part is settled afterwards, as the cloud's ``late_usage_policy`` says:

* ``next_period`` (default): the bill run of a later period ``P`` adds an
  adjustment line per (camera, meter) -- retail -- and per metered service --
  wholesale -- labelled with ``Q``;
* ``credit_note_report``: nothing is billed automatically; the items are listed
  on the late-usage report (API and web) to be credited or charged by hand,
  and marked settled there.

Every item is a *delta*, never a re-count: ``round(price(aggregate of Q with
every event known now))`` minus what was already billed for that (Q, camera,
meter) -- the metered line of Q's issued invoice, adjustment lines of any
other non-void invoice, and amounts settled by hand. It is priced with Q's
rating (Q's aggregate over the whole period, so graduated tiers and
time-weighted averages apply to Q as they did on Q's invoice, the tariff the
camera held at the end of Q), and a rerun of P's bill run computes the same
line again: P's own invoice is left out of "already billed". Both amounts are
rounded to the currency, so the delta is exact in cents.

Only (camera, meter) pairs with late events are examined, so a later change
of a tariff's metered pricing never re-prices periods that have no late usage.
Retail lines carry the meter code in ``InvoiceLine.service`` (a retail line
has no provider service) so the billed amount of each pair can be found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Min, Q
from django.utils.translation import gettext

from cambill.clouds.models import Account, Camera, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import validation
from cambill.core.money import round_price
from cambill.core.periods import Period
from cambill.core.permissions import require

from .models import LateUsageSettlement, Meter, UsageEvent
from .periods import period_of

RETAIL, WHOLESALE = "retail", "wholesale"
MANUAL = "manual"  # ``billed_period`` of late events settled by hand


# --- flagging at ingestion ----------------------------------------------------


def late_checker(
    cloud: Cloud, times: Iterable[datetime], accounts: dict[int, int | None]
) -> Callable[[datetime, int | None], bool]:
    """``is_late(time, camera_id)`` for a batch: one query for the invoices of
    the batch's time range that are no longer drafts. ``accounts`` maps the
    batch's camera ids to their account ids."""
    from cambill.invoicing.models import BillRun, Invoice, InvoiceStatus

    ts = list(times)
    if not ts:
        return lambda t, c: False
    # A month billed in advance (its run made before the month ended, which an
    # arrears run cannot be) has its usage on the next invoice, the true-up:
    # that one decides what is late. An invoice covers its own month's usage
    # unless billed ahead, and the month before's when either was billed ahead.
    ahead = set(
        BillRun.objects.filter(cloud=cloud, created_at__lt=F("period_end")).values_list(
            "period_start", flat=True
        )
    )
    last = max(ts) + timedelta(days=32) if ahead else max(ts)
    rows = list(
        Invoice.objects.filter(cloud=cloud, period_end__gt=min(ts), period_start__lte=last)
        .exclude(status=InvoiceStatus.DRAFT)
        .values_list("kind", "account_id", "period_start", "period_end")
    )
    if not rows:
        return lambda t, c: False
    whole: list[tuple[datetime, datetime]] = []
    retail: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for kind, acc, s, e in rows:
        if kind == WHOLESALE:
            whole.append((s, e))
        elif acc is not None:
            if ahead:
                prev = Period.containing(s - timedelta(microseconds=1), cloud.timezone).start
                s, e = (prev if s in ahead or prev in ahead else s), (s if s in ahead else e)
            retail[acc].append((s, e))

    def is_late(t: datetime, camera_id: int | None) -> bool:
        if any(s <= t < e for s, e in whole):
            return True
        acc = accounts.get(camera_id) if camera_id is not None else None
        return acc is not None and any(s <= t < e for s, e in retail.get(acc, ()))

    return is_late


# --- items --------------------------------------------------------------------


@dataclass(frozen=True)
class LateItem:
    """What late usage changes for one (level, period, account, camera, meter):
    ``amount_now - amount_billed`` is still to bill (negative: to credit)."""

    level: str
    period: str
    first_day: date
    last_day: date
    account_id: int | None
    account_code: str
    camera_code: str
    tariff_code: str
    key: str  # meter code (retail) or service code (wholesale)
    meter_code: str
    description: str
    unit: str
    quantity_now: Decimal
    quantity_billed: Decimal
    amount_now: Decimal
    amount_billed: Decimal
    currency: str
    late_events: int = 0

    @property
    def quantity(self) -> Decimal:
        return self.quantity_now - self.quantity_billed

    @property
    def amount(self) -> Decimal:
        return self.amount_now - self.amount_billed

    @property
    def unit_price(self) -> Decimal:
        return (
            round_price(Fraction(self.amount) / Fraction(self.quantity))
            if self.quantity
            else self.amount
        )


@dataclass
class LateResult:
    """Items of the periods examined and, per period, the cameras whose late
    events they cover (those events are marked billed by the bill run)."""

    items: list[LateItem] = field(default_factory=list)
    covered: dict[str, set[int]] = field(default_factory=dict)
    bounds: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)

    def retail(self) -> dict[str, list[LateItem]]:
        out: dict[str, list[LateItem]] = defaultdict(list)
        for it in self.items:
            if it.level == RETAIL and it.amount:
                out[it.account_code].append(it)
        return dict(out)

    def wholesale(self) -> list[LateItem]:
        return [it for it in self.items if it.level == WHOLESALE and it.amount]


def _candidates(cloud: Cloud, before: datetime | None, billed_in: str | None) -> Any:
    pending = Q(billed_period__isnull=True)
    if billed_in:
        pending |= Q(billed_period=billed_in)
    qs = UsageEvent.objects.filter(cloud=cloud, late=True, camera__isnull=False).filter(pending)
    if before is not None:
        qs = qs.filter(time__lt=before)
    return qs


def candidate_periods(
    cloud: Cloud, *, before: datetime | None = None, billed_in: str | None = None
) -> list[Period]:
    """Periods holding late events not yet billed (or billed in ``billed_in``),
    oldest first: one small query per period (a partial index on late events)."""
    qs = _candidates(cloud, before, billed_in)
    out: list[Period] = []
    span = qs.aggregate(lo=Min("time"), hi=Max("time"))
    if span["lo"] is None:
        return out
    cursor = span["lo"]
    while cursor is not None:
        p = Period.containing(cursor, cloud.timezone)
        out.append(p)
        cursor = qs.filter(time__gte=p.end).aggregate(lo=Min("time"))["lo"]
    return out


def _billed(
    cloud: Cloud, level: str, p: Period, exclude_period: str | None, also_own: tuple[str, ...] = ()
) -> dict[Any, list[Any]]:
    """Amounts already billed per key for period ``p``: the metered lines of
    p's issued invoices, adjustment lines for p elsewhere, manual settlements.
    Key: ``(account_code, camera_code, meter)`` retail, ``service`` wholesale."""
    from cambill.invoicing.models import InvoiceLine, InvoiceStatus, LineKind

    out: dict[Any, list[Any]] = defaultdict(lambda: [Decimal(0), Decimal(0), ""])
    lines = (
        InvoiceLine.objects.filter(cloud=cloud, invoice__kind=level)
        .exclude(invoice__status=InvoiceStatus.VOID)
        .filter(
            Q(
                kind=LineKind.METERED,
                invoice__period=p.key,
                date_from__isnull=True,
                invoice__status__in=[InvoiceStatus.ISSUED, InvoiceStatus.PAID],
            )
            # The true-up of a month billed in advance: its metered lines sit
            # on the next month's invoice, dated with the month they price.
            | Q(
                kind=LineKind.METERED,
                date_from=p.first_day,
                invoice__status__in=[InvoiceStatus.ISSUED, InvoiceStatus.PAID],
            )
            | Q(kind=LineKind.ADJUSTMENT, date_from=p.first_day)
        )
    )
    own = [k for k in (exclude_period, *also_own) if k]
    if own:
        lines = lines.exclude(invoice__period__in=own)
    for acc, cam, tariff, key, qty, amount in lines.values_list(
        "account", "camera", "tariff", "service", "quantity", "amount"
    ):
        k = (acc, cam, key) if level == RETAIL else key
        row = out[k]
        row[0] += qty
        row[1] += amount
        row[2] = tariff or row[2]
    for acc, cam, key, qty, amount in LateUsageSettlement.objects.filter(
        cloud=cloud, level=level, period=p.key
    ).values_list("account_code", "camera_code", "key", "quantity", "amount"):
        k = (acc, cam, key) if level == RETAIL else key
        out[k][0] += qty
        out[k][1] += amount
    return out


def _issued_retail(cloud: Cloud, p: Period) -> set[int]:
    """Accounts whose usage of ``p`` is on an issued invoice: p's own (arrears)
    or the next one's true-up (a month billed in advance)."""
    from cambill.invoicing.models import Invoice, InvoiceLine, InvoiceStatus, LineKind

    issued = [InvoiceStatus.ISSUED, InvoiceStatus.PAID]
    own = set(
        Invoice.objects.filter(
            cloud=cloud, kind=RETAIL, period=p.key, status__in=issued
        ).values_list("account_id", flat=True)
    )
    trued_up = InvoiceLine.objects.filter(
        cloud=cloud,
        invoice__kind=RETAIL,
        invoice__status__in=issued,
        kind__in=[LineKind.TARIFF, LineKind.METERED, LineKind.TRUE_UP],
        date_from__gte=p.first_day,
        date_from__lt=p.next_first_day,
    ).exclude(invoice__period=p.key)
    return own | set(trued_up.values_list("invoice__account_id", flat=True).distinct())


def _issued_wholesale(cloud: Cloud, p: Period) -> bool:
    from cambill.invoicing.models import Invoice, InvoiceStatus

    return Invoice.objects.filter(
        cloud=cloud,
        kind=WHOLESALE,
        period=p.key,
        status__in=[InvoiceStatus.ISSUED, InvoiceStatus.PAID],
    ).exists()


def late_items(
    cloud: Cloud,
    *,
    before: Period | None = None,
    billed_in: str | None = None,
    account_ids: set[int] | None = None,
    also_own: tuple[str, ...] = (),
) -> LateResult:
    """The late-usage items of ``cloud``: for every period with pending late
    events (ending before ``before`` starts, when given), the deltas per
    camera and meter (retail) and per metered service (wholesale).
    ``billed_in``: the period being billed; its own invoices are not "already
    billed" and late events it already marked count as pending (reruns);
    ``also_own``: more periods whose wholesale invoice the same run writes (an
    advance run writes the previous month's)."""
    from cambill.usage.aggregates import metered_charges, metered_wholesale_charges

    from .models import MeteredService

    result = LateResult()
    end = before.start if before is not None else None
    currency = cloud.currency
    for p in candidate_periods(cloud, before=end, billed_in=billed_in):
        if end is not None and p.end > end:
            continue
        pending = _candidates(cloud, end, billed_in).filter(time__gte=p.start, time__lt=p.end)
        counts: dict[tuple[int, str], int] = defaultdict(int)
        for cam, typ in pending.values_list("camera_id", "type"):
            counts[(cam, typ)] += 1
        cams = {c for c, _ in counts}
        types = {t for _, t in counts}
        meters = {m.code: m for m in Meter.objects.filter(event_type__in=types)}
        last_day = p.next_first_day - timedelta(days=1)
        covered: set[int] = set()
        result.bounds[p.key] = (p.start, p.end)

        issued = _issued_retail(cloud, p)
        if issued:
            codes = dict(Camera.objects.filter(cloud=cloud, pk__in=cams).values_list("pk", "code"))
            by_code = {v: k for k, v in codes.items()}
            accs = dict(Account.objects.filter(cloud=cloud).values_list("code", "pk"))
            now_lines = {
                (m.account_code, m.camera_code, m.meter_code): m
                for m in metered_charges(cloud, p)
                if m.camera_id in cams and m.meter_code in meters
            }
            billed = {
                k: v
                for k, v in _billed(cloud, RETAIL, p, billed_in).items()
                if k[1] in by_code and k[2] in meters
            }
            for key in sorted(set(now_lines) | set(billed)):
                acc_code, cam_code, meter_code = key
                acc_id = accs.get(acc_code)
                if acc_id not in issued or (account_ids is not None and acc_id not in account_ids):
                    continue
                cam_id = by_code[cam_code]
                covered.add(cam_id)
                m = now_lines.get(key)
                b = billed.get(key, [Decimal(0), Decimal(0), ""])
                meter = meters[meter_code]
                result.items.append(
                    LateItem(
                        level=RETAIL,
                        period=p.key,
                        first_day=p.first_day,
                        last_day=last_day,
                        account_id=acc_id,
                        account_code=acc_code,
                        camera_code=cam_code,
                        tariff_code=m.tariff_code if m is not None else b[2],
                        key=meter_code,
                        meter_code=meter_code,
                        description=m.description if m is not None else meter.name,
                        unit=meter.unit,
                        quantity_now=round_price(m.quantity_exact) if m else Decimal(0),
                        quantity_billed=b[0],
                        amount_now=m.amount if m else Decimal(0),
                        amount_billed=b[1],
                        currency=currency,
                        late_events=sum(
                            n
                            for (c, t), n in counts.items()
                            if c == cam_id and t == meter.event_type
                        ),
                    )
                )
            # Cameras whose account's invoice for p is issued but which have no
            # metered charge at all: nothing to bill, their late events are settled.
            holders = dict(Camera.objects.filter(pk__in=cams).values_list("pk", "account_id"))
            covered |= {c for c in cams if holders.get(c) in issued}

        if account_ids is None and _issued_wholesale(cloud, p):
            services = {
                ms.service.code: ms
                for ms in MeteredService.objects.select_related("service", "meter")
                if ms.meter.code in meters
            }
            now_w = {
                w.service_code: w
                for w in metered_wholesale_charges(cloud, p)
                if w.service_code in services
            }
            billed_w = {
                k: v
                for k, v in _billed(cloud, WHOLESALE, p, billed_in, also_own).items()
                if k in services
            }
            for code in sorted(set(now_w) | set(billed_w)):
                w = now_w.get(code)
                b = billed_w.get(code, [Decimal(0), Decimal(0), ""])
                ms = services[code]
                result.items.append(
                    LateItem(
                        level=WHOLESALE,
                        period=p.key,
                        first_day=p.first_day,
                        last_day=last_day,
                        account_id=None,
                        account_code="",
                        camera_code="",
                        tariff_code="",
                        key=code,
                        meter_code=ms.meter.code,
                        description=ms.service.name,
                        unit=ms.meter.unit,
                        quantity_now=round_price(w.quantity_exact) if w else Decimal(0),
                        quantity_billed=b[0],
                        amount_now=w.amount if w else Decimal(0),
                        amount_billed=b[1],
                        currency=currency,
                        late_events=sum(
                            n for (c, t), n in counts.items() if t == ms.meter.event_type
                        ),
                    )
                )
            covered |= cams
        result.covered[p.key] = covered
    return result


def mark_billed(cloud: Cloud, period: str, result: LateResult) -> int:
    """Mark the late events covered by ``result`` as billed in ``period``
    (inside the bill run's transaction). Returns how many."""
    n = 0
    for key, cams in result.covered.items():
        if not cams:
            continue
        start, end = result.bounds[key]
        n += UsageEvent.objects.filter(
            cloud=cloud,
            late=True,
            billed_period__isnull=True,
            camera_id__in=cams,
            time__gte=start,
            time__lt=end,
        ).update(billed_period=period)
    return n


# --- the report and settling by hand -----------------------------------------


def late_usage_report(*, actor: Actor, cloud: Cloud, period: str | None = None) -> list[LateItem]:
    """Late usage still to credit or charge: items with a non-zero delta of
    periods with pending late events (``period``: only that one)."""
    from .selectors import usage_cloud

    usage_cloud(actor=actor, slug=cloud.slug)
    items = [it for it in late_items(cloud).items if it.amount or it.quantity]
    if period:
        items = [it for it in items if it.period == period]
    return items


@transaction.atomic
def late_usage_settle(
    *, actor: Actor, cloud: Cloud, period: str, note: str, now: datetime | None = None
) -> list[LateUsageSettlement]:
    """Record that the late usage of ``period`` was credited or charged by hand
    (a credit note, a manual charge): each item's delta becomes a settlement,
    so a later late event of the same period is billed only for itself, and
    the period's pending late events are marked ``manual``."""
    require(actor, "usage.settle")
    from .selectors import usage_cloud

    usage_cloud(actor=actor, slug=cloud.slug)
    p = period_of(cloud, period)
    if not isinstance(note, str) or not note.strip():
        raise validation("note", gettext("Say how it was settled (e.g. the credit note's number)."))
    now = clock.given(now)
    result = late_items(cloud)
    items = [it for it in result.items if it.period == p.key]
    out = [
        LateUsageSettlement.objects.create(
            cloud=cloud,
            level=it.level,
            period=it.period,
            account_code=it.account_code,
            camera_code=it.camera_code,
            key=it.key,
            quantity=it.quantity,
            amount=it.amount,
            note=note.strip()[:300],
            settled_at=now,
            settled_by=actor.user,
        )
        for it in items
        if it.amount or it.quantity
    ]
    events = UsageEvent.objects.filter(
        cloud=cloud, late=True, billed_period__isnull=True, time__gte=p.start, time__lt=p.end
    ).update(billed_period=MANUAL)
    audit(
        actor=actor,
        verb="late_usage_settle",
        obj=cloud,
        after={
            "period": p.key,
            "note": note.strip()[:300],
            "events": events,
            "items": [
                {
                    "level": s.level,
                    "account": s.account_code,
                    "camera": s.camera_code,
                    "key": s.key,
                    "amount": str(s.amount),
                }
                for s in out
            ],
        },
        now=now,
    )
    return out
