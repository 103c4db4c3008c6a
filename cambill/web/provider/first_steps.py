"""A new cloud's first steps: what it needs before it can bill (tariffs, accounts,
cameras, a Watcher connection, its branding), each done or not as its data says,
with the page that does it. Shown on the cloud's overview until all are done; a
step is listed only to a role that may see it, and links to the page that does it
when the role may act (else to the page that shows it)."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from cambill.core.access import Actor


def _url(name: str, slug: str) -> str | None:
    try:
        return reverse(f"web:{name}", args=[slug])
    except NoReverseMatch:
        return None


def first_steps(actor: Actor, cloud: Any) -> list[dict[str, Any]]:
    from cambill.catalog.selectors import allowed_tariffs, tariff_list
    from cambill.clouds.selectors import account_list, camera_list

    slug = cloud.slug
    steps: list[dict[str, Any]] = []

    def step(key: str, label: Any, hint: Any, done: bool, act: tuple[str, str], see: str) -> None:
        action, page = act
        url = _url(page, slug) if actor.can(action, cloud) else _url(see, slug)
        steps.append({"key": key, "label": label, "hint": hint, "done": done, "url": url})

    if actor.can("tariff.view"):
        done = tariff_list(actor=actor, cloud=cloud).exists() or (
            actor.can("cloud.view") and allowed_tariffs(actor=actor, cloud=cloud).exists()
        )
        step(
            "tariffs",
            _("Tariffs"),
            _("What a subscriber buys for one camera: make one, or allow a provider tariff."),
            done,
            ("tariff.manage", "tariff_create"),
            "tariff_list",
        )
    if actor.can("account.view"):
        step(
            "accounts",
            _("Subscriber accounts"),
            _("The customers of this cloud; Watcher organizations become accounts too."),
            account_list(actor=actor, cloud=cloud).exists(),
            ("account.create", "account_create"),
            "account_list",
        )
    if actor.can("camera.view"):
        step(
            "cameras",
            _("Cameras"),
            _("The billing unit: each camera of an account holds a tariff."),
            camera_list(actor=actor, cloud=cloud).exists(),
            ("camera.manage", "camera_create"),
            "camera_list",
        )
    if actor.can("watcher.view", cloud):
        from cambill.watcher.selectors import connection_get

        step(
            "watcher",
            _("Watcher connection"),
            _("Where cameras and usage come from: the address and login of this cloud's Watcher."),
            connection_get(actor=actor, cloud=cloud) is not None,
            ("watcher.manage", "watcher_connection"),
            "watcher_status",
        )
    if actor.can("cloud.branding_view", cloud):
        from cambill.branding.selectors import branding_of_cloud

        step(
            "branding",
            _("Branding"),
            _("The logo, colours and bank details on this cloud's invoices and pages."),
            branding_of_cloud(cloud).pk is not None,
            ("cloud.branding_edit", "cloud_branding"),
            "cloud_branding",
        )
    elif actor.can("cloud.edit"):
        step(
            "branding",
            _("Cloud settings"),
            _("Legal name, address and tax id printed on this cloud's invoices."),
            bool(getattr(cloud, "legal_name", "")),
            ("cloud.edit", "cloud_edit"),
            "cloud_detail",
        )
    return steps


def checklist(actor: Actor, cloud: Any) -> dict[str, Any] | None:
    """The checklist while something is left to do (None once all is done)."""
    steps = first_steps(actor, cloud)
    if not steps or all(s["done"] for s in steps):
        return None
    return {"steps": steps, "done": sum(1 for s in steps if s["done"]), "total": len(steps)}
