"""Making the Watcher objects billing needs exist: an account's organization (and
billing's membership in it) and a tariff's preset.

Creations in Watcher (an organization, a preset) are not replayed by the
client after an ambiguous failure; on the next attempt the push first looks for
an unlinked object with the exact title it would create and adopts it, so a
timeout after Watcher created it does not leave a duplicate behind.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from cambill.clouds.models import Account, Cloud
from cambill.core import clock
from cambill.core.errors import DomainError, ErrorCode

from ..client import WatcherClient
from ..models import (
    WatcherConnection,
    WatcherOrgLink,
    WatcherPresetLink,
)

BILLING_PERMISSIONS = {
    "is_member": True,
    "can_view_streams": True,
    "can_edit_streams": True,
    "can_edit_users": True,
    "can_view_stats": True,
}


def ensure_membership(
    client: WatcherClient, conn: WatcherConnection, account: Account, org_id: int
) -> None:
    """Make billing's Watcher user a member of an adopted organization, once.

    Watcher's Client API lists only the caller's organizations; billing owns
    those it creates, and joins those it adopts so they stay visible to it.
    """
    link = WatcherOrgLink.objects.filter(cloud_id=account.cloud_id, org_id=org_id).first()
    if link is None or link.billing_member:
        return
    uid = client.find_user_id(conn.username)
    if uid is None:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            gettext("Watcher has no user %(username)s to join organization %(org_id)s with.")
            % {"username": repr(conn.username), "org_id": org_id},
        )
    client.set_organization_user(org_id, uid, BILLING_PERMISSIONS)
    WatcherOrgLink.objects.filter(pk=link.pk).update(billing_member=True)


def ensure_organization(client: WatcherClient, account: Account, *, adopt: bool = False) -> int:
    """The Watcher organization of an account, created (and linked) if missing.

    With ``adopt`` (a retry), an unlinked organization titled exactly like the
    account is taken instead of creating another one.
    """
    link = WatcherOrgLink.objects.filter(cloud_id=account.cloud_id, account=account).first()
    if link is not None:
        return link.org_id
    title = account.name
    org_id = None
    if adopt:
        org_id = _adoptable(
            client.iter_organizations(filters={"title": title}),
            title,
            set(
                WatcherOrgLink.objects.filter(cloud_id=account.cloud_id).values_list(
                    "org_id", flat=True
                )
            ),
        )
    if org_id is None:
        # Watcher makes the creator the owner and a member: billing sees it from now on.
        org_id = int(client.create_organization({"title": title})["id"])
    try:
        with transaction.atomic():
            WatcherOrgLink.objects.create(
                cloud_id=account.cloud_id,
                account=account,
                org_id=org_id,
                billing_member=True,
                created_at=clock.now(),
            )
    except IntegrityError:
        link = WatcherOrgLink.objects.filter(cloud_id=account.cloud_id, account=account).first()
        if link is None:
            raise DomainError(
                ErrorCode.CONFLICT,
                gettext("Watcher organization %(org_id)s is linked to another account.")
                % {"org_id": org_id},
            ) from None
        return link.org_id
    return org_id


def preset_body(tariff: Any) -> dict[str, Any]:
    """The non-adjustable preset a tariff stands for.

    Archive depth = sum over components of ``preset_settings.dvr_days`` x quantity
    (REC_DAY x 7 = 7 days); analytics = the first component's ``vision_alg``.
    """
    days = Decimal(0)
    alg = None
    for comp in tariff.components.select_related("service").order_by("service__code"):
        ps = comp.service.preset_settings or {}
        if ps.get("dvr_days"):
            days += Decimal(str(ps["dvr_days"])) * comp.quantity
        if alg is None and ps.get("vision_alg"):
            alg = ps["vision_alg"]
    return {
        "title": f"{tariff.code}: {tariff.name}"[:200],
        "is_adjustable": False,
        "dvr": {"expiration": int(days * 86400)},
        "vision": {"alg": alg} if alg else {},
    }


def ensure_preset(client: WatcherClient, cloud: Cloud, tariff: Any, *, adopt: bool = False) -> int:
    """The preset of a tariff in this cloud's Watcher, created or updated to match."""
    body = preset_body(tariff)
    link = WatcherPresetLink.objects.filter(cloud=cloud, tariff=tariff).first()
    if link is not None:
        if link.settings != body:
            client.update_preset(link.preset_id, body)
            WatcherPresetLink.objects.filter(pk=link.pk).update(settings=body)
        return link.preset_id
    preset_id = None
    if adopt:
        linked = set(
            WatcherPresetLink.objects.filter(cloud=cloud).values_list("preset_id", flat=True)
        )
        preset_id = _adoptable(client.iter_presets(), body["title"], linked)
        if preset_id is not None:
            client.update_preset(preset_id, body)
    if preset_id is None:
        preset_id = int(client.create_preset(body)["id"])
    try:
        with transaction.atomic():
            WatcherPresetLink.objects.create(
                cloud=cloud,
                tariff=tariff,
                preset_id=preset_id,
                settings=body,
                created_at=clock.now(),
            )
    except IntegrityError:
        link = WatcherPresetLink.objects.filter(cloud=cloud, tariff=tariff).first()
        if link is None:
            raise DomainError(
                ErrorCode.CONFLICT,
                gettext("Watcher preset %(preset_id)s is linked to another tariff.")
                % {"preset_id": preset_id},
            ) from None
        return link.preset_id
    return preset_id


def _adoptable(items: Any, title: str, linked: set[int]) -> int | None:
    matches = [
        int(o["id"])
        for o in items
        if o.get("title") == title and int(o["id"]) not in linked and not o.get("deleted_at")
    ]
    return matches[0] if len(matches) == 1 else None
