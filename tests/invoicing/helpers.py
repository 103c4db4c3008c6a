"""Helpers shared by the invoicing, scenario and report tests: build camera
histories through the real services and run real bill runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cambill.core.access import SYSTEM


def local(tz: str, *args: int) -> datetime:
    """An aware instant given as local wall time in ``tz``."""
    return datetime(*args, tzinfo=ZoneInfo(tz))


def camera(cloud: Any, code: str, account: Any, tariff: Any, at: datetime) -> Any:
    from cambill.clouds.services import camera_create

    return camera_create(
        actor=SYSTEM, cloud=cloud, code=code, account=account, tariff=tariff, at=at
    )


def change(cam: Any, tariff: Any, at: datetime) -> Any:
    from cambill.clouds.services import camera_change_tariff

    cam.refresh_from_db()
    return camera_change_tariff(actor=SYSTEM, camera=cam, tariff=tariff, at=at)


def move(cam: Any, account: Any, at: datetime) -> Any:
    from cambill.clouds.services import camera_move

    cam.refresh_from_db()
    return camera_move(actor=SYSTEM, camera=cam, account=account, at=at)


def bill(cloud: Any, period: str, now: datetime, **kwargs: Any) -> Any:
    """Start and execute a real bill run; returns the run."""
    from cambill.invoicing.services import bill_run_execute, bill_run_start

    run = bill_run_start(actor=SYSTEM, cloud=cloud, period=period, now=now)
    return bill_run_execute(run=run, now=now, **kwargs)


def retail(cloud: Any, period: str, account_code: str) -> Any:
    from cambill.invoicing.models import Invoice

    return Invoice.objects.get(
        cloud=cloud, period=period, kind="retail", account__code=account_code
    )


def wholesale(cloud: Any, period: str) -> Any:
    from cambill.invoicing.models import Invoice

    return Invoice.objects.get(cloud=cloud, period=period, kind="wholesale")


def amounts(invoice: Any, kind: str | None = None) -> list[str]:
    """Line amounts as strings with the currency's places (charges, then discounts)."""
    from cambill.core.money import quantum

    q = quantum(invoice.currency)
    lines = invoice.lines.order_by("position")
    if kind is not None:
        lines = lines.filter(kind=kind)
    return [str(ln.amount.quantize(q)) for ln in lines]


def totals(invoice: Any) -> dict[str, str]:
    from cambill.core.money import quantum

    q = quantum(invoice.currency)
    return {
        k: str(getattr(invoice, k).quantize(q))
        for k in ("subtotal", "discount", "net", "tax", "total")
    }
