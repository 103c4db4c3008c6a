"""Menu entries of the sales pages (read by ``cambill.web.core.navigation``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core.access import Actor


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    """A cloud's products and coupons, for the staff who see them."""
    if cloud is None:
        return []
    items: list[dict[str, Any]] = []
    if actor.can("product.view"):
        items.append(
            {
                "key": "products",
                "label": _("Products"),
                "url": reverse("web:product_list", args=[cloud.slug]),
            }
        )
    if actor.can("coupon.view"):
        items.append(
            {
                "key": "coupons",
                "label": _("Coupons"),
                "url": reverse("web:coupon_list", args=[cloud.slug]),
            }
        )
    return items
