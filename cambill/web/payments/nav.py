"""Menu entries of the payments pages (read by ``cambill.web.navigation``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core.access import Actor


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    if cloud is None:
        items: list[dict[str, Any]] = []
        if actor.can("payment.manage_wholesale"):
            items.append(
                {
                    # The provider's own bank account: what the clouds paid it.
                    "key": "provider_bank_statements",
                    "label": _("Provider bank statements"),
                    "url": reverse("web:provider_bank_statements"),
                }
            )
        if actor.can("payment.configure_provider"):
            items.append(
                {
                    # The provider's own Stripe account: clouds pay its invoices by card.
                    "key": "provider_gateway",
                    "label": _("Provider payment gateway"),
                    "url": reverse("web:provider_gateway"),
                }
            )
        return items
    # Collections: also an account manager's, for the accounts it is responsible for.
    chase = (
        [
            {
                "key": "collections",
                "label": _("Collections"),
                "url": reverse("web:payments_collections", args=[cloud.slug]),
            }
        ]
        if actor.can("collections.view", cloud)
        else []
    )
    if not actor.can("payment.view", cloud):
        return chase
    return [
        *chase,
        {
            # The provider's invoices to this cloud and the cloud's balance with it.
            "key": "wholesale",
            "label": _("Wholesale"),
            "url": reverse("web:wholesale_invoices", args=[cloud.slug]),
        },
        {
            "key": "payments",
            "label": _("Payments"),
            "url": reverse("web:payments_list", args=[cloud.slug]),
        },
        {
            "key": "reconcile",
            "label": _("Bank statements"),
            "url": reverse("web:payments_bank_statements", args=[cloud.slug]),
        },
        {
            "key": "webhooks",
            "label": _("Webhooks"),
            "url": reverse("web:payments_webhooks", args=[cloud.slug]),
        },
        *(
            [
                {
                    # The cloud's Stripe account: its subscribers pay by card.
                    "key": "payment_gateway",
                    "label": _("Payment gateway"),
                    "url": reverse("web:payments_gateway", args=[cloud.slug]),
                }
            ]
            if actor.can("payment.configure", cloud)
            else []
        ),
    ]
