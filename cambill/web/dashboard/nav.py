"""Menu entries of the dashboards (read by ``cambill.web.navigation``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.accounts.roles import PROVIDER_ROLES
from cambill.core.access import Actor


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    """Provider staff: the provider dashboard, and on each cloud its dashboard
    and usage history (tabs); cloud staff: their cloud's dashboard."""
    if not actor.can("dashboard.view"):
        return []
    if cloud is None:
        if actor.role in PROVIDER_ROLES:
            return [
                {
                    "key": "dashboard",
                    "label": _("Dashboard"),
                    "url": reverse("web:provider_dashboard"),
                }
            ]
        return []
    items = [
        {
            "key": "cloud_dashboard",
            "label": _("Dashboard"),
            "url": reverse("web:cloud_dashboard", args=[cloud.slug]),
        }
    ]
    if actor.role in PROVIDER_ROLES:
        items.append(
            {
                "key": "usage_history",
                "label": _("Usage history"),
                "url": reverse("web:cloud_usage_history", args=[cloud.slug]),
            }
        )
    return items
