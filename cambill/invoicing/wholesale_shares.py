"""A fanned-out bill run's wholesale, summed from its chunks' shares.

Wholesale units are linear in the cameras' intervals (:class:`cambill.rating.
wholesale.WholesaleUnits`): each chunk stores, in its ``BillRunChunk`` row and
its own transaction, the exact units of its accounts per wholesale invoice it
feeds, per service and local day (fractions as ``"numerator/denominator"``
strings, never rounded). The finalisation sums them and prices each line once
with what is cloud-wide and small: the service prices, names and catalogue
order, the metered provider services and the late adjustments
(docs/decisions/0023-bill-run-fan-out.md).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from cambill.catalog.models import Service
from cambill.catalog.selectors import price_points
from cambill.clouds.models import BillingTiming, Cloud, LateUsagePolicy
from cambill.core.periods import Period
from cambill.rating import PricePoint
from cambill.rating.wholesale import WholesaleUnits

from .advance import month_billed_ahead
from .inputs import RatingInputs


def _row(row: list[Fraction]) -> list[str]:
    return [str(v) for v in row]


def share(period: Period, units: WholesaleUnits, inputs: RatingInputs) -> dict[str, Any]:
    """One wholesale job's share of a chunk, as JSON (exact)."""
    services = set(units.billed) | set(units.waived)
    return {
        "period": period.key,
        "proration": units.proration,
        "n": units.n,
        "services": {code: inputs.service_order[code] for code in sorted(services)},
        "billed": {k: _row(v) for k, v in units.billed.items()},
        "waived": {k: _row(v) for k, v in units.waived.items()},
    }


def _units(data: dict[str, Any]) -> WholesaleUnits:
    return WholesaleUnits(
        proration=data["proration"],
        n=data["n"],
        billed={k: [Fraction(x) for x in v] for k, v in data["billed"].items()},
        waived={k: [Fraction(x) for x in v] for k, v in data["waived"].items()},
    )


def summed(shares: list[list[dict[str, Any]]]) -> dict[str, tuple[WholesaleUnits, dict[str, int]]]:
    """Per wholesale period key: the chunks' units summed, and the service ids by code."""
    out: dict[str, tuple[WholesaleUnits, dict[str, int]]] = {}
    for chunk_shares in shares:
        for data in chunk_shares:
            units = _units(data)
            have = out.get(data["period"])
            if have is None:
                out[data["period"]] = (units, dict(data["services"]))
            else:
                have[0].add(units)
                have[1].update(data["services"])
    return out


def _cloud_part(cloud: Cloud, period: Period, late: Any) -> RatingInputs:
    """What a wholesale job needs beyond the units: metered services, late adjustments."""
    from cambill.usage.aggregates import metered_wholesale_charges

    metered = metered_wholesale_charges(cloud, period)
    names = dict(
        Service.objects.filter(code__in={m.service_code for m in metered}).values_list(
            "code", "name"
        )
    )
    return RatingInputs(
        intervals=[],
        tariffs={},
        tariff_info={},
        service_prices={},
        service_names=names,
        service_order={},
        accounts={},
        wholesale_metered=metered,
        wholesale_adjustments=late.wholesale() if late is not None else [],
        late=late,
    )


def cloud_jobs(cloud: Cloud, period: Period) -> list[tuple[Period, RatingInputs]]:
    """The wholesale jobs of a run of ``period`` (:func:`.advance.wholesale_jobs`),
    each with its cloud-wide parts and no interval; the late usage to mark
    billed is on the last job's ``late``."""
    prev = period.previous()
    ahead = cloud.billing_timing == BillingTiming.ADVANCE
    late = None
    if cloud.late_usage_policy == LateUsagePolicy.NEXT_PERIOD:
        from cambill.usage.late import late_items

        late = late_items(
            cloud,
            before=period,
            billed_in=period.key,
            also_own=(prev.key,) if ahead else (),
        )
    if ahead:
        tu = _cloud_part(cloud, prev, None)
        tu.wholesale_adjustments = late.wholesale() if late is not None else []
        tu.late = late
        return [(prev, tu)]
    main = _cloud_part(cloud, period, late)
    if month_billed_ahead(cloud, prev):
        return [(prev, _cloud_part(cloud, prev, None)), (period, main)]
    return [(period, main)]


def with_services(cloud: Cloud, inputs: RatingInputs, ids: dict[str, int]) -> None:
    """The prices (resolved to the cloud), names and catalogue order of the services
    the units use, into ``inputs``."""
    inputs.service_order = dict(ids)
    inputs.service_names.update(
        Service.objects.filter(id__in=ids.values()).values_list("code", "name")
    )
    inputs.service_prices = {
        code: tuple(
            PricePoint(vf, amount) for vf, amount in price_points(s_id, cloud.currency, cloud.pk)
        )
        for code, s_id in ids.items()
    }
