"""Suspended days and offline credits in the retail invoice body (called by ``rate``).

Pure over the loaded inputs: which suspensions the retail rating skips (the
cloud's ``suspended_days``), the offline credit of each account and camera
(the cloud's ``offline_credit_hours``) and its invoice line, placed right after
the recurring lines it reduces (account discounts apply to the net of both).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from cambill.clouds.models import Cloud, SuspendedDays
from cambill.core.periods import Period
from cambill.rating import RetailLine
from cambill.rating.offline import OfflineCredit, rate_offline_credits

from .labels import label
from .models import LineKind
from .rows import LineRow

if TYPE_CHECKING:
    from .inputs import RatingInputs


def retail_suspensions(
    cloud: Cloud, inputs: RatingInputs
) -> dict[str, list[tuple[datetime, datetime | None]]] | None:
    """The suspensions retail does not charge: all of them with ``skip``, none with ``bill``."""
    if cloud.suspended_days != SuspendedDays.SKIP:
        return None
    return inputs.suspensions or None


def offline_credits_by_account(
    cloud: Cloud, period: Period, lines: Sequence[RetailLine], inputs: RatingInputs
) -> dict[str, list[OfflineCredit]]:
    if cloud.offline_credit_hours is None or not inputs.offline_seconds:
        return {}
    out: dict[str, list[OfflineCredit]] = {}
    for credit in rate_offline_credits(
        period=period,
        lines=lines,
        offline_seconds=inputs.offline_seconds,
        threshold_hours=cloud.offline_credit_hours,
        proration=cloud.proration,  # type: ignore[arg-type]
        currency=cloud.currency,
    ):
        out.setdefault(credit.account, []).append(credit)
    return out


def offline_credit_rows(
    credits: Sequence[OfflineCredit], lang: str, *, head: str = ""
) -> list[LineRow]:
    cam_label = label(lang, "camera")
    lead = f"{head}: " if head else ""
    rows = []
    for c in credits:
        title = (
            label(lang, "offline_credit_one")
            if c.days == 1
            else label(lang, "offline_credit", days=c.days)
        )
        rows.append(
            LineRow(
                kind=LineKind.OFFLINE_CREDIT,
                description=f"{lead}{title}, {cam_label} {c.camera}"[:300],
                camera=c.camera,
                account=c.account,
                date_from=c.first_day,
                date_to=c.last_day,
                days=Decimal(c.days),
                quantity=Decimal(1),
                unit_price=c.amount,
                amount=c.amount,
            )
        )
    return rows
