"""Menu entries of the referral pages (for ``cambill.web.navigation`` to read,
as it reads ``invoicing_nav``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core.access import Actor


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    if cloud is None or not actor.can("agent.view"):
        return []
    items = [
        {
            "key": "commission",
            "label": _("Commission"),
            "url": reverse("web:commission", args=[cloud.slug]),
        }
    ]
    if actor.can("agent.manage"):
        items.append(
            {
                "key": "referral_programme",
                "label": _("Referral programme"),
                "url": reverse("web:referral_programme", args=[cloud.slug]),
            }
        )
    if actor.can("payout.manage", cloud):
        items.append(
            {
                "key": "payouts_due",
                "label": _("Payouts due"),
                "url": reverse("web:payouts_due", args=[cloud.slug]),
            }
        )
    return items
