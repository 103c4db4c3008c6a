"""Rating inputs of suspensions and offline credits, loaded in bulk for one cloud.

Kept apart from :mod:`cambill.invoicing.inputs` (which calls these): the
suspension history of the accounts rated, the provider services still charged
while an account is suspended, and the offline seconds per camera and local day
when the cloud credits offline days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.db.models import Q

from cambill.catalog.models import Service
from cambill.clouds.models import AccountSuspension, Cloud
from cambill.core.periods import Period


def load_suspensions(
    cloud: Cloud, start: datetime, end: datetime, accounts_by_id: Mapping[int, Any]
) -> dict[str, list[tuple[datetime, datetime | None]]]:
    """``[start, end)`` of every suspension meeting the range, by account code."""
    if not accounts_by_id:
        return {}
    out: dict[str, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    rows = (
        AccountSuspension.objects.filter(cloud=cloud, start__lt=end)
        .filter(Q(end__isnull=True) | Q(end__gt=start))
        .order_by("account_id", "start")
        .values_list("account_id", "start", "end")
    )
    for account_id, s_start, s_end in rows:
        info = accounts_by_id.get(account_id)
        if info is not None:
            out[info.code].append((s_start, s_end))
    return dict(out)


def billed_while_suspended(service_ids: Iterable[int]) -> frozenset[str]:
    """Codes of the services charged to the cloud while a camera's account is suspended."""
    ids = list(service_ids)
    if not ids:
        return frozenset()
    return frozenset(
        Service.objects.filter(id__in=ids, billed_while_suspended=True).values_list(
            "code", flat=True
        )
    )


def load_offline_seconds(cloud: Cloud, period: Period, whole: bool) -> dict[str, dict[date, int]]:
    """Offline seconds per camera and local day, when the cloud credits offline days."""
    if not whole or cloud.offline_credit_hours is None:
        return {}
    from cambill.usage.offline import offline_seconds_by_day

    return offline_seconds_by_day(cloud, period)
