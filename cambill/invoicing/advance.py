"""Billing in advance with a true-up: loading, rating and line rows.

A cloud with ``billing_timing = advance`` bills period P on P's first day
(after the grace period): the recurring charge of P ahead, then the true-up
of P-1 (:mod:`cambill.rating.advance`). An arrears invoice also carries a
true-up when the month before it was billed in advance (a cloud that switched
back), and leaves out the accounts whose month is already trued up elsewhere.
Whatever the switches, a camera-day is billed once at the arrears amount.

What earlier invoices did is read from their stored lines (never from the
cloud's current setting): lines are dated with the days they price, so

* *charged in advance for month M*: ``advance`` lines dated in M, less what
  credit notes gave back on them, on non-void invoices;
* *M's arrears already billed* (settled): ``tariff`` or ``metered`` lines
  dated in M (a true-up), or undated ``metered`` lines of M's own invoice (an
  arrears invoice), on non-void invoices other than the one being made.

Line kinds on the invoice: ``advance`` (P ahead), then the true-up of P-1 as
``tariff`` and ``metered`` lines like an arrears invoice's (described
"True-up of <month>: ..."; metered ones dated with P-1's first and last day),
and one ``true_up`` line per camera, negative: what was charged ahead for P-1.
Account discounts of P apply to the whole invoice (advance and true-up).
Late usage of earlier months goes on P's invoice as on an arrears invoice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel.dates import format_skeleton
from django.db.models import Q, Sum

from cambill.clouds.models import BillingTiming, Cloud
from cambill.core import languages
from cambill.core.money import round_price
from cambill.core.periods import Period
from cambill.rating import RetailLine
from cambill.rating.advance import AdvanceLine, Reversal, rate_advance, rate_true_up

from .inputs import AccountRange, RatingInputs, load_inputs
from .labels import label
from .models import InvoiceKind, InvoiceLine, InvoiceStatus, LineKind
from .offline_credits import offline_credit_rows, offline_credits_by_account, retail_suspensions
from .rows import LineRow, tariff_row


@dataclass
class AdvanceInputs:
    """What an invoice needs beyond its period's arrears inputs."""

    ahead: bool  # the invoice bills its period in advance
    start_intervals: list[Any]  # intervals in force at the period's start
    true_up: RatingInputs | None = None  # the previous month's inputs
    true_up_period: Period | None = None
    charged: dict[tuple[str, str], tuple[str, Decimal]] = field(default_factory=dict)
    settled: set[str] = field(default_factory=set)


@dataclass
class AdvancePart:
    """One account's advance lines and true-up (amounts rounded once each)."""

    period: Period | None
    advance: list[AdvanceLine] = field(default_factory=list)
    true_up: list[RetailLine] = field(default_factory=list)
    true_up_metered: list[Any] = field(default_factory=list)
    reversals: list[Reversal] = field(default_factory=list)
    # The offline credits of the trued-up month, as an arrears invoice of it credits them.
    true_up_credits: list[Any] = field(default_factory=list)

    @property
    def amounts(self) -> list[Decimal]:
        return [
            *(x.amount for x in self.advance),
            *(x.amount for x in self.true_up),
            *(x.amount for x in self.true_up_metered),
            *(x.amount for x in self.reversals),
            *(x.amount for x in self.true_up_credits),
        ]


# --- what earlier invoices did --------------------------------------------------


def _live_lines(cloud: Cloud, own_period: str) -> Any:
    return (
        InvoiceLine.objects.filter(cloud=cloud, invoice__kind=InvoiceKind.RETAIL)
        .exclude(invoice__status=InvoiceStatus.VOID)
        .exclude(invoice__period=own_period)
    )


def _in_month(m: Period) -> Q:
    return Q(date_from__gte=m.first_day, date_from__lt=m.next_first_day)


def month_billed_ahead(cloud: Cloud, month: Period) -> bool:
    """Whether the cloud billed ``month`` in advance: its run was created before
    the month ended (an arrears run cannot be), or some invoice charged it ahead
    (a run made with no camera held at the month's start has no advance line,
    yet the month still needs its true-up)."""
    from .models import BillRun

    if BillRun.objects.filter(cloud=cloud, period=month.key, created_at__lt=month.end).exists():
        return True
    return (
        InvoiceLine.objects.filter(cloud=cloud, kind=LineKind.ADVANCE)
        .filter(_in_month(month))
        .exclude(invoice__status=InvoiceStatus.VOID)
        .exists()
    )


def charged_in_advance(
    cloud: Cloud, month: Period, own_period: str, codes: dict[int, str]
) -> dict[tuple[str, str], tuple[str, Decimal]]:
    """Per (account code, camera): (tariff shown, net amount charged ahead for ``month``)."""
    from .models import CreditNoteLine

    out: dict[tuple[str, str], tuple[str, Decimal]] = {}
    lines = _live_lines(cloud, own_period).filter(kind=LineKind.ADVANCE).filter(_in_month(month))
    # What credit notes gave back on those lines (rare: one small query).
    credited = dict(
        CreditNoteLine.objects.filter(cloud=cloud, invoice_line__in=lines.values("pk"))
        .values_list("invoice_line_id")
        .annotate(total=Sum("amount"))
    )
    rows = lines.values_list("pk", "invoice__account_id", "camera", "tariff", "amount")
    for pk, acc_id, camera, tariff, amount in rows:
        code = codes.get(acc_id)
        if code is None:
            continue
        key = (code, camera)
        prev = out.get(key, ("", Decimal(0)))
        out[key] = (prev[0] or tariff, prev[1] + amount - credited.get(pk, Decimal(0)))
    return out


def settled_accounts(
    cloud: Cloud, month: Period, own_period: str, codes: dict[int, str]
) -> set[str]:
    """Accounts whose arrears of ``month`` are on another non-void invoice."""
    ids = (
        _live_lines(cloud, own_period)
        .filter(kind__in=[LineKind.TARIFF, LineKind.METERED])
        .filter(_in_month(month) | Q(date_from__isnull=True, invoice__period=month.key))
        .values_list("invoice__account_id", flat=True)
        .distinct()
    )
    return {codes[i] for i in ids if i in codes}


# --- loading ----------------------------------------------------------------------


def _merge(into: RatingInputs, other: RatingInputs) -> None:
    """The true-up's accounts and tariffs join the invoice's (display, trials)."""
    for code, account in other.accounts.items():
        into.accounts.setdefault(code, account)
    for key, info in other.tariff_info.items():
        into.tariff_info.setdefault(key, info)
    for code, ds in other.discounts.items():
        into.discounts.setdefault(code, ds)


def load_retail_inputs(
    cloud: Cloud,
    period: Period,
    *,
    account_ids: list[int] | None = None,
    account_range: AccountRange | None = None,
) -> RatingInputs:
    """The inputs of the retail invoices of ``period``, in the cloud's timing
    (narrowed to some accounts, or to an account-id range: :func:`.inputs.load_inputs`)."""
    narrow: dict[str, Any] = {"account_ids": account_ids, "account_range": account_range}
    prev = period.previous()
    ahead = cloud.billing_timing == BillingTiming.ADVANCE
    if not ahead:
        inputs = load_inputs(cloud, period.start, period.end, **narrow)
        later = _has_later_invoices(cloud, period)
        if not later and not month_billed_ahead(cloud, prev):
            return inputs  # the plain arrears invoice: nothing more to read
    else:
        inputs = load_inputs(
            cloud,
            period.start,
            period.end,
            **narrow,
            late_also_own=(prev.key,),
        )
    extra = AdvanceInputs(ahead=ahead, start_intervals=[])
    if ahead or month_billed_ahead(cloud, prev):
        tu = load_inputs(cloud, prev.start, prev.end, **narrow, with_late=False)
        _merge(inputs, tu)
        codes = {a.id: code for code, a in inputs.accounts.items()}
        extra.true_up = tu
        extra.true_up_period = prev
        extra.charged = charged_in_advance(cloud, prev, period.key, codes)
        extra.settled = settled_accounts(cloud, prev, period.key, codes)
    if ahead:
        # P's own usage is the next invoice's true-up: nothing of it in arrears here.
        extra.start_intervals = inputs.intervals
        inputs.intervals = []
        inputs.metered = {}
    else:
        codes = {a.id: code for code, a in inputs.accounts.items()}
        done = settled_accounts(cloud, period, period.key, codes)
        if done:  # trued up by the next month's advance invoice already
            inputs.intervals = [iv for iv in inputs.intervals if iv.account not in done]
            inputs.metered = {k: v for k, v in inputs.metered.items() if k not in done}
    inputs.advance = extra
    return inputs


def _has_later_invoices(cloud: Cloud, period: Period) -> bool:
    from .models import Invoice

    return Invoice.objects.filter(
        cloud=cloud, kind=InvoiceKind.RETAIL, period__gt=period.key
    ).exists()


def wholesale_jobs(
    cloud: Cloud, period: Period, inputs: RatingInputs
) -> list[tuple[Period, RatingInputs]]:
    """The wholesale invoices a retail run of ``period`` makes: always in
    arrears, so an advance run makes the previous month's, and an arrears run
    after a month billed in advance makes that month's too."""
    extra: AdvanceInputs | None = inputs.advance
    if extra is None:
        return [(period, inputs)]
    jobs: list[tuple[Period, RatingInputs]] = []
    if extra.true_up is not None and extra.true_up_period is not None:
        tu = extra.true_up
        if extra.ahead:
            # Late usage (computed once for the run) is billed to the cloud on
            # the wholesale invoice the run makes.
            tu.wholesale_adjustments = inputs.wholesale_adjustments
            tu.late = inputs.late
        jobs.append((extra.true_up_period, tu))
    if not extra.ahead:
        jobs.append((period, inputs))
    return jobs


# --- rating -------------------------------------------------------------------------


def advance_parts(cloud: Cloud, period: Period, inputs: RatingInputs) -> dict[str, AdvancePart]:
    """Per account code, the advance lines of ``period`` and the true-up of the month before."""
    extra: AdvanceInputs | None = inputs.advance
    if extra is None:
        return {}
    parts: dict[str, AdvancePart] = defaultdict(lambda: AdvancePart(extra.true_up_period))
    proration = cloud.proration  # type: ignore[assignment]
    trials = inputs.account_trials
    if extra.ahead:
        for a in rate_advance(
            period=period,
            intervals=extra.start_intervals,
            tariffs=inputs.tariffs,
            proration=proration,  # type: ignore[arg-type]
            currency=cloud.currency,
            account_trial_until=trials,
        ):
            parts[a.account].advance.append(a)
    if extra.true_up is not None and extra.true_up_period is not None:
        tu = extra.true_up
        result = rate_true_up(
            period=extra.true_up_period,
            intervals=tu.intervals,
            tariffs=tu.tariffs,
            proration=proration,  # type: ignore[arg-type]
            currency=cloud.currency,
            account_trial_until=trials,
            charged_in_advance=extra.charged,
            settled=extra.settled,
            # Suspended days skipped as an arrears invoice of that month skips them.
            account_suspensions=retail_suspensions(cloud, tu),
        )
        for ln in result.lines:
            parts[ln.account].true_up.append(ln)
        credits = offline_credits_by_account(cloud, extra.true_up_period, result.lines, tu)
        for code, acc_credits in credits.items():
            if code not in extra.settled:
                parts[code].true_up_credits.extend(acc_credits)
        for r in result.reversals:
            parts[r.account].reversals.append(r)
        for code, metered in tu.metered.items():
            if code not in extra.settled:
                parts[code].true_up_metered.extend(metered)
    return dict(parts)


# --- line rows ----------------------------------------------------------------------


@lru_cache(maxsize=256)
def _month_name(year: int, month: int, lang: str) -> str:
    return format_skeleton("yMMMM", date(year, month, 1), locale=languages.babel_locale(lang))


def month_name(period: Period, lang: str) -> str:
    """The month as "April 2026" in the invoice's language (babel formats, CLDR's words)."""
    return _month_name(period.year, period.month, lang)


def advance_rows(part: AdvancePart | None, inputs: RatingInputs, lang: str) -> list[Any]:
    """Rows of the advance lines, then the true-up (arrears lines, metered, less advance)."""
    if part is None:
        return []
    rows: list[LineRow] = []
    cam = label(lang, "camera")
    ahead, less = label(lang, "in_advance"), label(lang, "less_advance")
    info = inputs.tariff_info
    rows.extend(tariff_row(a, info, lang, head=ahead, kind=LineKind.ADVANCE) for a in part.advance)
    if part.period is None:
        return rows
    p = part.period
    head = label(lang, "true_up", period=month_name(p, lang))
    last = p.next_first_day - timedelta(days=1)
    rows.extend(tariff_row(ln, info, lang, head=head) for ln in part.true_up)
    for m in part.true_up_metered:
        rows.append(
            LineRow(
                kind=LineKind.METERED,
                description=f"{head}: {cam} {m.camera_code}, {m.description} ({m.meter_code})"[
                    :300
                ],
                camera=m.camera_code,
                tariff=m.tariff_code,
                service=m.meter_code,
                account=m.account_code,
                # Dated: late usage finds what was billed for the month by these dates.
                date_from=p.first_day,
                date_to=last,
                quantity=round_price(m.quantity_exact),
                unit_price=round_price(m.amount_exact / m.quantity_exact)
                if m.quantity_exact
                else Decimal(0),
                amount=m.amount,
            )
        )
    rows += offline_credit_rows(part.true_up_credits, lang, head=head)
    for r in part.reversals:
        rows.append(
            LineRow(
                kind=LineKind.TRUE_UP,
                description=f"{head}: {cam} {r.camera}, {less}"[:300],
                camera=r.camera,
                tariff=r.tariff,
                account=r.account,
                date_from=p.first_day,
                date_to=last,
                quantity=Decimal(1),
                unit_price=r.amount,
                amount=r.amount,
            )
        )
    return rows
