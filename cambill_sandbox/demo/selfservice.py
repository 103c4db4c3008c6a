"""Self-service tariffs in the demo (issue #17, point 7).

The second demo cloud (the first when there is one) marks its own tariffs as
self-service through the tariff verb, as its admin would on the tariff page:
its subscribers see "Change my tariff" on their cameras, with the preview of
what the change does to their next invoices.
"""

from __future__ import annotations

from typing import Any

from cambill.core.access import SYSTEM

from .plan import Plan


def set_up(builder: Any, plan: Plan) -> list[str]:
    """Mark the chosen cloud's own tariffs self-service; returns their codes."""
    from cambill.catalog.services import tariff_update

    spec = plan.clouds[1] if len(plan.clouds) > 1 else plan.clouds[0]
    marked = []
    for t in spec.tariffs:
        tariff = builder.tariffs[(spec.slug, t.code)]
        tariff_update(actor=SYSTEM, tariff=tariff, self_service=True)
        marked.append(t.code)
    return marked
