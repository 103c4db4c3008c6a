"""Background jobs of payments: card charges and the dunning run.

``payments.dunning_all`` should be scheduled hourly (add it to
``cambill/schedule.py``); each run is idempotent. Each task takes ``now`` as an
ISO 8601 string (what the caller means by "now": the issue time of an invoice
charged on issue, the dunning run's time on a retry); without it, the wall clock.
"""

from __future__ import annotations

from datetime import datetime

from cambill.celery import app


def _at(now: str | None) -> datetime | None:
    return datetime.fromisoformat(now) if now else None


@app.task(name="payments.charge_invoice")
def charge_invoice_task(invoice_id: int, now: str | None = None) -> str:
    from cambill.invoicing.models import Invoice

    from .gateways.charging import charge_invoice

    attempt = charge_invoice(Invoice.objects.get(pk=invoice_id), now=_at(now))
    return attempt.status if attempt else "skipped"


@app.task(name="payments.dunning_all")
def dunning_all(now: str | None = None) -> dict[str, int]:
    from cambill.clouds.models import Cloud

    from .dunning import dunning_run
    from .models import DunningPolicy

    at = _at(now)
    total: dict[str, int] = {}
    for cloud_id in DunningPolicy.objects.filter(enabled=True).values_list("cloud_id", flat=True):
        for k, v in dunning_run(cloud=Cloud.objects.get(pk=cloud_id), now=at).items():
            total[k] = total.get(k, 0) + v
    return total
