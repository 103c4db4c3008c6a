"""Menu entries of the legal data and certificate pages (read by
``cambill.web.core.navigation``): a cloud's for its cloud admin (and provider
staff on the cloud), the provider's own for provider staff."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.accounts.roles import PROVIDER_ROLES, Role
from cambill.core.access import Actor

# Who finds the cloud's e-invoice list in the menu (a subscriber sees its documents on
# its invoices' pages; the list itself is scoped for everyone)
_CLOUD_STAFF = (
    *PROVIDER_ROLES,
    Role.CLOUD_ADMIN,
    Role.CLOUD_ACCOUNTANT,
    Role.ACCOUNT_MANAGER,
)


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if cloud is None:
        if actor.role not in PROVIDER_ROLES:
            return []
        if actor.can("provider.legal_view"):
            items.append(
                {
                    "key": "provider_legal",
                    "label": _("Provider legal data"),
                    "url": reverse("web:provider_legal"),
                }
            )
        if actor.can("einvoice.view"):
            items.append(
                {
                    "key": "provider_einvoices",
                    "label": _("Provider e-invoices"),
                    "url": reverse("web:provider_einvoices"),
                }
            )
        if actor.can("einvoice.provider_credentials"):
            items.append(
                {
                    "key": "provider_einvoice_credentials",
                    "label": _("Provider certificates"),
                    "url": reverse("web:provider_einvoice_credentials"),
                }
            )
        return items
    if actor.can("cloud.legal_edit", cloud):
        items.append(
            {
                "key": "cloud_legal",
                "label": _("Legal data"),
                "url": reverse("web:cloud_legal", args=[cloud.slug]),
            }
        )
    if actor.can("einvoice.view") and actor.role in _CLOUD_STAFF:
        items.append(
            {
                "key": "cloud_einvoices",
                "label": _("E-invoices"),
                "url": reverse("web:cloud_einvoices", args=[cloud.slug]),
            }
        )
    if actor.can("einvoice.credentials", cloud):
        items.append(
            {
                "key": "einvoice_credentials",
                "label": _("E-invoice certificates"),
                "url": reverse("web:cloud_einvoice_credentials", args=[cloud.slug]),
            }
        )
    return items
