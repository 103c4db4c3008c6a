"""Menu entries of the branding pages: a cloud's for its cloud admin (and provider
staff on the cloud), the provider's own for provider staff."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.accounts.roles import PROVIDER_ROLES
from cambill.core.access import Actor


def menu_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    if cloud is None:
        if actor.role in PROVIDER_ROLES and actor.can("provider.branding_view"):
            return [
                {
                    "key": "provider_branding",
                    "label": _("Provider branding"),
                    "url": reverse("web:provider_branding"),
                }
            ]
        return []
    if actor.can("cloud.branding_edit", cloud):
        return [
            {
                "key": "cloud_branding",
                "label": _("Branding"),
                "url": reverse("web:cloud_branding", args=[cloud.slug]),
            }
        ]
    return []
