"""Writes on subscriber accounts: create and edit (scoped to the actor's cloud and accounts)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cambill.accounts.roles import Role
from cambill.core import clock, languages
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, Forbidden, validation
from cambill.core.field_errors import FieldErrors, clean_each
from cambill.core.validation import check_code, check_text, duplicate, validate_model

from ..models import Account, AccountStatus, Cloud
from ._shared import (
    _check_aware,
    _push_account,
    _require_account_scope,
    _require_cloud_write,
    checked_tax_id,
)

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


def _clean_account_fields(
    actor: Actor, cloud: Cloud, data: dict[str, Any], errors: FieldErrors | None = None
) -> dict[str, Any]:
    """The checked fields; every bad one is refused in the same error."""
    return clean_each(data, lambda k, v: _clean_account_field(actor, cloud, k, v), errors)


def _clean_account_field(actor: Actor, cloud: Cloud, key: str, value: Any) -> Any:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from cambill.accounts.models import User
    from cambill.referrals.models import Agent

    if key not in ACCOUNT_EDITABLE:
        raise validation(key, gettext("'%(key)s' cannot be set here.") % {"key": key})
    if key == "name":
        value = check_text(value, key)
    elif key == "email":
        value = check_text(value, key, required=False)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise validation(key, gettext("Enter a valid e-mail address.")) from None
    elif key == "account_manager":
        if value is not None:
            if not isinstance(value, User):
                value = User.objects.filter(username=value).first()
            if (
                value is None
                or value.role not in (Role.ACCOUNT_MANAGER, Role.CLOUD_ADMIN)
                or getattr(getattr(value, "membership", None), "cloud_id", None) != cloud.pk
            ):
                raise validation(key, gettext("Not an account manager of this cloud."))
    elif key == "owner":
        if value is not None and not isinstance(value, User):
            raise validation(key, gettext("Unknown user."))
    elif key == "referral_agent":
        if value is not None:
            if not isinstance(value, Agent):
                value = Agent.objects.filter(cloud=cloud, code=value).first()
            if value is None or value.cloud_id != cloud.pk:
                raise validation(key, gettext("Not an agent of this cloud."))
            if actor.role == Role.AGENT and value.pk != actor.agent_id:
                raise Forbidden(gettext("An agent can only attribute accounts to itself."))
    elif key == "trial_until":
        value = _check_aware(value, key)
    elif key == "status":
        if value not in AccountStatus.values:
            raise validation(
                key, gettext("Use one of %(value)s.") % {"value": ", ".join(AccountStatus.values)}
            )
    elif key == "language":
        if not languages.is_supported(value):
            raise validation(key, languages.use_message())
    elif key in ("legal_name", "tax_id") or key == "address":
        value = check_text(value, key, required=False)
    return value


@transaction.atomic
def account_create(*, actor: Actor, cloud: Cloud, code: str, name: str, **fields: Any) -> Account:
    """Create a subscriber account. An account manager becomes its manager and an
    agent its referral agent unless set otherwise by staff."""
    _require_cloud_write(actor, cloud, "account.create")
    errors = FieldErrors()
    code = errors.check(check_code, code, max_length=None) or code
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
            raise DomainError(ErrorCode.INVALID_STATE, gettext("This agent is deactivated."))
        fields["referral_agent"] = agent
    data = _clean_account_fields(actor, cloud, {"name": name, **fields}, errors)
    if actor.role == Role.ACCOUNT_MANAGER and data.get("account_manager") not in (None, actor.user):
        raise Forbidden(gettext("An account manager creates accounts for itself."))
    errors.raise_if_any()
    account = Account(cloud=cloud, code=code, created_at=clock.now(), **data)
    errors.check(validate_model, account)
    if Account.objects.filter(cloud=cloud, code=code).exists():
        errors.add_error(duplicate("code", "account", code))
    errors.raise_if_any()
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
        raise Forbidden(gettext("Only cloud admins change an account's referral agent."))
    account = Account.objects.select_for_update().get(pk=account.pk)
    errors = FieldErrors()
    data = _clean_account_fields(actor, account.cloud, fields, errors)
    if "tax_id" in data:
        with errors.field():
            data["tax_id"] = checked_tax_id(account, data["tax_id"])
    errors.raise_if_any()
    if (
        actor.role == Role.ACCOUNT_MANAGER
        and "account_manager" in data
        and data["account_manager"] != actor.user
    ):
        raise Forbidden(gettext("Only cloud admins reassign accounts."))
    # Suspension and resumption are dated facts: a status change between active
    # and suspended goes through their verbs (dated now), never a bare field write.
    verb = _status_verb(account.status, data.get("status"))
    if verb is not None:
        del data["status"]
    before = snapshot(account)
    for k, v in data.items():
        setattr(account, k, v)
    validate_model(account, fields=data)
    account.save()
    audit(actor=actor, verb="account_update", obj=account, before=before, after=snapshot(account))
    if verb is not None:
        verb(actor=actor, account=account)
        account.refresh_from_db()
    else:
        _push_account(account)
    return account


def _status_verb(current: str, wanted: str | None) -> Any:
    from .suspensions import account_resume, account_suspend

    if wanted == AccountStatus.SUSPENDED and current == AccountStatus.ACTIVE:
        return account_suspend
    if wanted == AccountStatus.ACTIVE and current == AccountStatus.SUSPENDED:
        return account_resume
    return None
