"""Billing in advance with a true-up (cloud setting ``billing_timing = advance``).

The retail invoice of period P, run on or after P's first day, holds:

* **in advance**: per camera holding a tariff at P's local start, that tariff's
  full monthly price for P (the price in effect on P's first day), less the
  days (``day``) or seconds (``second``) of P inside the account's trial, by
  the same trial rule as arrears (:mod:`cambill.rating.retail`);
* **the true-up of P-1**: P-1's arrears lines exactly as an arrears cloud
  computes them (:func:`cambill.rating.rate_retail`, plus metered charges and
  late usage, assembled by the invoicing layer), and per camera a negative
  line equal to what earlier invoices already charged that camera for P-1 in
  advance.

So what every month finally costs is what arrears would charge. The switches
between the two settings are made safe by two facts the invoicing layer reads
from the stored lines of earlier invoices and passes in here:

* ``charged_in_advance``: per (account, camera), the advance lines that cover
  a month (they can only sit on that month's own invoice);
* ``settled``: the accounts whose arrears of a month are already on another
  invoice (an arrears invoice of that month, or a true-up already made). Those
  are never billed again, whichever invoice comes first.

Pure functions over plain data: no ORM, no clock.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from cambill.core.periods import Period

from .prices import price_at
from .retail import rate_retail, rate_retail_detailed
from .types import Interval, PricePoint, Proration, RetailLine, Tariff


@dataclass(frozen=True, slots=True)
class AdvanceLine:
    """A camera's recurring charge for the coming period, billed ahead.

    ``days`` and ``quantity`` are what is charged (the trial part of P left
    out, ``trial_days`` of it); ``amount`` = round(unit_price x quantity).
    """

    account: str
    camera: str
    tariff: str
    first_day: date
    last_day: date
    days: int | Decimal
    unit_price: Decimal
    quantity: Fraction
    amount: Decimal
    trial_days: int | Decimal = 0


@dataclass(frozen=True, slots=True)
class Reversal:
    """The true-up's negative line: what earlier invoices charged a camera for
    the trued-up month in advance (``amount`` is negative or zero)."""

    account: str
    camera: str
    tariff: str
    charged: Decimal

    @property
    def amount(self) -> Decimal:
        return -self.charged


@dataclass(frozen=True, slots=True)
class TrueUp:
    """The true-up of one month: its arrears lines and the advance reversals."""

    period: Period
    lines: tuple[RetailLine, ...]
    reversals: tuple[Reversal, ...]


def held_at_start(intervals: Sequence[Interval], period: Period) -> list[Interval]:
    """The intervals in force at P's local start, one per camera (they never overlap)."""
    start = period.start
    return [iv for iv in intervals if iv.start <= start and (iv.end is None or iv.end > start)]


def rate_advance(
    *,
    period: Period,
    intervals: Sequence[Interval],
    tariffs: Mapping[str, Tariff],
    proration: Proration,
    currency: str,
    account_trial_until: Mapping[str, datetime | None],
) -> list[AdvanceLine]:
    """The in-advance lines of ``period``, sorted by account and camera.

    Each camera holding a tariff at P's start is rated as if it held it the
    whole of P at the price of P's first day (a price change inside P or a
    later change of tariff is the true-up's business), through the arrears
    engine, so the trial is prorated exactly as the cloud prorates.
    """
    held = held_at_start(intervals, period)
    if not held:
        return []
    first = period.first_day
    flat: dict[str, Tariff] = {}
    for key, t in tariffs.items():
        point = price_at(t.prices, first)
        prices = (PricePoint(first, point.amount),) if point is not None else ()
        flat[key] = Tariff(t.code, t.name, prices, t.components)

    def engine(ivs: list[Interval], trials: Mapping[str, datetime | None]) -> list[RetailLine]:
        return list(
            rate_retail_detailed(
                period=period,
                intervals=ivs,
                tariffs=flat,
                proration=proration,
                currency=currency,
                account_trial_until=trials,
            ).lines
        )

    # Most cameras are charged the whole month: one engine line per tariff is
    # the template; cameras of accounts in a trial (or an unknown or unpriced
    # tariff, for the engine's error) go through the engine one by one.
    templates: dict[str, RetailLine] = {}
    out: list[AdvanceLine] = []
    slow: list[Interval] = []
    for iv in held:
        until = account_trial_until.get(iv.account)
        known = iv.tariff in flat and flat[iv.tariff].prices
        if not known or (until is not None and until > period.start):
            slow.append(Interval(iv.camera, iv.account, iv.tariff, period.start, None))
            continue
        tpl = templates.get(iv.tariff)
        if tpl is None:
            tpl = engine([Interval("", "", iv.tariff, period.start, None)], {})[0]
            templates[iv.tariff] = tpl
        out.append(_line(tpl, iv.account, iv.camera))
    if slow:
        out += [_line(ln, ln.account, ln.camera) for ln in engine(slow, account_trial_until)]
    out.sort(key=lambda a: (a.account, a.camera))
    return out


def _line(ln: RetailLine, account: str, camera: str) -> AdvanceLine:
    return AdvanceLine(
        account=account,
        camera=camera,
        tariff=ln.tariff,
        first_day=ln.first_day,
        last_day=ln.last_day,
        days=ln.days,
        unit_price=ln.unit_price,
        quantity=ln.quantity,
        amount=ln.amount,
        trial_days=ln.trial_days,
    )


def rate_true_up(
    *,
    period: Period,
    intervals: Sequence[Interval],
    tariffs: Mapping[str, Tariff],
    proration: Proration,
    currency: str,
    account_trial_until: Mapping[str, datetime | None],
    charged_in_advance: Mapping[tuple[str, str], tuple[str, Decimal]],
    settled: Collection[str] = (),
    account_suspensions: Mapping[str, Sequence[Any]] | None = None,
) -> TrueUp:
    """The true-up of ``period`` (P-1 for the invoice of P).

    ``charged_in_advance`` maps (account, camera) to (tariff code shown,
    amount) charged earlier for ``period`` in advance; ``settled`` are the
    accounts whose arrears of ``period`` are already on another invoice: they
    get neither arrears lines nor reversals here.
    """
    todo = [iv for iv in intervals if iv.account not in settled]
    lines = rate_retail(
        period=period,
        intervals=todo,
        tariffs=tariffs,
        proration=proration,
        currency=currency,
        account_trial_until=account_trial_until,
        account_suspensions=account_suspensions,
    )
    reversals = tuple(
        Reversal(account=acc, camera=cam, tariff=tariff, charged=amount)
        for (acc, cam), (tariff, amount) in sorted(charged_in_advance.items())
        if acc not in settled and amount
    )
    return TrueUp(period=period, lines=tuple(lines), reversals=reversals)
