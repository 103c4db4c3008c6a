"""Linking Watcher objects that already exist to billing's accounts and tariffs (adoption)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from cambill.clouds.models import Account, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.permissions import require

from ..models import (
    WatcherConnection,
    WatcherOrgLink,
    WatcherPresetLink,
)
from .outbox import watcher_enqueue_account_state
from .provision import preset_body


@transaction.atomic
def watcher_links_adopt(
    *,
    actor: Actor,
    cloud: Cloud,
    organizations: Mapping[Account, int],
    presets: Mapping[Any, int],
    billing_member: bool = False,
) -> dict[str, int]:
    """Record that Watcher objects which already exist stand for these accounts
    (organization ids) and tariffs (preset ids).

    For a Watcher that was set up before billing (and for the demo's mirror):
    pushes then update those objects instead of creating duplicates. A preset's
    recorded settings are the tariff's preset body, so only a later change of
    the tariff is pushed. An account or tariff already linked keeps its link;
    an id linked to something else is a conflict (nothing is written).

    Watcher lists to billing only the organizations its user is a member of;
    unless ``billing_member`` says it is one already, the next push of the
    account makes billing's user a member (``PUT /organizations/{id}/users/{uid}``).
    """
    require(actor, "watcher.manage", cloud)
    now = clock.now()
    have_orgs = dict(WatcherOrgLink.objects.filter(cloud=cloud).values_list("org_id", "account_id"))
    have_presets = dict(
        WatcherPresetLink.objects.filter(cloud=cloud).values_list("preset_id", "tariff_id")
    )
    linked_accounts = set(have_orgs.values())
    linked_tariffs = set(have_presets.values())
    org_rows, preset_rows = [], []
    for account, org_id in organizations.items():
        if account.cloud_id != cloud.pk:
            raise validation("organizations", f"Account {account.code} is not in this cloud.")
        if have_orgs.get(org_id, account.pk) != account.pk:
            raise DomainError(ErrorCode.CONFLICT, f"Organization {org_id} is linked already.")
        if account.pk not in linked_accounts:
            org_rows.append(
                WatcherOrgLink(
                    cloud=cloud,
                    account=account,
                    org_id=org_id,
                    billing_member=billing_member,
                    created_at=now,
                )
            )
            linked_accounts.add(account.pk)
    for tariff, preset_id in presets.items():
        if tariff.cloud_id not in (None, cloud.pk):
            raise validation("presets", f"Tariff {tariff.code} is not offered in this cloud.")
        if have_presets.get(preset_id, tariff.pk) != tariff.pk:
            raise DomainError(ErrorCode.CONFLICT, f"Preset {preset_id} is linked already.")
        if tariff.pk not in linked_tariffs:
            preset_rows.append(
                WatcherPresetLink(
                    cloud=cloud,
                    tariff=tariff,
                    preset_id=preset_id,
                    settings=preset_body(tariff),
                    created_at=now,
                )
            )
            linked_tariffs.add(tariff.pk)
    try:
        with transaction.atomic():
            WatcherOrgLink.objects.bulk_create(org_rows, batch_size=500)
            WatcherPresetLink.objects.bulk_create(preset_rows, batch_size=500)
    except IntegrityError:
        raise DomainError(
            ErrorCode.CONFLICT, "An organization or preset id is used twice."
        ) from None
    done = {"organizations": len(org_rows), "presets": len(preset_rows)}
    conn = WatcherConnection.objects.filter(cloud=cloud).first()
    audit(actor=actor, verb="watcher_links_adopt", obj=conn or cloud, after=done, now=now)
    if not billing_member:
        for row in org_rows:
            watcher_enqueue_account_state(row.account)
    return done
