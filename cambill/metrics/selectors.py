"""Reads of the dashboards, scoped to the actor (docs/metrics.md).

Precomputed figures come from the latest snapshot of each cloud in scope;
invoiced revenue, receivables and overdue accounts are read live from the
invoices (few rows, indexed), so a payment shows at once. Nothing here loops
over cameras: a dashboard costs a handful of queries whatever the cloud's size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Count, DecimalField, F, Min, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from cambill.accounts.roles import PROVIDER_ROLES, Role
from cambill.clouds.models import Account, Cloud, CloudStatus
from cambill.clouds.selectors import clouds_in_scope
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.errors import Forbidden, NotFound
from cambill.core.periods import Period
from cambill.core.permissions import require
from cambill.invoicing.models import CreditNote, Invoice, InvoiceKind, InvoiceStatus
from cambill.payments.models import Allocation

from .compute import AGE_BUCKETS, NOT_DUE, ZERO, age_bucket, per_unit
from .models import CLOUD_SCOPE, CloudSnapshot, MonthUsage, TariffSnapshot, manager_scope

TOP_CLOUDS = 10
OVERDUE_SHOWN = 20
RECEIVABLE_CLOUDS_SHOWN = 20
REVENUE_MONTHS = 12
BUCKET_KEYS = (NOT_DUE, *(k for k, _, _ in AGE_BUCKETS))
REVENUE_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.PAID)
MONEY: Any = DecimalField(max_digits=18, decimal_places=4)


# --- shared pieces -------------------------------------------------------------


def latest_snapshots(clouds: QuerySet[Cloud], scope: str = CLOUD_SCOPE) -> dict[int, CloudSnapshot]:
    latest = (
        CloudSnapshot.objects.filter(cloud=OuterRef("pk"), scope=scope)
        .order_by("-day")
        .values("pk")[:1]
    )
    ids = [
        pk
        for pk in clouds.order_by().annotate(snap=Subquery(latest)).values_list("snap", flat=True)
        if pk is not None
    ]
    return {s.cloud_id: s for s in CloudSnapshot.objects.filter(pk__in=ids)}


def closed_periods(now: datetime, n: int = REVENUE_MONTHS) -> list[str]:
    """The ``n`` months before the one containing ``now`` (UTC), oldest first."""
    p = Period.containing(now, "UTC").previous()
    keys = [p.key]
    while len(keys) < n:
        p = p.previous()
        keys.insert(0, p.key)
    return keys


def wholesale_revenue(clouds: Any, periods: list[str]) -> dict[tuple[int, str], Decimal]:
    """Net wholesale revenue per (cloud id, period): the net of issued or paid
    wholesale invoices less the net of their credit notes (tax excluded)."""
    out: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    invoices = Invoice.objects.filter(
        kind=InvoiceKind.WHOLESALE,
        status__in=REVENUE_STATUSES,
        cloud__in=clouds,
        period__in=periods,
    )
    for cloud_id, period, net in (
        invoices.order_by()
        .values("cloud_id", "period")
        .annotate(s=Sum("net"))
        .values_list("cloud_id", "period", "s")
    ):
        out[(cloud_id, period)] += net or ZERO
    for cloud_id, period, net in (
        CreditNote.objects.filter(invoice__in=invoices)
        .order_by()
        .values("invoice__cloud_id", "invoice__period")
        .annotate(s=Sum("net"))
        .values_list("invoice__cloud_id", "invoice__period", "s")
    ):
        out[(cloud_id, period)] -= net or ZERO
    return out


def with_open_amount(invoices: QuerySet[Invoice]) -> Any:
    """Annotate ``open_amount``: total less credit notes and allocated payments."""
    allocated = (
        Allocation.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    credited = (
        CreditNote.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(s=Sum("total"))
        .values("s")
    )
    zero = Value(ZERO, output_field=MONEY)
    return invoices.annotate(
        open_amount=F("total")
        - Coalesce(Subquery(allocated, output_field=MONEY), zero)
        - Coalesce(Subquery(credited, output_field=MONEY), zero)
    )


# --- provider dashboard -----------------------------------------------------------


@dataclass
class CurrencyFigures:
    """Provider figures of the clouds billed in one currency."""

    currency: str
    mrr: Decimal = ZERO
    active_cameras: int = 0
    clouds: int = 0

    @property
    def arr(self) -> Decimal:
        return self.mrr * 12

    @property
    def revenue_per_camera(self) -> Decimal | None:
        return per_unit(self.mrr, self.active_cameras, self.currency)


@dataclass
class CloudFigures:
    cloud: Cloud
    snapshot: CloudSnapshot
    last_revenue: Decimal = ZERO


@dataclass
class Receivables:
    """Open wholesale amounts by age, of one currency or one cloud."""

    currency: str
    cloud: Cloud | None = None
    buckets: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKET_KEYS, ZERO))

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), ZERO)

    @property
    def overdue(self) -> Decimal:
        return self.total - self.buckets[NOT_DUE]


@dataclass
class ProviderDashboard:
    now: datetime
    as_of: datetime | None
    clouds_in_scope: int
    active_clouds: int
    missing: list[Cloud]
    active_cameras: int
    cameras_added: int
    cameras_removed: int
    currencies: list[CurrencyFigures]
    top_clouds: dict[str, list[CloudFigures]]
    receivables: list[Receivables]
    receivables_by_cloud: list[Receivables]
    revenue_periods: list[str]
    revenue: dict[str, list[Decimal]]
    last_period: str


def provider_dashboard(*, actor: Actor, now: datetime | None = None) -> ProviderDashboard:
    """The provider's figures over the clouds in the actor's scope (a manager:
    the clouds it is responsible for)."""
    require(actor, "dashboard.view")
    if not (actor.is_system or actor.role in PROVIDER_ROLES):
        raise Forbidden(gettext("The provider dashboard is for provider staff."))
    now = clock.given(now)
    clouds_qs = clouds_in_scope(actor)
    clouds = {c.pk: c for c in clouds_qs}
    snaps = latest_snapshots(clouds_qs)
    periods = closed_periods(now)
    revenue_rows = wholesale_revenue(clouds_qs, periods)
    last = periods[-1]

    figures: dict[str, CurrencyFigures] = {}
    by_currency: dict[str, list[CloudFigures]] = defaultdict(list)
    for cloud_id, snap in snaps.items():
        f = figures.setdefault(snap.currency, CurrencyFigures(snap.currency))
        f.mrr += snap.wholesale_mrr
        f.active_cameras += snap.active_cameras
        f.clouds += 1
        by_currency[snap.currency].append(
            CloudFigures(clouds[cloud_id], snap, revenue_rows.get((cloud_id, last), ZERO))
        )
    top = {
        cur: sorted(rows, key=lambda r: (-r.snapshot.wholesale_mrr, r.cloud.slug))[:TOP_CLOUDS]
        for cur, rows in sorted(by_currency.items())
    }
    revenue: dict[str, list[Decimal]] = {}
    for (cloud_id, period), amount in revenue_rows.items():
        cur = clouds[cloud_id].currency
        series = revenue.setdefault(cur, [ZERO] * len(periods))
        series[periods.index(period)] += amount

    totals: dict[str, Receivables] = {}
    per_cloud: dict[int, Receivables] = {}
    open_invoices = with_open_amount(
        Invoice.objects.filter(
            kind=InvoiceKind.WHOLESALE, status=InvoiceStatus.ISSUED, cloud__in=clouds_qs
        )
    ).values_list("cloud_id", "currency", "due_at", "issued_at", "open_amount")
    for cloud_id, currency, due_at, issued_at, open_amount in open_invoices:
        if not open_amount or open_amount <= 0:
            continue
        bucket = age_bucket(due_at or issued_at or now, now)
        totals.setdefault(currency, Receivables(currency)).buckets[bucket] += open_amount
        per_cloud.setdefault(cloud_id, Receivables(currency, clouds[cloud_id])).buckets[bucket] += (
            open_amount
        )

    return ProviderDashboard(
        now=now,
        as_of=min((s.as_of for s in snaps.values()), default=None),
        clouds_in_scope=len(clouds),
        active_clouds=sum(1 for c in clouds.values() if c.status == CloudStatus.ACTIVE),
        missing=sorted((c for pk, c in clouds.items() if pk not in snaps), key=lambda c: c.slug),
        active_cameras=sum(s.active_cameras for s in snaps.values()),
        cameras_added=sum(s.cameras_added for s in snaps.values()),
        cameras_removed=sum(s.cameras_removed for s in snaps.values()),
        currencies=[figures[c] for c in sorted(figures)],
        top_clouds=top,
        receivables=[totals[c] for c in sorted(totals)],
        receivables_by_cloud=sorted(
            per_cloud.values(),
            key=lambda r: (r.currency, -r.total, r.cloud.slug if r.cloud else ""),
        )[:RECEIVABLE_CLOUDS_SHOWN],
        revenue_periods=periods,
        revenue={c: revenue[c] for c in sorted(revenue)},
        last_period=last,
    )


# --- usage history of one cloud (provider views) -----------------------------------


@dataclass
class UsageMonth:
    period: str
    first_day: date
    cameras: int
    camera_days: int
    revenue: Decimal | None
    complete: bool


@dataclass
class UsageHistory:
    cloud: Cloud
    as_of: datetime | None
    months: list[UsageMonth]


def _cloud_checked(actor: Actor, cloud: Cloud) -> None:
    if not clouds_in_scope(actor).filter(pk=cloud.pk).exists():
        raise NotFound("cloud")


def cloud_usage_history(*, actor: Actor, cloud: Cloud) -> UsageHistory:
    """Cameras, camera-days and wholesale revenue per period, oldest first."""
    require(actor, "dashboard.view")
    if not (actor.is_system or actor.role in PROVIDER_ROLES):
        raise Forbidden(gettext("The usage history of a cloud is for provider staff."))
    _cloud_checked(actor, cloud)
    rows = list(MonthUsage.objects.filter(cloud=cloud).order_by("-period")[:13])[::-1]
    revenue = wholesale_revenue([cloud.pk], [r.period for r in rows])
    months = []
    for r in rows:
        p = Period.parse(r.period, cloud.timezone)
        amount = revenue.get((cloud.pk, r.period))
        months.append(
            UsageMonth(
                period=r.period,
                first_day=p.first_day,
                cameras=r.cameras,
                camera_days=r.camera_days,
                revenue=amount if amount is not None else (ZERO if r.complete else None),
                complete=r.complete,
            )
        )
    return UsageHistory(
        cloud=cloud, as_of=max((r.as_of for r in rows), default=None), months=months
    )


# --- cloud dashboard ------------------------------------------------------------------


@dataclass
class OverdueAccount:
    account_id: int
    code: str
    name: str
    invoices: int
    amount: Decimal
    oldest_due: datetime
    days: int


@dataclass
class CloudDashboard:
    cloud: Cloud
    scope: str
    snapshot: CloudSnapshot | None
    tariffs: list[TariffSnapshot]
    show_costs: bool
    overdue: list[OverdueAccount]
    overdue_accounts: int
    overdue_amount: Decimal
    now: datetime

    @property
    def margin(self) -> Decimal | None:
        if self.snapshot is None or not self.show_costs:
            return None
        return self.snapshot.retail_mrr - self.snapshot.wholesale_mrr

    @property
    def margin_percent(self) -> Decimal | None:
        """Margin over retail MRR, in percent with one decimal."""
        m = self.margin
        if m is None or self.snapshot is None or not self.snapshot.retail_mrr:
            return None
        return (m * 100 / self.snapshot.retail_mrr).quantize(Decimal("0.1"))


def dashboard_scope(actor: Actor) -> str:
    """Whose figures a cloud dashboard shows: an account manager's own accounts, else the cloud."""
    if actor.role == Role.ACCOUNT_MANAGER:
        return manager_scope(actor.user.pk)
    return CLOUD_SCOPE


def _overdue_accounts(
    invoices: QuerySet[Invoice], now: datetime
) -> tuple[list[OverdueAccount], int, Decimal]:
    """The overdue accounts shown (largest open amount first, then by code), how
    many there are and their open amount, from ``invoices`` (those past due).

    One statement: the open amount of each invoice, summed per account in the
    database (a cloud of 200,000 accounts has tens of thousands of overdue
    invoices), the totals as window functions over the accounts, then the first
    ``OVERDUE_SHOWN`` joined with their codes."""
    per_account = (
        with_open_amount(invoices)
        .filter(open_amount__gt=0)
        .order_by()
        .values("account_id")
        .annotate(n=Count("pk"), amount=Sum("open_amount"), oldest=Min("due_at"))
    )
    db = per_account.db
    inner, params = per_account.query.get_compiler(db).as_sql()
    account = connections[db].ops.quote_name(Account._meta.db_table)
    sql = (
        "SELECT g.account_id, g.n, g.amount, g.oldest, a.code, a.name, "
        "COUNT(*) OVER (), SUM(g.amount) OVER () "
        f"FROM ({inner}) g INNER JOIN {account} a ON a.id = g.account_id "
        f"ORDER BY g.amount DESC, a.code LIMIT {OVERDUE_SHOWN}"
    )
    conn = connections[db]

    def money(value: Any) -> Decimal:
        """A sum read by a raw statement (SQLite: a float) as the ORM's Decimal."""
        return (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(
            Decimal("0.0001")
        )

    with conn.cursor() as c:
        c.execute(sql, params)
        rows = c.fetchall()
    shown = []
    for acc_id, n, amount, oldest, code, name, _, _ in rows:
        oldest = _aware(oldest)
        shown.append(
            OverdueAccount(acc_id, code, name, n, money(amount), oldest, (now - oldest).days)
        )
    if not rows:
        return [], 0, ZERO
    return shown, int(rows[0][6]), money(rows[0][7])


def _aware(value: Any) -> datetime:
    """A timestamp read by a raw statement, as Django's ORM would give it (SQLite: text)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    from django.utils.dateparse import parse_datetime

    parsed = parse_datetime(str(value))
    assert parsed is not None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def cloud_dashboard(*, actor: Actor, cloud: Cloud, now: datetime | None = None) -> CloudDashboard:
    require(actor, "dashboard.view")
    _cloud_checked(actor, cloud)
    now = clock.given(now)
    scope = dashboard_scope(actor)
    latest = CloudSnapshot.objects.filter(cloud=cloud, scope=CLOUD_SCOPE).order_by("-day").first()
    snap = latest
    if latest is not None and scope != CLOUD_SCOPE:
        snap = CloudSnapshot.objects.filter(cloud=cloud, scope=scope, day=latest.day).first()
    tariffs = list(snap.tariffs.order_by("-cameras", "tariff_code")) if snap else []

    invoices = Invoice.objects.filter(
        cloud=cloud, kind=InvoiceKind.RETAIL, status=InvoiceStatus.ISSUED, due_at__lt=now
    )
    if actor.role == Role.ACCOUNT_MANAGER:
        invoices = invoices.filter(account__account_manager_id=actor.user.pk)
    elif not (
        actor.is_system
        or actor.is_provider
        or actor.role in (Role.CLOUD_ADMIN, Role.CLOUD_ACCOUNTANT)
    ):
        invoices = invoices.none()
    # Per account in the database (a large cloud has tens of thousands of overdue
    # invoices): the totals over every overdue account, and the accounts shown.
    shown, accounts, amount = _overdue_accounts(invoices, now)
    return CloudDashboard(
        cloud=cloud,
        scope=scope,
        snapshot=snap,
        tariffs=tariffs,
        show_costs=actor.can("cost.view"),
        overdue=shown,
        overdue_accounts=accounts,
        overdue_amount=amount,
        now=now,
    )
