"""Menus and landing pages per role.

Every item is tied to an action of ``cambill.core.permissions.MATRIX``: a role
sees an item exactly when it may attempt that action, so the menu can never
offer a page the role would be refused (the page still checks on its own).
Cloud pages live under ``/clouds/<slug>/`` for everyone; cloud users get them in
the sidebar, provider staff too while on one cloud's page (``cloud_section``), and
switch clouds with the header's search (``cambill.web.switch``).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.accounts.roles import PROVIDER_ROLES, Role
from cambill.core.access import Actor, actor_for


@dataclass(frozen=True)
class Item:
    """One menu entry: shown when the actor ``can(action)`` (and its role is not excluded)."""

    key: str
    label: Any
    url_name: str
    action: str | None = None
    hide_for: frozenset[Role] = frozenset()


# Provider-level pages (no cloud in the URL).
PROVIDER_ITEMS: tuple[Item, ...] = (
    Item("clouds", _("Clouds"), "cloud_list", "cloud.view"),
    Item("all_cameras", _("All cameras"), "provider_camera_list", "camera.view"),
    Item("all_invoices", _("All invoices"), "provider_invoice_list", "invoice.view"),
    Item("services", _("Services"), "service_list", "service.view"),
    Item("meters", _("Meters"), "meter_list", "service.view"),
    Item("provider_tariffs", _("Provider tariffs"), "provider_tariff_list", "service.view"),
    Item("staff", _("Staff"), "staff_list", "user.view"),
    Item("audit", _("Audit log"), "audit_list", "audit.view"),
)

# Pages of one cloud (``/clouds/<slug>/...``).
CLOUD_ITEMS: tuple[Item, ...] = (
    Item("overview", _("Overview"), "cloud_detail", "cloud.view"),
    Item("tariffs", _("Tariffs"), "tariff_list", "tariff.view"),
    Item("accounts", _("Accounts"), "account_list", "account.view", frozenset({Role.SUBSCRIBER})),
    Item("cameras", _("Cameras"), "camera_list", "camera.view"),
    Item("agents", _("Agents"), "agent_list", "agent.view"),
    # An agent's "users" would be itself alone: nothing to browse.
    Item("users", _("Users"), "user_list", "user.view", frozenset({Role.AGENT})),
)


def _visible(actor: Actor, item: Item) -> bool:
    return actor.can(item.action) if item.action else True


def home_cloud(actor: Actor) -> Any:
    """The cloud a cloud-level user works in (None for provider staff)."""
    if actor.cloud_id is None:
        return None
    user = actor.user
    cached = getattr(user, "_cambill_home_cloud", None)
    if cached is not None:
        return cached
    from cambill.clouds.selectors import clouds_in_scope

    cloud = clouds_in_scope(actor).filter(pk=actor.cloud_id).first()
    if user is not None:
        user._cambill_home_cloud = cloud
    return cloud


# What may follow /clouds/<slug>/ to keep the page when switching ("invoices/").
SUFFIX = re.compile(r"^[A-Za-z0-9_\-/]*$")


def clean_suffix(value: str) -> str:
    """The part of a cloud page's path after its slug, to open the same page of
    another cloud: the longest leading part that is itself a page of a cloud named
    by its slug alone (a detail page of one cloud, an invoice or an account, makes
    no sense in another: its list is kept instead)."""
    from django.urls import Resolver404, resolve

    value = (value or "").lstrip("/")
    if not SUFFIX.match(value) or ".." in value or "//" in value:
        return ""
    parts = [p for p in value.split("/") if p]
    while parts:
        suffix = "/".join(parts) + "/"
        try:
            match = resolve(f"/clouds/x/{suffix}")
        except Resolver404:
            match = None
        if match is not None and set(match.kwargs) == {"slug"}:
            return suffix
        parts.pop()
    return ""


def cloud_section(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    """Provider staff on a cloud's page: that cloud's pages as the first section
    of the sidebar (named after the cloud), above the provider's own. (Tabs did
    not scale: 21 of them wrapped onto three rows.)"""
    section = cloud.name or cloud.slug
    items = cloud_menu(actor, cloud) + invoicing_items(actor, cloud)
    return [{**i, "key": f"cloud:{i['key']}", "section": section} for i in items]


def cloud_menu(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    """The pages of ``cloud`` this actor may open, as menu entries."""
    items: list[dict[str, Any]] = []
    if actor.role == Role.SUBSCRIBER and actor.account_id is not None:
        from cambill.clouds.selectors import own_account_code

        code = own_account_code(actor=actor)
        if code:
            items.append(
                {
                    "key": "account",
                    "label": _("My account"),
                    "url": reverse("web:account_detail", args=[cloud.slug, code]),
                }
            )
    for item in CLOUD_ITEMS:
        if actor.role in item.hide_for or not _visible(actor, item):
            continue
        items.append(
            {
                "key": item.key,
                "label": item.label,
                "url": reverse(f"web:{item.url_name}", args=[cloud.slug]),
            }
        )
    return items


# Domain packages whose ``nav.py`` contributes menu entries, in menu order. Each
# ``cambill.web.<domain>.nav`` defines ``menu_items(actor, cloud)`` returning entries
# shaped like ours (``cloud`` is None for provider-wide pages).
DOMAIN_NAVS = (
    "dashboard",
    "invoicing",
    "payments",
    "notifications",
    "usage",
    "watcher",
    "referrals",
    "sales",
    "provider",
    "einvoice",
    "branding",
)


def invoicing_items(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    """Menu entries of the domain pages (billing, usage, Watcher, referrals)."""
    items: list[dict[str, Any]] = []
    for name in DOMAIN_NAVS:
        # Only "module absent" is quiet; an error inside the module must surface.
        if importlib.util.find_spec(f"cambill.web.{name}.nav") is None:
            continue
        module = importlib.import_module(f"cambill.web.{name}.nav")
        items += list(module.menu_items(actor, cloud))
    return items


def menu_for(user: Any) -> list[dict[str, Any]]:
    """Sidebar entries for ``user``: ``[{"key", "label", "url", "section"}]``."""
    actor = actor_for(user)
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    if actor.role in PROVIDER_ROLES:
        for item in PROVIDER_ITEMS:
            if item.key in seen or actor.role in item.hide_for or not _visible(actor, item):
                continue
            seen.add(item.key)
            items.append(
                {
                    "key": item.key,
                    "label": item.label,
                    "url": reverse(f"web:{item.url_name}"),
                    "section": _("Provider"),
                }
            )
        items += [{**i, "section": _("Billing")} for i in invoicing_items(actor, None)]
    else:
        cloud = home_cloud(actor)
        if cloud is not None:
            section = cloud.name or cloud.slug
            items += [{**i, "section": section} for i in cloud_menu(actor, cloud)]
            if actor.can("service.view"):
                items += [
                    {
                        "key": "services",
                        "label": _("Provider services"),
                        "url": reverse("web:service_list"),
                        "section": _("Catalogue"),
                    }
                ]
            items += [{**i, "section": _("Billing")} for i in invoicing_items(actor, cloud)]
    items.append(
        {
            "key": "my_account",
            "label": _("My account"),
            "url": reverse("web:my_account"),
            "section": _("Me"),
        }
    )
    items.append(
        {
            "key": "exports",
            "label": _("My exports"),
            "url": reverse("web:export_list"),
            "section": _("Me"),
        }
    )
    items.append(
        {
            "key": "tokens",
            "label": _("My API tokens"),
            "url": reverse("web:token_list"),
            "section": _("Me"),
        }
    )
    items.append(
        {
            "key": "two_factor",
            "label": _("Two-factor sign-in"),
            "url": reverse("web:two_factor_enrol"),
            "section": _("Me"),
        }
    )
    return items


def landing_url(actor: Actor) -> str:
    """Where ``home`` sends each role: the page it works from most."""
    if actor.role in PROVIDER_ROLES:
        return reverse("web:provider_dashboard")
    cloud = home_cloud(actor)
    if actor.role is None or cloud is None:
        return reverse("web:no_role")
    if actor.role == Role.SUBSCRIBER:
        for item in cloud_menu(actor, cloud):
            if item["key"] == "account":
                return str(item["url"])
        return reverse("web:no_role")
    if actor.role == Role.AGENT:
        return reverse("web:account_list", args=[cloud.slug])
    if actor.can("dashboard.view"):
        return reverse("web:cloud_dashboard", args=[cloud.slug])
    return reverse("web:cloud_detail", args=[cloud.slug])
