"""Menu entries of the invoicing pages (read by ``cambill.web.navigation``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core.access import Actor


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    """Provider staff get the billing overview (its clouds' pages hang from it);
    cloud users get their cloud's invoices, bill runs and usage report."""
    if cloud is None:
        if actor.can("invoice.view"):
            return [
                {"key": "billing", "label": _("Billing"), "url": reverse("web:billing_overview")}
            ]
        return []
    items: list[dict[str, Any]] = []
    if actor.can("invoice.view"):
        items.append(
            {
                "key": "invoices",
                "label": _("Invoices"),
                "url": reverse("web:invoice_list", args=[cloud.slug]),
            }
        )
    if actor.can("billrun.view", cloud):
        items.append(
            {
                "key": "bill_runs",
                "label": _("Bill runs"),
                "url": reverse("web:bill_run_list", args=[cloud.slug]),
            }
        )
    if actor.can("report.view"):
        items.append(
            {
                "key": "usage",
                "label": _("Usage report"),
                "url": reverse("web:usage_report", args=[cloud.slug]),
            }
        )
    return items
