"""Menu entries of the usage pages (read by ``cambill.web.navigation``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core.access import Actor
from cambill.usage.selectors import USAGE_READERS


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    """Raw usage events and the unmatched list, for the staff who may read them."""
    if cloud is None or actor.role not in USAGE_READERS:
        return []
    return [
        {
            "key": "usage_events",
            "label": _("Usage events"),
            "url": reverse("web:usage_events", args=[cloud.slug]),
        },
        {
            "key": "usage_unmatched",
            "label": _("Unmatched usage"),
            "url": reverse("web:usage_unmatched", args=[cloud.slug]),
        },
        {
            "key": "usage_quarantine",
            "label": _("Quarantined usage"),
            "url": reverse("web:usage_quarantine", args=[cloud.slug]),
        },
        {
            "key": "usage_late",
            "label": _("Late usage"),
            "url": reverse("web:usage_late", args=[cloud.slug]),
        },
    ]
