"""Menu entries of the Watcher pages (read by ``cambill.web.navigation``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core.access import Actor


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    if cloud is None:
        return []
    items = []
    if actor.can("watcher.view", cloud):
        items.append(
            {
                "key": "watcher",
                "label": _("Watcher sync"),
                "url": reverse("web:watcher_status", args=[cloud.slug]),
            }
        )
    if actor.can("camera.manage", cloud):
        items.append(
            {
                "key": "intake",
                "label": _("Camera intake"),
                "url": reverse("web:intake_list", args=[cloud.slug]),
            }
        )
    return items
