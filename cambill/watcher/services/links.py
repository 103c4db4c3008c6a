"""Linking Watcher objects that already exist to billing's accounts and tariffs (adoption)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cambill.clouds.models import Account, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.permissions import require

from ..client import WatcherClient
from ..errors import WatcherError
from ..models import (
    WatcherConnection,
    WatcherOrgLink,
    WatcherPresetLink,
)
from .connection import client_for, enabled_connection, record_sync
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
            raise validation(
                "organizations",
                gettext("Account %(code)s is not in this cloud.") % {"code": account.code},
            )
        if have_orgs.get(org_id, account.pk) != account.pk:
            raise DomainError(
                ErrorCode.CONFLICT,
                gettext("Organization %(org_id)s is linked already.") % {"org_id": org_id},
            )
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
            raise validation(
                "presets",
                gettext("Tariff %(code)s is not offered in this cloud.") % {"code": tariff.code},
            )
        if have_presets.get(preset_id, tariff.pk) != tariff.pk:
            raise DomainError(
                ErrorCode.CONFLICT,
                gettext("Preset %(preset_id)s is linked already.") % {"preset_id": preset_id},
            )
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
            ErrorCode.CONFLICT, gettext("An organization or preset id is used twice.")
        ) from None
    done = {"organizations": len(org_rows), "presets": len(preset_rows)}
    conn = WatcherConnection.objects.filter(cloud=cloud).first()
    audit(actor=actor, verb="watcher_links_adopt", obj=conn or cloud, after=done, now=now)
    if not billing_member:
        for row in org_rows:
            watcher_enqueue_account_state(row.account)
    return done


def org_code(title: str, org_id: int) -> str:
    code = slugify(title or "")[:56].strip("-_")
    if not code or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", code):
        code = f"org-{org_id}"
    return code


def watcher_organizations(client: WatcherClient) -> list[dict[str, Any]]:
    """Every organization billing can know of, each marked ``billing_member``.

    Watcher's Client API lists only the organizations the calling user is a
    member of (billing owns those it created). Others, made in Watcher before
    billing or by hand, are found through their users: the Admin API's user
    list carries each user's organizations. Importing one of those makes
    billing's user join it (the account push does, after the link is written).
    """
    orgs: dict[int, dict[str, Any]] = {}
    for org in client.iter_organizations():
        orgs[int(org["id"])] = {**org, "billing_member": True}
    for user in client.iter_users(select=["id", "name", "organizations"]):
        for item in user.get("organizations") or []:
            if not isinstance(item, dict) or not isinstance(item.get("id"), int):
                continue
            orgs.setdefault(
                item["id"],
                {"id": item["id"], "title": item.get("title") or "", "billing_member": False},
            )
    return [orgs[k] for k in sorted(orgs)]


MAX_ADOPT = 500  # organizations per request: one transaction, one Watcher read


@dataclass(frozen=True)
class AdoptableOrg:
    """An organization in Watcher that no account of the cloud stands for yet."""

    id: int
    title: str
    billing_member: bool  # False: billing's user joins it when it is adopted
    suggested_code: str  # the account code adoption creates unless told otherwise
    account: str | None  # an unlinked account with that code, to link instead


def _watcher_connection(cloud: Cloud) -> WatcherConnection:
    conn = enabled_connection(cloud)
    if conn is None:
        raise DomainError(
            ErrorCode.INVALID_STATE, _("This cloud has no enabled Watcher connection.")
        )
    return conn


def _read_organizations(
    conn: WatcherConnection, client: WatcherClient | None
) -> list[dict[str, Any]]:
    own = client is None
    client = client or client_for(conn)
    try:
        return watcher_organizations(client)
    except WatcherError as exc:
        record_sync(conn, "adopt", exc.message)
        raise
    finally:
        if own:
            client.close()


def watcher_orgs_adoptable(
    *, actor: Actor, cloud: Cloud, client: WatcherClient | None = None
) -> list[AdoptableOrg]:
    """The organizations of the cloud's Watcher not linked to an account, by id.

    Watcher's default organization is never offered (its streams are the
    cloud's unassigned cameras)."""
    require(actor, "watcher.manage", cloud)
    conn = _watcher_connection(cloud)
    orgs = _read_organizations(conn, client)
    linked = set(WatcherOrgLink.objects.filter(cloud=cloud).values_list("org_id", flat=True))
    linked_accounts = set(
        WatcherOrgLink.objects.filter(cloud=cloud).values_list("account_id", flat=True)
    )
    free = set(
        Account.objects.filter(cloud=cloud)
        .exclude(pk__in=linked_accounts)
        .values_list("code", flat=True)
    )
    out = []
    for org in orgs:
        org_id = int(org["id"])
        if org.get("is_default") or org_id in linked:
            continue
        title = str(org.get("title") or "").strip()
        code = org_code(title, org_id)
        out.append(
            AdoptableOrg(
                id=org_id,
                title=title,
                billing_member=bool(org.get("billing_member")),
                suggested_code=code,
                account=code if code in free else None,
            )
        )
    return out


@dataclass(frozen=True)
class OrgAdoption:
    """One organization to adopt: link it to ``account``, or create an account
    (``code`` and ``name``; empty: the suggested code and the organization's title)."""

    org_id: int
    account: Account | None = None
    code: str = ""
    name: str = ""


@dataclass
class AdoptResult:
    """What one adoption did: the new links, and those that were already so."""

    adopted: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"adopted": self.adopted, "unchanged": self.unchanged}


def watcher_orgs_adopt(
    *,
    actor: Actor,
    cloud: Cloud,
    adoptions: Sequence[OrgAdoption],
    client: WatcherClient | None = None,
) -> AdoptResult:
    """Link existing Watcher organizations to accounts, creating the accounts asked for.

    Reads Watcher's organizations first (no transaction is held open on the
    network), then writes every link, account and push in one transaction:
    all or nothing. Idempotent: an organization already linked to the account
    asked for (or to an account with the code asked for) is ``unchanged``, and
    a request that changes nothing writes nothing, not even an audit row. An
    organization linked to another account, or an account linked to another
    organization, is a conflict (409). Each adopted account gets a push: it
    makes billing's user a member where it is not yet one, and applies the
    account's suspension state to the organization's streams or users.
    """
    from cambill.clouds.services import account_create

    require(actor, "watcher.manage", cloud)
    if not adoptions:
        raise validation("organizations", _("Name at least one organization to adopt."))
    if len(adoptions) > MAX_ADOPT:
        raise validation(
            "organizations",
            _("At most %(n)s organizations at a time.") % {"n": MAX_ADOPT},
        )
    ids = [a.org_id for a in adoptions]
    if len(set(ids)) != len(ids):
        raise validation("organizations", _("Each organization may appear only once."))
    for item in adoptions:
        if item.account is not None and item.account.cloud_id != cloud.pk:
            raise validation(
                "organizations",
                _("Account %(code)s is not in this cloud.") % {"code": item.account.code},
            )
    conn = _watcher_connection(cloud)
    found = {int(o["id"]): o for o in _read_organizations(conn, client)}
    result = AdoptResult()
    with transaction.atomic():
        # One adoption at a time per cloud: the checks below then hold until commit.
        WatcherConnection.objects.select_for_update().filter(pk=conn.pk).first()
        links = {
            lk.org_id: lk
            for lk in WatcherOrgLink.objects.filter(cloud=cloud).select_related("account")
        }
        by_account = {lk.account_id: lk.org_id for lk in links.values()}
        created_links = []
        for item in adoptions:
            link = links.get(item.org_id)
            if link is not None:
                wanted = item.account.code if item.account is not None else item.code
                if wanted and link.account.code != wanted:
                    raise DomainError(
                        ErrorCode.CONFLICT,
                        _("Organization %(org)s is linked to account %(code)s already.")
                        % {"org": item.org_id, "code": link.account.code},
                    )
                result.unchanged.append(
                    {"organization_id": item.org_id, "account": link.account.code}
                )
                continue
            org = found.get(item.org_id)
            if org is None or org.get("is_default"):
                raise validation(
                    "organizations",
                    _("Watcher has no organization %(org)s to adopt.") % {"org": item.org_id},
                )
            title = str(org.get("title") or "").strip()
            account = item.account
            created = account is None
            if account is None:
                code = item.code or org_code(title, item.org_id)
                account = account_create(
                    actor=actor, cloud=cloud, code=code, name=item.name or title or code
                )
            elif account.pk in by_account:
                raise DomainError(
                    ErrorCode.CONFLICT,
                    _("Account %(code)s is linked to organization %(org)s already.")
                    % {"code": account.code, "org": by_account[account.pk]},
                )
            member = bool(org.get("billing_member"))
            created_links.append(
                WatcherOrgLink(
                    cloud=cloud,
                    account=account,
                    org_id=item.org_id,
                    billing_member=member,
                    created_at=clock.now(),
                )
            )
            by_account[account.pk] = item.org_id
            result.adopted.append(
                {
                    "organization_id": item.org_id,
                    "account": account.code,
                    "created": created,
                    "join": not member,
                }
            )
        if not created_links:
            return result
        try:
            with transaction.atomic():
                WatcherOrgLink.objects.bulk_create(created_links)
        except IntegrityError:
            raise DomainError(
                ErrorCode.CONFLICT, _("An organization or account got linked meanwhile.")
            ) from None
        for row in created_links:
            watcher_enqueue_account_state(row.account)
        audit(
            actor=actor,
            verb="watcher_orgs_adopt",
            obj=conn,
            after={"adopted": result.adopted, "unchanged": len(result.unchanged)},
        )
    return result
