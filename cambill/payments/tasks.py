"""Background jobs of payments: card charges and the dunning run.

``payments.dunning_all`` should be scheduled hourly (add it to
``cambill/schedule.py``); each run is idempotent.
"""

from __future__ import annotations

from cambill.celery import app


@app.task(name="payments.charge_invoice")
def charge_invoice_task(invoice_id: int) -> str:
    from cambill.invoicing.models import Invoice

    from .gateways import charge_invoice

    attempt = charge_invoice(Invoice.objects.get(pk=invoice_id))
    return attempt.status if attempt else "skipped"


@app.task(name="payments.dunning_all")
def dunning_all() -> dict[str, int]:
    from cambill.clouds.models import Cloud

    from .dunning import dunning_run
    from .models import DunningPolicy

    total: dict[str, int] = {}
    for cloud_id in DunningPolicy.objects.filter(enabled=True).values_list("cloud_id", flat=True):
        for k, v in dunning_run(cloud=Cloud.objects.get(pk=cloud_id)).items():
            total[k] = total.get(k, 0) + v
    return total
