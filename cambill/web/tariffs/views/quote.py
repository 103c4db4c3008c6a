"""The tariff builder's figures: what one camera-month of a tariff costs THIS
cloud at wholesale, what it sells for, and the margin between them.

Nothing is priced here: the components are handed to the rating engine
(``rate_wholesale`` and ``rate_retail``) as one camera holding the tariff for
the whole current month, with the cloud's own prices (its individual price,
else the provider's list price, as in force today) and its discount. So the
builder shows exactly what a bill run would charge for such a camera: each
service line rounded once, the cloud's discount one allowance on their sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from cambill.catalog.selectors import price_on, price_points
from cambill.core.money import quantum
from cambill.core.periods import Period
from cambill.rating import (
    Component,
    Interval,
    PricePoint,
    Tariff,
    rate_retail,
    rate_wholesale,
)

QUOTE = "quote"
PERCENT_STEP = Decimal("0.01")


@dataclass(frozen=True)
class QuoteRow:
    """One component: the service, its quantity per camera, and what it costs."""

    service: Any
    quantity: Decimal
    unit_price: Decimal | None
    individual: bool  # the cloud's own price rather than the provider's list price
    amount: Decimal | None  # round(unit price x quantity), before the cloud's discount
    share_percent: Decimal | None  # of the retail price this line consumes


@dataclass(frozen=True)
class Quote:
    """A tariff's camera-month economics for one cloud, as of ``day``."""

    currency: str
    day: date
    rows: list[QuoteRow]
    missing: list[str]  # service codes with no wholesale price in the cloud's currency
    lines_total: Decimal
    discount_percent: Decimal
    discount: Decimal  # negative: the cloud's allowance
    cost: Decimal  # wholesale cost after the discount
    retail: Decimal | None
    margin: Decimal | None
    margin_percent: Decimal | None  # margin as a share of the retail price

    @property
    def negative(self) -> bool:
        return self.margin is not None and self.margin < 0

    @property
    def complete(self) -> bool:
        return not self.missing


def _percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(PERCENT_STEP)


def tariff_quote(
    *,
    cloud: Any,
    components: Sequence[tuple[Any, Decimal]],
    retail_price: Decimal | None,
    day: date,
) -> Quote:
    """``components`` are ``(Service, quantity)`` (each service once);
    ``retail_price`` is the tariff's monthly price (None when not typed yet);
    ``day`` is today in the cloud's zone (the prices in force that day)."""
    currency = cloud.currency
    period = Period(day.year, day.month, cloud.timezone)
    first = period.first_day
    prices: dict[str, tuple[PricePoint, ...]] = {}
    flags: dict[str, tuple[Decimal | None, bool]] = {}
    missing: list[str] = []
    for service, _qty in components:
        amount = price_on(price_points(service.pk, currency, cloud.pk), day)
        flags[service.code] = (amount, _individual_on(cloud, service, day))
        if amount is None:
            missing.append(service.code)
        else:
            # Today's price for the whole month: a camera-month as quoted now.
            prices[service.code] = (PricePoint(first, amount),)
    priced = [(s, q) for s, q in components if s.code in prices]
    one_camera = [Interval(QUOTE, QUOTE, QUOTE, period.start, None)]
    tariff = Tariff(
        code=QUOTE,
        name=QUOTE,
        prices=(PricePoint(first, retail_price if retail_price is not None else Decimal(0)),),
        components=tuple(Component(s.code, q) for s, q in priced),
    )
    wholesale = rate_wholesale(
        period=period,
        intervals=one_camera,
        tariffs={QUOTE: tariff},
        proration=cloud.proration,
        currency=currency,
        service_prices=prices,
        discount_percent=cloud.discount_percent,
        cloud_trial_until=None,  # a quote is the steady state, after any trial
    )
    retail: Decimal | None = None
    if retail_price is not None:
        lines = rate_retail(
            period=period,
            intervals=one_camera,
            tariffs={QUOTE: tariff},
            proration=cloud.proration,
            currency=currency,
            account_trial_until={},
        )
        retail = sum((ln.amount for ln in lines), Decimal(0)).quantize(quantum(currency))
    amounts = {ln.service: ln.amount for ln in wholesale.lines}
    rows = []
    for service, qty in components:
        unit_price, individual = flags[service.code]
        amount = amounts.get(service.code)
        if amount is None and unit_price is not None:
            amount = Decimal(0).quantize(quantum(currency))
        rows.append(
            QuoteRow(
                service=service,
                quantity=qty,
                unit_price=unit_price,
                individual=individual,
                amount=amount,
                share_percent=_percent(amount, retail) if amount is not None else None,
            )
        )
    cost = wholesale.net
    margin = None if retail is None else retail - cost
    return Quote(
        currency=currency,
        day=day,
        rows=rows,
        missing=missing,
        lines_total=wholesale.lines_total,
        discount_percent=cloud.discount_percent,
        discount=wholesale.discount,
        cost=cost,
        retail=retail,
        margin=margin,
        margin_percent=None if margin is None else _percent(margin, retail),
    )


def _individual_on(cloud: Any, service: Any, day: date) -> bool:
    """Whether the price in force on ``day`` is the cloud's own (not the list price)."""
    from cambill.catalog.selectors import has_individual_price

    return has_individual_price(cloud=cloud, service=service, day=day)


__all__ = ["ExtraRow", "Quote", "QuoteRow", "extras_quote", "tariff_quote"]


@dataclass(frozen=True)
class ExtraRow:
    """One metered extra at a sample quantity of one camera-month: what the
    subscriber pays for it, what that usage costs the cloud (its metered
    provider services on the same meter, priced alone) and the margin."""

    meter: str
    description: str
    sample: Decimal
    billable: Decimal  # beyond the allowance
    charge: Decimal
    cost: Decimal | None  # None: a provider service on the meter has no price here
    margin: Decimal | None


def extras_quote(*, cloud: Any, extras: Sequence[dict[str, Any]], day: date) -> list[ExtraRow]:
    """``extras`` are ``{"meter", "description", "included_per_camera", "pricing",
    "sample"}`` (pricing validated); each amount rounded once, as an invoice line."""
    from cambill.core.money import round_money
    from cambill.rating.pricing_models import PricingModel, billable_beyond, price_beyond
    from cambill.usage.selectors import metered_costs

    rows = []
    for x in extras:
        sample = x["sample"]
        charge = round_money(
            price_beyond(PricingModel.from_dict(x["pricing"]), sample, x["included_per_camera"]),
            cloud.currency,
        )
        cost: Decimal | None = Decimal(0)
        for c in metered_costs(meter=x["meter"], currency=cloud.currency, day=day):
            if c["pricing"] is None:
                cost = None
                break
            amount = price_beyond(
                PricingModel.from_dict(c["pricing"]), sample, c["included_per_camera"]
            )
            cost += round_money(amount, cloud.currency)  # type: ignore[operator]
        if cost is not None:
            cost = cost.quantize(quantum(cloud.currency))
        rows.append(
            ExtraRow(
                meter=x["meter"],
                description=x["description"],
                sample=sample,
                billable=Decimal(billable_beyond(sample, x["included_per_camera"]).numerator)
                / Decimal(billable_beyond(sample, x["included_per_camera"]).denominator),
                charge=charge,
                cost=cost,
                margin=None if cost is None else charge - cost,
            )
        )
    return rows
