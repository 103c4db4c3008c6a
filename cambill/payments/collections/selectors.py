"""Reads of the collections page and its API: the aging buckets, one row per
account with money open, and the suspension queue; scoped to the actor.

Age is counted in whole local days of the cloud's time zone, from the due date
to today (an invoice due yesterday is 1 day overdue). An account sits in the
bucket of its oldest open invoice; the bucket totals add up the open amounts of
the invoices by their own age, so each total is the money of that age.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from cambill.clouds.models import Account, AccountStatus, Cloud, SuspensionMode
from cambill.clouds.selectors import accounts_in_scope
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.errors import NotFound, validation
from cambill.invoicing.models import Invoice

from ..models import DunningEvent, DunningPolicy
from .rules import (
    REMINDER_KINDS,
    ZERO,
    dismissed_invoice_ids,
    dunning_days,
    open_invoices,
    suspension_due,
)

# (key, label, lowest days overdue, highest or None)
BUCKETS: tuple[tuple[str, Any, int | None, int | None], ...] = (
    ("current", _("Current"), None, 0),
    ("days_1_30", _("1-30 days"), 1, 30),
    ("days_31_60", _("31-60 days"), 31, 60),
    ("days_61_90", _("61-90 days"), 61, 90),
    ("days_over_90", _("Over 90 days"), 91, None),
)
BUCKET_KEYS = tuple(b[0] for b in BUCKETS)


def bucket_of(days: int) -> str:
    for key, _label, lo, hi in BUCKETS:
        if (lo is None or days >= lo) and (hi is None or days <= hi):
            return key
    raise AssertionError(days)  # pragma: no cover - the buckets cover every integer


@dataclass
class NextStep:
    """What dunning does next to an account: ``reminder`` (its day) or ``suspension``."""

    kind: str
    day: int
    at: datetime
    invoice: Invoice


@dataclass
class AccountRow:
    account: Account
    bucket: str
    days_overdue: int
    oldest_due_at: datetime
    open_amount: Decimal = ZERO
    overdue_amount: Decimal = ZERO
    by_bucket: dict[str, Decimal] = field(default_factory=dict)
    invoices: list[tuple[Invoice, Decimal]] = field(default_factory=list)
    next_step: NextStep | None = None
    last_reminder_at: datetime | None = None
    suspension_due: bool = False
    oldest_due_date: date | None = None  # in the cloud's time zone


@dataclass
class BucketTotal:
    key: str
    label: Any
    amount: Decimal
    accounts: int


@dataclass
class Collections:
    cloud: Cloud
    currency: str
    today: date
    now: datetime
    buckets: list[BucketTotal]
    rows: list[AccountRow]
    total: Decimal
    policy: DunningPolicy | None


@dataclass
class QueueRow:
    account: Account
    invoice: Invoice
    days_overdue: int
    amount: Decimal
    due_since: datetime


def collections_require(actor: Actor, cloud: Cloud) -> None:
    """Refuse, as "no such cloud", whoever may not open the cloud's collections."""
    # A role without collections answers "no such cloud" like an unknown one (a
    # subscriber or an agent must not learn the page exists).
    if not actor.can("collections.view", cloud):
        raise NotFound("cloud")


def _policy(cloud: Cloud) -> DunningPolicy | None:
    return DunningPolicy.objects.filter(cloud=cloud, enabled=True).first()


def local_days_overdue(due_at: datetime, today: date, tz: ZoneInfo) -> int:
    return (today - due_at.astimezone(tz).date()).days


def _next_step(
    row: AccountRow,
    policy: DunningPolicy | None,
    now: datetime,
    reminded: set[tuple[int, int | None]],
    dismissed: set[int],
) -> NextStep | None:
    """The earliest step dunning has still to take for the account: a reminder
    day not recorded yet (one reached but not run counts as due now), or the
    suspension of an active account."""
    if policy is None:
        return None
    steps: list[NextStep] = []
    for inv, _left in row.invoices:
        assert inv.due_at is not None
        days = dunning_days(inv, now)
        reached = [d for d in policy.reminder_days if d <= days]
        for d in policy.reminder_days:
            if (inv.pk, d) in reminded:
                continue
            if d > days or (reached and d == reached[-1]):
                steps.append(NextStep("reminder", d, inv.due_at + timedelta(days=d), inv))
        s = policy.suspend_after_days
        if s is not None and row.account.status == AccountStatus.ACTIVE and inv.pk not in dismissed:
            steps.append(NextStep("suspension", s, inv.due_at + timedelta(days=s), inv))
    return min(steps, key=lambda x: (x.at, x.kind == "suspension")) if steps else None


def collections_overview(
    *,
    actor: Actor,
    cloud: Cloud,
    now: datetime | None = None,
    bucket: str | None = None,
    search: str = "",
) -> Collections:
    """The cloud's accounts with money open (in the actor's reach), worst first."""
    collections_require(actor, cloud)
    if bucket is not None and bucket not in BUCKET_KEYS:
        raise validation("bucket", _("Choose one of: %(keys)s.") % {"keys": ", ".join(BUCKET_KEYS)})
    now = clock.given(now)
    tz = ZoneInfo(cloud.timezone)
    today = now.astimezone(tz).date()
    scope = accounts_in_scope(actor, cloud)
    if search:
        from django.db.models import Q

        scope = scope.filter(Q(code__icontains=search) | Q(name__icontains=search))
    ids = list(scope.values_list("pk", flat=True))
    rows_by_account: dict[int, AccountRow] = {}
    totals = {k: ZERO for k in BUCKET_KEYS}
    counts = {k: 0 for k in BUCKET_KEYS}
    for inv, left in open_invoices(cloud, ids):
        assert inv.due_at is not None and inv.account is not None
        days = local_days_overdue(inv.due_at, today, tz)
        key = bucket_of(days)
        totals[key] += left
        row = rows_by_account.get(inv.account_id or 0)
        if row is None:  # the oldest open invoice comes first
            row = rows_by_account[inv.account.pk] = AccountRow(
                account=inv.account,
                bucket=key,
                days_overdue=max(days, 0),
                oldest_due_at=inv.due_at,
                by_bucket={k: ZERO for k in BUCKET_KEYS},
                oldest_due_date=inv.due_at.astimezone(tz).date(),
            )
            counts[key] += 1
        row.invoices.append((inv, left))
        row.open_amount += left
        row.by_bucket[key] += left
        if days > 0:
            row.overdue_amount += left
    policy = _policy(cloud)
    reminded = set(
        DunningEvent.objects.filter(cloud=cloud, kind="reminder", invoice__isnull=False)
        .filter(account_id__in=list(rows_by_account))
        .values_list("invoice_id", "day")
    )
    dismissed = dismissed_invoice_ids(cloud)
    last = dict(
        DunningEvent.objects.filter(account_id__in=list(rows_by_account), kind__in=REMINDER_KINDS)
        .exclude(detail__startswith="skipped")
        .values_list("account_id")
        .annotate(at=Max("at"))
        .values_list("account_id", "at")
    )
    due = suspension_due(
        [r for row in rows_by_account.values() for r in row.invoices],
        suspend_after_days=policy.suspend_after_days if policy else None,
        now=now,
        dismissed=dismissed,
    )
    for row in rows_by_account.values():
        row.next_step = _next_step(row, policy, now, reminded, dismissed)
        row.last_reminder_at = last.get(row.account.pk)
        row.suspension_due = row.account.pk in due and row.account.status == AccountStatus.ACTIVE
    rows = sorted(
        rows_by_account.values(), key=lambda r: (r.oldest_due_at, -r.open_amount, r.account.code)
    )
    if bucket is not None:
        rows = [r for r in rows if r.bucket == bucket]
    return Collections(
        cloud=cloud,
        currency=cloud.currency,
        today=today,
        now=now,
        buckets=[
            BucketTotal(key, label, totals[key], counts[key]) for key, label, _lo, _hi in BUCKETS
        ],
        rows=rows,
        total=sum(totals.values(), ZERO),
        policy=policy,
    )


def suspension_queue(*, actor: Actor, cloud: Cloud, now: datetime | None = None) -> list[QueueRow]:
    """Active accounts (in the actor's reach) the dunning policy says to suspend
    and nobody dismissed: the run suspends them itself when the cloud's
    ``suspension_mode`` is ``auto``; with ``confirm`` they wait here for a person."""
    collections_require(actor, cloud)
    now = clock.given(now)
    policy = _policy(cloud)
    if policy is None or policy.suspend_after_days is None:
        return []
    ids = list(
        accounts_in_scope(actor, cloud)
        .filter(status=AccountStatus.ACTIVE)
        .values_list("pk", flat=True)
    )
    due = suspension_due(
        open_invoices(cloud, ids),
        suspend_after_days=policy.suspend_after_days,
        now=now,
        dismissed=dismissed_invoice_ids(cloud),
    )
    out = []
    for items in due.values():
        inv, _left, days = items[0]
        assert inv.account is not None and inv.due_at is not None
        out.append(
            QueueRow(
                account=inv.account,
                invoice=inv,
                days_overdue=days,
                amount=sum((left for _i, left, _d in items), ZERO),
                due_since=inv.due_at + timedelta(days=policy.suspend_after_days),
            )
        )
    return sorted(out, key=lambda r: (r.due_since, r.account.code))


def suspension_queue_entry(
    *, actor: Actor, cloud: Cloud, code: str, now: datetime | None = None
) -> QueueRow:
    """One account of the queue; an account not in it (or not the actor's) is a 404."""
    for row in suspension_queue(actor=actor, cloud=cloud, now=now):
        if row.account.code == code:
            return row
    raise NotFound("account")


def is_confirm_mode(cloud: Cloud) -> bool:
    return bool(cloud.suspension_mode == SuspensionMode.CONFIRM)


@dataclass
class OpenInvoice:
    """One open invoice of an account: what is left to pay and its age."""

    invoice: Invoice
    open_amount: Decimal
    due_date: date  # in the cloud's time zone
    days_overdue: int  # whole local days since the due date; 0 or less: not due yet


@dataclass
class AccountOverdue:
    """What one account owes and what of it is overdue, counted exactly as the
    collections page counts it (``open_invoices``, whole local days)."""

    currency: str
    today: date
    open_amount: Decimal = ZERO
    overdue_amount: Decimal = ZERO
    invoices: list[OpenInvoice] = field(default_factory=list)  # oldest due first

    @property
    def overdue(self) -> list[OpenInvoice]:
        return [row for row in self.invoices if row.days_overdue > 0]

    @property
    def days_overdue(self) -> int:
        return max((row.days_overdue for row in self.invoices), default=0)


def account_overdue(
    *, actor: Actor, account: Account, now: datetime | None = None
) -> AccountOverdue:
    """The account's open and overdue money for whoever may see its money (the
    subscriber's home, the account's money page): the same invoices, open
    amounts and local-day ages as the collections page, so they never disagree."""
    if not actor.can("payment.view_account", account):
        raise NotFound("account")
    cloud = account.cloud
    now = clock.given(now)
    tz = ZoneInfo(cloud.timezone)
    today = now.astimezone(tz).date()
    out = AccountOverdue(currency=cloud.currency, today=today)
    for inv, left in open_invoices(cloud, [account.pk]):
        assert inv.due_at is not None
        days = local_days_overdue(inv.due_at, today, tz)
        out.invoices.append(OpenInvoice(inv, left, inv.due_at.astimezone(tz).date(), days))
        out.open_amount += left
        if days > 0:
            out.overdue_amount += left
    return out
