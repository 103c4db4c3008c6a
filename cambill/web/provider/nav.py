"""Menu entries of the provider pages that hang from a cloud (read by
``cambill.web.navigation``): the cloud's billing settings, for whoever owns them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core.access import Actor


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    if cloud is None or not actor.can("cloud.billing_settings", cloud):
        return []
    return [
        {
            "key": "billing_settings",
            "label": _("Billing settings"),
            "url": reverse("web:cloud_billing_settings", args=[cloud.slug]),
        }
    ]
