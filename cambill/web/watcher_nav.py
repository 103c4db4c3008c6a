"""Menu entries of the Watcher pages (read by ``cambill.web.navigation``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core.access import Actor
from cambill.core.errors import Forbidden
from cambill.watcher.intake import require_attach
from cambill.watcher.services.access import require_watcher_view


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    if cloud is None:
        return []
    items = []
    if _allowed(require_watcher_view, actor, cloud):
        items.append(
            {
                "key": "watcher",
                "label": _("Watcher sync"),
                "url": reverse("web:watcher_status", args=[cloud.slug]),
            }
        )
    if _allowed(require_attach, actor, cloud):
        items.append(
            {
                "key": "intake",
                "label": _("Camera intake"),
                "url": reverse("web:intake_list", args=[cloud.slug]),
            }
        )
    return items


def _allowed(check: Any, actor: Actor, cloud: Any) -> bool:
    try:
        check(actor, cloud)
    except Forbidden:
        return False
    return True
