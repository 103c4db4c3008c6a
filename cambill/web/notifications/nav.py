"""Menu entry of the outbox page (read by ``cambill.web.core.navigation``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core.access import Actor


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    if cloud is None or not actor.can("payment.view", cloud):
        return []
    return [
        {
            "key": "notifications",
            "label": _("E-mail"),
            "url": reverse("web:notification_list", args=[cloud.slug]),
        }
    ]
