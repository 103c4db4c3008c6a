"""From loaded inputs to invoice bodies: rating a cloud for one period.

Pure over the loaded data (no queries): the retail lines of every account with
its discounts and totals, and the wholesale lines with the cloud's allowance and
totals. The bill run persists what comes out; ``invoice_regenerate`` and the
usage report reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from cambill.clouds.models import Cloud
from cambill.core.money import percent_of, round_price
from cambill.core.periods import Period
from cambill.einvoice.legal import vat_exemption
from cambill.rating import (
    DiscountLine,
    RetailLine,
    Totals,
    WholesaleResult,
    apply_discounts,
    invoice_totals,
    rate_retail,
)
from cambill.rating.wholesale import WholesaleUnits, price_wholesale, wholesale_units

from . import sales_lines
from .advance import advance_parts, advance_rows
from .inputs import AccountInfo, RatingInputs
from .labels import label
from .models import LineKind
from .offline_credits import offline_credit_rows, offline_credits_by_account, retail_suspensions
from .rows import LineRow, dates_text, tariff_row


@dataclass
class RatedAccount:
    """One account's retail invoice body."""

    account: AccountInfo
    lines: list[RetailLine]
    discounts: list[DiscountLine]
    totals: Totals
    metered: list[Any] = field(default_factory=list)
    adjustments: list[Any] = field(default_factory=list)
    one_offs: list[Any] = field(default_factory=list)
    coupons: list[Any] = field(default_factory=list)
    offline_credits: list[Any] = field(default_factory=list)
    # Billing in advance: the advance lines and the true-up (.advance.AdvancePart).
    advance: Any = None


@dataclass
class RatedCloud:
    """A cloud's period, rated: retail bodies by account id, and the wholesale body."""

    period: Period
    inputs: RatingInputs
    accounts: list[RatedAccount]
    wholesale: WholesaleResult | None
    wholesale_totals: Totals | None


def rate_accounts(cloud: Cloud, period: Period, inputs: RatingInputs) -> list[RatedAccount]:
    """Retail invoice bodies of the accounts with charges, sorted by account id."""
    lines = rate_retail(
        period=period,
        intervals=inputs.intervals,
        tariffs=inputs.tariffs,
        proration=cloud.proration,  # type: ignore[arg-type]
        currency=cloud.currency,
        account_trial_until=inputs.account_trials,
        account_suspensions=retail_suspensions(cloud, inputs),
    )
    credits = offline_credits_by_account(cloud, period, lines, inputs)
    by_account: dict[str, list[RetailLine]] = {}
    for ln in lines:
        bucket = by_account.get(ln.account)
        if bucket is None:
            by_account[ln.account] = [ln]
        else:
            bucket.append(ln)
    out: list[RatedAccount] = []
    tax = cloud.tax_percent
    currency = cloud.currency
    ahead = advance_parts(cloud, period, inputs)
    for code in (*inputs.metered, *inputs.adjustments, *inputs.charges, *ahead):
        by_account.setdefault(code, [])
    tariff_keys = {t.code: key for key, t in inputs.tariff_info.items()}
    for code, acc_lines in by_account.items():
        metered = inputs.metered.get(code, [])
        adjustments = inputs.adjustments.get(code, [])
        amounts = [ln.amount for ln in acc_lines] + [m.amount for m in metered]
        part = ahead.get(code)
        if part is not None:
            amounts += part.amounts
        offline = credits.get(code, [])
        amounts += [c.amount for c in offline]
        discounts = inputs.discounts.get(code)
        dlines: list[DiscountLine] = []
        if discounts:
            # Late usage of an earlier period is priced as that period's usage:
            # this period's (dated) account discounts do not apply to it.
            dlines = apply_discounts(sum(amounts, Decimal(0)), discounts, period, currency)
        amounts += [a.amount for a in adjustments]
        one_offs = sales_lines.one_off_lines(inputs.charges.get(code, ()), currency)
        amounts += [o.amount for o in one_offs]
        coupons = sales_lines.coupon_lines(
            coupons=inputs.coupons.get(code, ()),
            tariff_lines=acc_lines,
            metered=metered,
            adjustments=adjustments,
            all_amounts=amounts,
            discounts=dlines,
            tariff_keys=tariff_keys,
            currency=currency,
        )
        allowances = [d.amount for d in dlines] + [c.amount for c in coupons]
        # an account in an EN 16931 VAT category without VAT (reverse charge, exempt, ...)
        # is rated at 0 % (cambill.einvoice.legal.vat_exemption)
        info = inputs.accounts.get(code)
        exempt = info is not None and vat_exemption(info.einvoice) is not None
        totals = invoice_totals(amounts, allowances, Decimal(0) if exempt else tax, currency)
        out.append(
            RatedAccount(
                inputs.accounts[code],
                acc_lines,
                dlines,
                totals,
                metered,
                adjustments,
                one_offs=one_offs,
                coupons=coupons,
                offline_credits=offline,
                advance=part,
            )
        )
    out.sort(key=lambda r: r.account.id)
    return out


def cloud_wholesale_units(cloud: Cloud, period: Period, inputs: RatingInputs) -> WholesaleUnits:
    """The exact units the wholesale invoice prices, over ``inputs``' intervals
    (the whole cloud, or a fanned-out chunk's share: they add up exactly)."""
    return wholesale_units(
        period=period,
        intervals=inputs.intervals,
        tariffs=inputs.tariffs,
        proration=cloud.proration,  # type: ignore[arg-type]
        cloud_trial_until=cloud.trial_until,
        account_suspensions=inputs.suspensions,
        billed_while_suspended=inputs.billed_while_suspended,
        discount_percent=cloud.discount_percent,
    )


def price_cloud_wholesale(
    cloud: Cloud, period: Period, units: WholesaleUnits, inputs: RatingInputs
) -> tuple[WholesaleResult, Totals]:
    """The wholesale body and totals from the (summed) units, with the cloud's
    prices, metered services and late adjustments in ``inputs``."""
    result = price_wholesale(
        period=period,
        units=units,
        currency=cloud.currency,
        service_prices=inputs.service_prices,
        discount_percent=cloud.discount_percent,
    )
    amounts = [ln.amount for ln in result.lines]
    if inputs.wholesale_metered or inputs.wholesale_adjustments:
        # Metered provider services (and late usage of earlier periods, which
        # the cloud's discount covered there too) join the lines the discount
        # applies to: the allowance stays one rounding of the sum of all lines.
        amounts += [m.amount for m in inputs.wholesale_metered]
        amounts += [a.amount for a in inputs.wholesale_adjustments]
        lines_total = sum(amounts, Decimal(0))
        allowance = -percent_of(lines_total, cloud.discount_percent, cloud.currency)
        result = replace(
            result, lines_total=lines_total, discount=allowance, net=lines_total + allowance
        )
    allowances = [result.discount] if result.discount else []
    totals = invoice_totals(amounts, allowances, cloud.wholesale_tax_percent, cloud.currency)
    return result, totals


def rate_cloud_wholesale(
    cloud: Cloud, period: Period, inputs: RatingInputs
) -> tuple[WholesaleResult, Totals]:
    return price_cloud_wholesale(
        cloud, period, cloud_wholesale_units(cloud, period, inputs), inputs
    )


def rate_cloud(cloud: Cloud, period: Period, inputs: RatingInputs) -> RatedCloud:
    wholesale, wtotals = rate_cloud_wholesale(cloud, period, inputs)
    return RatedCloud(
        period=period,
        inputs=inputs,
        accounts=rate_accounts(cloud, period, inputs),
        wholesale=wholesale,
        wholesale_totals=wtotals,
    )


# --- line rows ---------------------------------------------------------------


def retail_rows(rated: RatedAccount, inputs: RatingInputs, lang: str) -> list[LineRow]:
    rows: list[LineRow] = []
    cam_label = label(lang, "camera")
    info = inputs.tariff_info
    rows.extend(tariff_row(ln, info, lang) for ln in rated.lines)
    rows += advance_rows(rated.advance, inputs, lang)
    rows += offline_credit_rows(rated.offline_credits, lang)
    for m in rated.metered:
        rows.append(
            LineRow(
                kind=LineKind.METERED,
                description=f"{cam_label} {m.camera_code}, {m.description} ({m.meter_code})"[:300],
                camera=m.camera_code,
                tariff=m.tariff_code,
                # A retail line has no provider service: the meter code here
                # lets late usage find what was billed (cambill.usage.late).
                service=m.meter_code,
                account=m.account_code,
                quantity=round_price(m.quantity_exact),
                unit_price=round_price(m.amount_exact / m.quantity_exact)
                if m.quantity_exact
                else Decimal(0),
                amount=m.amount,
            )
        )
    for a in rated.adjustments:
        rows.append(
            LineRow(
                kind=LineKind.ADJUSTMENT,
                description=f"{label(lang, 'late_usage', period=a.period)}: {cam_label} "
                f"{a.camera_code}, {a.description} ({a.meter_code})"[:300],
                camera=a.camera_code,
                tariff=a.tariff_code,
                service=a.meter_code,
                account=a.account_code,
                date_from=a.first_day,
                date_to=a.last_day,
                quantity=a.quantity,
                unit_price=a.unit_price,
                amount=a.amount,
            )
        )
    rows += sales_lines.one_off_rows(rated.one_offs, rated.account.code, lang)
    for d in rated.discounts:
        desc = d.description or (
            f"{label(lang, 'discount_line')} {d.value.normalize():f} %"
            if d.kind == "percent"
            else label(lang, "discount_line")
        )
        rows.append(
            LineRow(
                kind=LineKind.DISCOUNT,
                description=desc[:300],
                account=rated.account.code,
                days=Decimal(d.valid_days),
                quantity=Decimal(1),
                unit_price=d.amount,
                amount=d.amount,
            )
        )
    rows += sales_lines.coupon_rows(rated.coupons, rated.account.code, lang)
    return rows


def wholesale_rows(
    result: WholesaleResult, inputs: RatingInputs, period: Period, lang: str
) -> list[LineRow]:
    rows: list[LineRow] = []
    last_day = period.next_first_day - timedelta(days=1)
    # The catalogue's order (services by creation), then price segments in time.
    ordered = sorted(
        result.lines, key=lambda ln: (inputs.service_order.get(ln.service, 0), ln.first_day)
    )
    for ln in ordered:
        name = inputs.service_names.get(ln.service, ln.service)
        desc = f"{name} ({ln.service})"
        if ln.first_day != period.first_day or ln.last_day != last_day:
            desc += f", {dates_text(lang, ln.first_day, ln.last_day)}"
        rows.append(
            LineRow(
                kind=LineKind.SERVICE,
                description=desc[:300],
                service=ln.service,
                date_from=ln.first_day,
                date_to=ln.last_day,
                # Wholesale lines count unit-days here (the quantity is in unit-months).
                days=ln.unit_days,
                quantity=ln.quantity_display,
                unit_price=ln.unit_price,
                amount=ln.amount,
            )
        )
    for m in inputs.wholesale_metered:
        name = inputs.service_names.get(m.service_code, m.service_code)
        rows.append(
            LineRow(
                kind=LineKind.METERED,
                description=f"{name} ({m.service_code}), {m.quantity.normalize():f} {m.unit}"[:300],
                service=m.service_code,
                date_from=period.first_day,
                date_to=last_day,
                quantity=round_price(m.quantity_exact),
                unit_price=round_price(m.amount_exact / m.quantity_exact)
                if m.quantity_exact
                else Decimal(0),
                amount=m.amount,
            )
        )
    for a in inputs.wholesale_adjustments:
        name = inputs.service_names.get(a.key, a.description)
        rows.append(
            LineRow(
                kind=LineKind.ADJUSTMENT,
                description=f"{label(lang, 'late_usage', period=a.period)}: {name} ({a.key}), "
                f"{a.quantity.normalize():f} {a.unit}"[:300],
                service=a.key,
                date_from=a.first_day,
                date_to=a.last_day,
                quantity=a.quantity,
                unit_price=a.unit_price,
                amount=a.amount,
            )
        )
    if result.discount:
        pct = result.discount_percent.normalize()
        rows.append(
            LineRow(
                kind=LineKind.DISCOUNT,
                description=label(lang, "wholesale_discount", percent=f"{pct:f}"),
                quantity=Decimal(1),
                unit_price=result.discount,
                amount=result.discount,
            )
        )
    return rows
