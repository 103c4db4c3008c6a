"""Writes on clouds, accounts and cameras. One verb, one transaction, one audit row."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from cambill.accounts.roles import Role
from cambill.core import clock, languages
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, Forbidden, validation
from cambill.core.permissions import require
from cambill.core.validation import (
    check_code,
    check_currency,
    check_percent,
    check_text,
    check_timezone,
    duplicate,
    validate_model,
)

from .models import (
    Account,
    AccountStatus,
    Camera,
    CameraStatus,
    CameraTariffPeriod,
    Cloud,
    CloudStatus,
    Proration,
)

CLOUD_EDITABLE = (
    "name",
    "currency",
    "timezone",
    "proration",
    "discount_percent",
    "tax_percent",
    "wholesale_tax_percent",
    "trial_until",
    "manager",
    "status",
    "legal_name",
    "tax_id",
    "address",
    "invoice_prefix",
    "invoice_number_width",
    "auto_issue",
    "late_usage_policy",
)


def _check_aware(value: Any, field: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise validation(field, "Give a time with its UTC offset (ISO 8601).")
    return value


def _clean_cloud_fields(data: dict[str, Any]) -> dict[str, Any]:
    from cambill.accounts.models import User

    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in CLOUD_EDITABLE:
            raise validation(key, f"'{key}' cannot be set here.")
        if key == "name":
            value = check_text(value, key)
        elif key == "currency":
            value = check_currency(value)
        elif key == "timezone":
            value = check_timezone(value)
        elif key == "proration":
            if value not in Proration.values:
                raise validation(key, "Use 'day' or 'second'.")
        elif key in ("discount_percent", "tax_percent", "wholesale_tax_percent"):
            value = check_percent(value, key)
        elif key == "trial_until":
            value = _check_aware(value, key)
        elif key == "status":
            if value not in CloudStatus.values:
                raise validation(key, f"Use one of {', '.join(CloudStatus.values)}.")
        elif key == "manager":
            if value is not None:
                if not isinstance(value, User):
                    value = User.objects.filter(username=value).first()
                if value is None or (
                    value.role != Role.PROVIDER_MANAGER and value.role != Role.PROVIDER_ADMIN
                ):
                    raise validation(key, "The manager must be a provider manager or admin.")
        elif key in ("legal_name", "tax_id", "invoice_prefix") or key == "address":
            value = check_text(value, key, required=False)
        elif key == "invoice_number_width":
            if not isinstance(value, int) or not 1 <= value <= 12:
                raise validation(key, "Between 1 and 12 digits.")
        elif key == "auto_issue":
            value = bool(value)
        elif key == "late_usage_policy":
            from .models import LateUsagePolicy

            if value not in LateUsagePolicy.values:
                raise validation(key, f"Use one of {', '.join(LateUsagePolicy.values)}.")
        out[key] = value
    return out


def _prefix_taken(prefix: str, cloud_id: int | None) -> bool:
    from cambill.invoicing.numbering import provider_prefix

    if prefix.upper() == provider_prefix().upper():
        return True
    others = Cloud.objects.filter(invoice_prefix__iexact=prefix)
    if cloud_id is not None:
        others = others.exclude(pk=cloud_id)
    return others.exists()


def _check_prefix_free(prefix: str, cloud_id: int | None) -> None:
    """Invoice numbers are unique across clouds, so prefixes must be too."""
    if _prefix_taken(prefix, cloud_id):
        raise duplicate("invoice_prefix", "invoice prefix", prefix)


def _free_prefix(slug: str) -> str:
    """``SLUG-`` cut to 10 letters; ``SLUG2-``, ``SLUG3-``... when another cloud has it."""
    base = slug.upper()[:10]
    prefix, n = f"{base}-", 1
    while _prefix_taken(prefix, None):
        n += 1
        prefix = f"{base}{n}-"
    return prefix


@transaction.atomic
def cloud_create(
    *, actor: Actor, slug: str, name: str, currency: str, timezone_name: str, **fields: Any
) -> Cloud:
    """Create a cloud for an operator; its slug is its login name."""
    require(actor, "cloud.create")
    slug = check_code(slug, "slug", max_length=None).lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", slug):
        raise validation("slug", "A cloud's login name uses letters, digits, '-' and '_'.")
    data = _clean_cloud_fields(
        {"name": name, "currency": currency, "timezone": timezone_name, **fields}
    )
    cloud = Cloud(slug=slug, created_at=clock.now(), **data)
    validate_model(cloud)
    if Cloud.objects.filter(slug=slug).exists():
        raise duplicate("slug", "cloud", slug)
    if data.get("invoice_prefix"):
        _check_prefix_free(data["invoice_prefix"], None)
    else:
        cloud.invoice_prefix = _free_prefix(slug)
    try:
        with transaction.atomic():
            cloud.save(force_insert=True)
    except IntegrityError:
        raise duplicate("slug", "cloud", slug) from None
    audit(
        actor=actor,
        verb="cloud_create",
        obj=cloud,
        after=snapshot(cloud),
        cloud_id=cloud.pk,
        now=cloud.created_at,
    )
    return cloud


@transaction.atomic
def cloud_update(*, actor: Actor, cloud: Cloud, **fields: Any) -> Cloud:
    require(actor, "cloud.edit")
    cloud = Cloud.objects.select_for_update().get(pk=cloud.pk)
    data = _clean_cloud_fields(fields)
    if "currency" in data and data["currency"] != cloud.currency and cloud.tariffs.exists():
        raise DomainError(
            ErrorCode.CONFLICT,
            "The currency cannot change once the cloud has tariffs.",
            {"currency": ["Locked by existing tariffs."]},
        )
    if data.get("invoice_prefix"):
        _check_prefix_free(data["invoice_prefix"], cloud.pk)
    before = snapshot(cloud)
    for k, v in data.items():
        setattr(cloud, k, v)
    validate_model(cloud, fields=data)
    cloud.save()
    audit(actor=actor, verb="cloud_update", obj=cloud, before=before, after=snapshot(cloud))
    return cloud


# --- accounts -------------------------------------------------------------

ACCOUNT_EDITABLE = (
    "name",
    "email",
    "account_manager",
    "referral_agent",
    "trial_until",
    "status",
    "language",
    "legal_name",
    "tax_id",
    "address",
    "owner",
)


def _clean_account_fields(actor: Actor, cloud: Cloud, data: dict[str, Any]) -> dict[str, Any]:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from cambill.accounts.models import User
    from cambill.referrals.models import Agent

    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in ACCOUNT_EDITABLE:
            raise validation(key, f"'{key}' cannot be set here.")
        if key == "name":
            value = check_text(value, key)
        elif key == "email":
            value = check_text(value, key, required=False)
            if value:
                try:
                    validate_email(value)
                except ValidationError:
                    raise validation(key, "Enter a valid e-mail address.") from None
        elif key == "account_manager":
            if value is not None:
                if not isinstance(value, User):
                    value = User.objects.filter(username=value).first()
                if (
                    value is None
                    or value.role not in (Role.ACCOUNT_MANAGER, Role.CLOUD_ADMIN)
                    or getattr(getattr(value, "membership", None), "cloud_id", None) != cloud.pk
                ):
                    raise validation(key, "Not an account manager of this cloud.")
        elif key == "owner":
            if value is not None and not isinstance(value, User):
                raise validation(key, "Unknown user.")
        elif key == "referral_agent":
            if value is not None:
                if not isinstance(value, Agent):
                    value = Agent.objects.filter(cloud=cloud, code=value).first()
                if value is None or value.cloud_id != cloud.pk:
                    raise validation(key, "Not an agent of this cloud.")
                if actor.role == Role.AGENT and value.pk != actor.agent_id:
                    raise Forbidden("An agent can only attribute accounts to itself.")
        elif key == "trial_until":
            value = _check_aware(value, key)
        elif key == "status":
            if value not in AccountStatus.values:
                raise validation(key, f"Use one of {', '.join(AccountStatus.values)}.")
        elif key == "language":
            if not languages.is_supported(value):
                raise validation(key, languages.use_message())
        elif key in ("legal_name", "tax_id") or key == "address":
            value = check_text(value, key, required=False)
        out[key] = value
    return out


def _require_cloud_write(actor: Actor, cloud: Cloud, action: str) -> None:
    require(actor, action)
    if actor.is_provider:
        if actor.role == Role.PROVIDER_MANAGER and cloud.pk not in actor.managed_cloud_ids:
            raise Forbidden("Not one of your clouds.")
        return
    if actor.cloud_id != cloud.pk:
        raise Forbidden("Not your cloud.")


def _require_account_scope(actor: Actor, account: Account) -> None:
    if actor.role == Role.ACCOUNT_MANAGER and account.account_manager_id != actor.user.pk:
        raise Forbidden("Not one of your accounts.")
    if actor.role == Role.AGENT and account.referral_agent_id != actor.agent_id:
        raise Forbidden("Not one of your accounts.")
    if actor.role == Role.SUBSCRIBER and account.pk != actor.account_id:
        raise Forbidden("Not your account.")


@transaction.atomic
def account_create(*, actor: Actor, cloud: Cloud, code: str, name: str, **fields: Any) -> Account:
    """Create a subscriber account. An account manager becomes its manager and an
    agent its referral agent unless set otherwise by staff."""
    _require_cloud_write(actor, cloud, "account.create")
    code = check_code(code, max_length=None)
    if actor.role == Role.ACCOUNT_MANAGER:
        fields.setdefault("account_manager", actor.user)
    if actor.role == Role.AGENT:
        from cambill.referrals.models import Agent

        if fields.get("account_manager") is not None:
            # Who looks after an account is the cloud's choice, not the agent's
            # (an agent could otherwise route accounts to a friendly manager).
            raise validation(
                "account_manager",
                _(
                    "A referral agent cannot choose the account manager; "
                    "the cloud admin assigns one."
                ),
                ErrorCode.FORBIDDEN,
            )
        agent = Agent.objects.filter(pk=actor.agent_id or 0).first()
        if agent is None or not agent.active:
            raise DomainError(ErrorCode.INVALID_STATE, "This agent is deactivated.")
        fields["referral_agent"] = agent
    data = _clean_account_fields(actor, cloud, {"name": name, **fields})
    if actor.role == Role.ACCOUNT_MANAGER and data.get("account_manager") not in (None, actor.user):
        raise Forbidden("An account manager creates accounts for itself.")
    account = Account(cloud=cloud, code=code, created_at=clock.now(), **data)
    validate_model(account)
    if Account.objects.filter(cloud=cloud, code=code).exists():
        raise duplicate("code", "account", code)
    try:
        with transaction.atomic():
            account.save(force_insert=True)
    except IntegrityError:
        raise duplicate("code", "account", code) from None
    audit(
        actor=actor,
        verb="account_create",
        obj=account,
        after=snapshot(account),
        now=account.created_at,
    )
    _push_account(account)
    return account


@transaction.atomic
def account_update(*, actor: Actor, account: Account, **fields: Any) -> Account:
    _require_cloud_write(actor, account.cloud, "account.edit")
    _require_account_scope(actor, account)
    if "referral_agent" in fields and not actor.can("agent.manage"):
        # Attribution decides who earns commission: a staff action
        # (referrals.services.account_change_agent), not an account edit.
        raise Forbidden("Only cloud admins change an account's referral agent.")
    account = Account.objects.select_for_update().get(pk=account.pk)
    data = _clean_account_fields(actor, account.cloud, fields)
    if (
        actor.role == Role.ACCOUNT_MANAGER
        and "account_manager" in data
        and data["account_manager"] != actor.user
    ):
        raise Forbidden("Only cloud admins reassign accounts.")
    before = snapshot(account)
    for k, v in data.items():
        setattr(account, k, v)
    validate_model(account, fields=data)
    account.save()
    audit(actor=actor, verb="account_update", obj=account, before=before, after=snapshot(account))
    _push_account(account)
    return account


# --- cameras --------------------------------------------------------------


@transaction.atomic
def camera_create(
    *,
    actor: Actor,
    cloud: Cloud,
    code: str,
    title: str = "",
    account: Account | None = None,
    tariff: Any = None,
    at: datetime | None = None,
) -> Camera:
    """Register a camera (a Watcher stream); optionally give it a tariff from ``at``."""
    _require_cloud_write(actor, cloud, "camera.manage")
    code = check_text(code, "code")
    title = check_text(title, "title", required=False)
    if account is not None:
        if account.cloud_id != cloud.pk:
            raise validation("account", "Not an account of this cloud.")
        _require_account_scope(actor, account)
    elif actor.role == Role.ACCOUNT_MANAGER:
        raise validation("account", "Choose one of your accounts.")
    camera = Camera(cloud=cloud, code=code, title=title, account=account, created_at=clock.now())
    validate_model(camera)
    if Camera.objects.filter(cloud=cloud, code=code).exists():
        raise duplicate("code", "camera", code)
    try:
        with transaction.atomic():
            camera.save(force_insert=True)
    except IntegrityError:
        raise duplicate("code", "camera", code) from None
    audit(
        actor=actor, verb="camera_create", obj=camera, after=snapshot(camera), now=camera.created_at
    )
    # Usage that arrived before the camera was known is counted from now on.
    from cambill.usage.services import usage_camera_appeared

    usage_camera_appeared(camera)
    if tariff is not None:
        camera_change_tariff(actor=actor, camera=camera, tariff=tariff, at=at or camera.created_at)
    else:
        _push_camera(camera)
    return camera


@transaction.atomic
def camera_update(
    *, actor: Actor, camera: Camera, title: str | None = None, status: str | None = None
) -> Camera:
    _require_cloud_write(actor, camera.cloud, "camera.manage")
    if camera.account is not None:
        _require_account_scope(actor, camera.account)
    camera = Camera.objects.select_for_update().get(pk=camera.pk)
    before = snapshot(camera)
    if title is not None:
        camera.title = check_text(title, "title", required=False)
    if status is not None:
        if status not in CameraStatus.values:
            raise validation("status", f"Use one of {', '.join(CameraStatus.values)}.")
        camera.status = status
    validate_model(camera, fields=["title", "status"])
    camera.save()
    audit(actor=actor, verb="camera_update", obj=camera, before=before, after=snapshot(camera))
    _push_camera(camera)
    return camera


def _resolve_tariff(cloud: Cloud, tariff: Any):  # type: ignore[no-untyped-def]
    from cambill.catalog.models import TariffPlan
    from cambill.catalog.selectors import tariffs_for_cloud

    if tariff is None:
        return None
    if isinstance(tariff, TariffPlan):
        ok = tariffs_for_cloud(cloud).filter(pk=tariff.pk).exists()
        found = tariff if ok else None
    else:
        found = (
            tariffs_for_cloud(cloud)
            .filter(code=str(tariff))
            .order_by(F("cloud_id").asc(nulls_last=True))
            .first()
        )
    if found is None:
        raise validation(
            "tariff",
            f"'{tariff}' is not a tariff this cloud may sell.",
            ErrorCode.TARIFF_NOT_ALLOWED,
        )
    if found.currency != cloud.currency:
        raise validation(
            "tariff",
            "The tariff's currency differs from the cloud's.",
            ErrorCode.TARIFF_NOT_ALLOWED,
        )
    return found


def _lock_camera(camera: Camera) -> Camera:
    # select_for_update serialises concurrent changes of one camera on
    # PostgreSQL; on SQLite the IMMEDIATE transaction already holds the write lock.
    return (
        Camera.objects.select_for_update(of=("self",))
        .select_related("cloud", "account")
        .get(pk=camera.pk)
    )


def _check_not_billed(camera: Camera, at: datetime) -> None:
    from cambill.invoicing.selectors import billed_until

    until = billed_until(camera.cloud)
    if until is not None and at < until:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"Periods up to {until.isoformat()} are already invoiced; change from that time on "
            "or correct the invoice with a credit note.",
            {"at": ["Inside an invoiced period."]},
        )


def _check_no_overlap(
    camera: Camera, start: datetime, end: datetime | None, exclude: list[int] | None = None
) -> None:
    qs = CameraTariffPeriod.objects.filter(camera=camera).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    )
    if end is not None:
        qs = qs.filter(valid_from__lt=end)
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    if qs.exists():
        raise DomainError(
            ErrorCode.OVERLAPPING_INTERVAL,
            "The interval overlaps the camera's tariff history.",
            {"valid_from": ["Overlaps an existing interval."]},
        )


def _create_period(**kwargs: Any) -> CameraTariffPeriod:
    try:
        with transaction.atomic():
            return CameraTariffPeriod.objects.create(**kwargs)
    except IntegrityError:
        # PostgreSQL's exclusion constraint: a concurrent writer got there first.
        raise DomainError(
            ErrorCode.OVERLAPPING_INTERVAL, "The interval overlaps the camera's tariff history."
        ) from None


@transaction.atomic
def camera_change_tariff(*, actor: Actor, camera: Camera, tariff: Any, at: datetime) -> Camera:
    """From ``at`` on the camera holds ``tariff`` (None: no tariff).

    The period spanning ``at`` is cut there; periods that started at or after
    ``at`` are replaced (they were scheduled, not yet lived).
    """
    _require_cloud_write(actor, camera.cloud, "camera.manage")
    at = _check_aware(at, "at")  # type: ignore[assignment]
    if at is None:
        raise validation("at", "This field is required.")
    camera = _lock_camera(camera)
    if camera.account is not None:
        _require_account_scope(actor, camera.account)
    plan = _resolve_tariff(camera.cloud, tariff)
    if plan is not None and camera.account is None:
        raise validation("tariff", "Attach the camera to an account before giving it a tariff.")
    _check_not_billed(camera, at)
    periods = list(
        CameraTariffPeriod.objects.filter(camera=camera)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .order_by("valid_from")
    )
    spanning = next((p for p in periods if p.valid_from < at), None)
    if (
        spanning is not None
        and plan is not None
        and spanning.tariff_id == plan.pk
        and spanning.account_id == camera.account_id
        and spanning.valid_to is None
    ):
        return camera  # already on this tariff from before `at`
    before = [_period_dict(p) for p in periods]
    later = [p.pk for p in periods if p.valid_from >= at]
    CameraTariffPeriod.objects.filter(pk__in=later).delete()
    if spanning is not None:
        spanning.valid_to = at
        spanning.save(update_fields=["valid_to"])
    after: list[dict[str, Any]] = []
    if plan is not None:
        _check_no_overlap(camera, at, None)
        new = _create_period(
            cloud=camera.cloud,
            camera=camera,
            account=camera.account,
            tariff=plan,
            valid_from=at,
            valid_to=None,
        )
        after.append(_period_dict(new))
    audit(
        actor=actor,
        verb="camera_change_tariff",
        obj=camera,
        before={"periods": before},
        after={"tariff": plan.code if plan else None, "at": at.isoformat(), "periods": after},
    )
    _push_camera(camera)
    from cambill.webhooks.services import webhook_emit

    webhook_emit(
        cloud=camera.cloud,
        type="camera.tariff_changed",
        data={
            "camera": camera.code,
            "account": camera.account.code if camera.account else None,
            "tariff": plan.code if plan else None,
            "at": at.isoformat(),
        },
    )
    return camera


@transaction.atomic
def camera_add_tariff_period(
    *, actor: Actor, camera: Camera, tariff: Any, valid_from: datetime, valid_to: datetime | None
) -> CameraTariffPeriod:
    """Record an explicit past interval (imports, corrections of unbilled time).
    Refuses anything that overlaps the existing history."""
    _require_cloud_write(actor, camera.cloud, "camera.manage")
    _check_aware(valid_from, "valid_from")
    _check_aware(valid_to, "valid_to")
    if valid_to is not None and valid_to <= valid_from:
        raise validation("valid_to", "Must be after valid_from.")
    camera = _lock_camera(camera)
    if camera.account is None:
        raise validation("camera", "Attach the camera to an account first.")
    _require_account_scope(actor, camera.account)
    plan = _resolve_tariff(camera.cloud, tariff)
    if plan is None:
        raise validation("tariff", "This field is required.")
    _check_not_billed(camera, valid_from)
    _check_no_overlap(camera, valid_from, valid_to)
    period = _create_period(
        cloud=camera.cloud,
        camera=camera,
        account=camera.account,
        tariff=plan,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    audit(actor=actor, verb="camera_add_tariff_period", obj=camera, after=_period_dict(period))
    _push_camera(camera)
    return period


@transaction.atomic
def camera_move(*, actor: Actor, camera: Camera, account: Account | None, at: datetime) -> Camera:
    """Move a camera to another account (or detach it) from ``at``; its tariff
    carries on, and the history keeps which account held it when."""
    _require_cloud_write(actor, camera.cloud, "camera.manage")
    at = _check_aware(at, "at")  # type: ignore[assignment]
    if at is None:
        raise validation("at", "This field is required.")
    camera = _lock_camera(camera)
    if account is not None and account.cloud_id != camera.cloud_id:
        raise validation("account", "Not an account of this cloud.")
    if camera.account is not None:
        _require_account_scope(actor, camera.account)
    if account is not None:
        _require_account_scope(actor, account)
    if account is not None and camera.account_id == account.pk:
        return camera
    _check_not_billed(camera, at)
    before = snapshot(camera)
    periods = list(
        CameraTariffPeriod.objects.filter(camera=camera)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .order_by("valid_from")
    )
    for p in periods:
        if p.valid_from >= at:
            if account is None:
                p.delete()
            else:
                p.account = account
                p.save(update_fields=["account"])
        else:
            old_end = p.valid_to
            p.valid_to = at
            p.save(update_fields=["valid_to"])
            if account is not None:
                _create_period(
                    cloud=camera.cloud,
                    camera=camera,
                    account=account,
                    tariff_id=p.tariff_id,
                    valid_from=at,
                    valid_to=old_end,
                )
    camera.account = account
    camera.save(update_fields=["account"])
    audit(
        actor=actor,
        verb="camera_move",
        obj=camera,
        before=before,
        after={**snapshot(camera), "at": at.isoformat()},
    )
    _push_camera(camera)
    return camera


def _push_camera(camera: Camera) -> None:
    """Queue the camera's state for Watcher (preset of its tariff, enabled);
    the outbox row commits with this change, the push runs after commit."""
    from cambill.watcher.services.outbox import watcher_enqueue_camera_tariff

    watcher_enqueue_camera_tariff(camera)


def _push_account(account: Account) -> None:
    """Queue the account's organization and suspension state for Watcher."""
    from cambill.watcher.services.outbox import watcher_enqueue_account_state

    watcher_enqueue_account_state(account)


def _period_dict(p: CameraTariffPeriod) -> dict[str, Any]:
    return {
        "tariff": p.tariff_id,
        "account": p.account_id,
        "valid_from": p.valid_from.isoformat(),
        "valid_to": p.valid_to.isoformat() if p.valid_to else None,
    }
