"""Plain data the rating engine works on and returns.

Everything here is a frozen dataclass with no ORM behind it: the bill run loads
rows from the database, turns them into these values, calls the pure functions
of :mod:`cambill.rating` and stores what comes back. Amounts are ``Decimal``;
quantities that feed a rounding stay exact as ``Fraction`` so that every line is
rounded exactly once (ARCHITECTURE.md, "Rules of money and time").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal

Proration = Literal["day", "second"]
"""Cloud setting: bill whole local days (``day``) or exact seconds (``second``)."""

PRORATIONS: tuple[Proration, ...] = ("day", "second")


@dataclass(frozen=True, slots=True)
class PricePoint:
    """An effective-dated price.

    ``valid_from`` is a LOCAL date in the cloud's time zone: the price applies to
    every local day from that date on, until the next point. A camera-day is
    priced at the point in effect at the start of that day.
    """

    valid_from: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Component:
    """One service a tariff consumes per camera, e.g. ``REC_DAY x 7``."""

    service: str
    quantity: Decimal


@dataclass(frozen=True, slots=True)
class Tariff:
    """A tariff plan: retail price per camera-month and the services it consumes."""

    code: str
    name: str
    prices: tuple[PricePoint, ...]
    components: tuple[Component, ...]


@dataclass(frozen=True, slots=True)
class Interval:
    """A camera holds ``tariff`` while owned by ``account`` during ``[start, end)``.

    ``start``/``end`` are aware instants (UTC by convention); ``end`` None means
    the interval is still open. Intervals of one camera never overlap.
    """

    camera: str
    account: str
    tariff: str
    start: datetime
    end: datetime | None


@dataclass(frozen=True, slots=True)
class Discount:
    """An account discount: a percentage of the net or a fixed amount per month.

    ``valid_from`` (inclusive) and ``valid_to`` (exclusive) are local dates;
    None means unbounded on that side.
    """

    kind: Literal["percent", "fixed"]
    value: Decimal
    valid_from: date | None
    valid_to: date | None
    description: str = ""


# --------------------------------------------------------------------------- retail


@dataclass(frozen=True, slots=True)
class RetailLine:
    """One charged invoice line: one camera on one tariff at one price.

    ``start``/``end`` are the UTC instants of the charged piece clipped to the
    period (a piece split off by a price change or a trial end starts or ends at
    the local midnight of the split day). ``first_day``/``last_day`` are the
    local days billed. ``days`` is an ``int`` under ``day`` proration and, under
    ``second``, a display ``Decimal`` of seconds / 86,400 with 4 places.
    ``quantity`` is the exact fraction of a month billed (days / days in month,
    or seconds / seconds in the period); ``amount`` = round(unit_price x
    quantity), rounded once. ``trial_days`` counts the days (same unit as
    ``days``) of the same camera, tariff and price that were waived by the
    account's trial just before ``first_day``; they are NOT in ``days``.
    """

    account: str
    camera: str
    tariff: str
    start: datetime
    end: datetime
    first_day: date
    last_day: date
    days: int | Decimal
    unit_price: Decimal
    quantity: Fraction
    amount: Decimal
    trial_days: int | Decimal = 0


@dataclass(frozen=True, slots=True)
class TrialLine:
    """A piece of a camera's tariff time waived by the account's trial.

    Not an invoice line: reports show it ("9 trial days") and, when a whole
    interval is free, it is the only trace of the camera in the period.
    ``waived_amount`` is what the piece would have cost, rounded once.
    """

    account: str
    camera: str
    tariff: str
    start: datetime
    end: datetime
    first_day: date
    last_day: date
    days: int | Decimal
    unit_price: Decimal
    quantity: Fraction
    waived_amount: Decimal


@dataclass(frozen=True, slots=True)
class RetailResult:
    """Charged lines (sorted by account, camera, start) and waived trial pieces."""

    lines: tuple[RetailLine, ...]
    trial: tuple[TrialLine, ...]


# ------------------------------------------------------------------------ wholesale


@dataclass(frozen=True, slots=True)
class WholesaleLine:
    """One wholesale line: one service at one price.

    ``quantity`` is exact unit-months (sum over camera-days of component
    quantity / days in month, or the ``second`` equivalent);
    ``quantity_display`` is the same with 6 places for the document.
    ``unit_days`` = quantity x days in month (exact under ``day``, 4 places
    under ``second``). ``amount`` = round(unit_price x quantity), rounded once.
    ``first_day``/``last_day`` bound the price segment of the period.
    """

    service: str
    first_day: date
    last_day: date
    unit_price: Decimal
    unit_days: Decimal
    quantity: Fraction
    quantity_display: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ServiceUsage:
    """Per-service usage for reports: billed and cloud-trial-waived unit-days."""

    service: str
    unit_days: Decimal
    unit_months: Fraction
    trial_unit_days: Decimal


@dataclass(frozen=True, slots=True)
class WholesaleResult:
    """The provider-to-cloud invoice body before tax.

    ``discount`` is the cloud's document-level allowance, a NEGATIVE amount
    ``-round(lines_total x discount%)``; ``net`` = ``lines_total + discount``.
    """

    lines: tuple[WholesaleLine, ...]
    lines_total: Decimal
    discount_percent: Decimal
    discount: Decimal
    net: Decimal
    usage: tuple[ServiceUsage, ...]

    @property
    def unit_days(self) -> dict[str, Decimal]:
        """Billed unit-days per service code."""
        return {u.service: u.unit_days for u in self.usage}


# ------------------------------------------------------------------ discounts, totals


@dataclass(frozen=True, slots=True)
class DiscountLine:
    """An account discount on the invoice: ``amount`` is NEGATIVE (an allowance).

    ``valid_days`` of ``days_in_month`` is the share of the period in which
    the discount was valid; ``capped`` tells that the amount was cut so the
    invoice never goes below zero.
    """

    description: str
    kind: Literal["percent", "fixed"]
    value: Decimal
    valid_days: int
    days_in_month: int
    amount: Decimal
    capped: bool = False


@dataclass(frozen=True, slots=True)
class Totals:
    """Invoice totals: sums of rounded lines; tax = round(net x rate)."""

    subtotal: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal
    currency: str
