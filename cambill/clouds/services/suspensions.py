"""Suspension and resumption of subscriber accounts: dated facts kept as a history.

``account_suspend`` opens an :class:`~cambill.clouds.models.AccountSuspension`
at ``at``, ``account_resume`` closes it at ``at``; both set ``account.status``
(which Watcher's pushes read) and queue the account's state for Watcher. Every
path that suspends or resumes an account goes through them: the API and the
account page, ``account_update(status=...)`` and dunning. The rating reads the
history (cloud setting ``suspended_days``; wholesale ``billed_while_suspended``).

``at`` defaults to now and is never in the future (the state in Watcher changes
now), nor inside a period already invoiced (the invoice would no longer tell the
truth: correct it with a credit note instead).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.validation import check_text

from ..models import Account, AccountStatus, AccountSuspension
from ._shared import _check_aware, _push_account, _require_account_scope, _require_cloud_write

REASON_MAX_LENGTH = 300


def _when(at: Any) -> datetime:
    now = clock.now()
    if at is None:
        return now
    value = _check_aware(at, "at")
    assert value is not None
    if value > now:
        raise validation("at", _("A suspension or resumption cannot be dated in the future."))
    return value


def _check_not_invoiced(account: Account, at: datetime) -> None:
    from cambill.invoicing.selectors import billed_until

    until = billed_until(account.cloud)
    if until is not None and at < until:
        raise DomainError(
            ErrorCode.CONFLICT,
            _(
                "Periods up to %(until)s are already invoiced; date it from then on "
                "or correct the invoice with a credit note."
            )
            % {"until": until.isoformat()},
            {"at": [_("Inside an invoiced period.")]},
        )


def _reason(reason: Any) -> str:
    return check_text(reason or "", "reason", max_length=REASON_MAX_LENGTH, required=False)


def _user(actor: Actor) -> Any:
    user = getattr(actor, "user", None)
    return user if getattr(user, "pk", None) is not None else None


def _lock(actor: Actor, account: Account) -> Account:
    _require_cloud_write(actor, account.cloud, "account.edit")
    _require_account_scope(actor, account)
    return Account.objects.select_for_update().select_related("cloud").get(pk=account.pk)


def _emit(account: Account, type_: str, data: dict[str, Any]) -> None:
    from cambill.webhooks.services import webhook_emit

    webhook_emit(cloud=account.cloud, type=type_, data=data)


def _as_dict(s: AccountSuspension) -> dict[str, Any]:
    return {
        "start": s.start.isoformat(),
        "end": s.end.isoformat() if s.end else None,
        "reason": s.reason,
        "resume_reason": s.resume_reason,
    }


@transaction.atomic
def account_suspend(
    *,
    actor: Actor,
    account: Account,
    at: datetime | None = None,
    reason: str = "",
    webhook_data: Mapping[str, Any] | None = None,
) -> AccountSuspension:
    """Suspend ``account`` from ``at`` (default now) until it is resumed.

    ``webhook_data`` adds to the ``account.suspended`` event (dunning names the
    overdue invoice).
    """
    account = _lock(actor, account)
    when = _when(at)
    text = _reason(reason)
    if account.status == AccountStatus.CLOSED:
        raise DomainError(ErrorCode.INVALID_STATE, _("A closed account cannot be suspended."))
    if AccountSuspension.objects.filter(account=account, end__isnull=True).exists():
        raise DomainError(ErrorCode.INVALID_STATE, _("The account is already suspended."))
    _check_not_invoiced(account, when)
    if AccountSuspension.objects.filter(account=account, end__gt=when).exists():
        raise DomainError(
            ErrorCode.OVERLAPPING_INTERVAL,
            _("The suspension overlaps the account's suspension history."),
            {"at": [_("Before the end of an earlier suspension.")]},
        )
    before = snapshot(account)
    try:
        with transaction.atomic():
            suspension = AccountSuspension.objects.create(
                cloud_id=account.cloud_id,
                account=account,
                start=when,
                end=None,
                reason=text,
                suspended_by=_user(actor),
                created_at=clock.now(),
            )
    except IntegrityError:
        # PostgreSQL's exclusion constraint or the one-open rule: a concurrent
        # writer got there first.
        raise DomainError(
            ErrorCode.OVERLAPPING_INTERVAL,
            _("The suspension overlaps the account's suspension history."),
        ) from None
    account.status = AccountStatus.SUSPENDED
    account.save(update_fields=["status"])
    audit(
        actor=actor,
        verb="account_suspend",
        obj=account,
        before=before,
        after={**snapshot(account), "suspension": _as_dict(suspension)},
    )
    _push_account(account)
    _emit(
        account,
        "account.suspended",
        {"account": account.code, "at": when.isoformat(), "reason": text, **(webhook_data or {})},
    )
    return suspension


@transaction.atomic
def account_resume(
    *,
    actor: Actor,
    account: Account,
    at: datetime | None = None,
    reason: str = "",
    webhook_data: Mapping[str, Any] | None = None,
) -> AccountSuspension | None:
    """End the account's open suspension at ``at`` (default now).

    An account suspended before the history existed (no open suspension) is
    just made active; None is returned then.
    """
    account = _lock(actor, account)
    when = _when(at)
    text = _reason(reason)
    open_ = (
        AccountSuspension.objects.select_for_update()
        .filter(account=account, end__isnull=True)
        .first()
    )
    if open_ is None and account.status != AccountStatus.SUSPENDED:
        raise DomainError(ErrorCode.INVALID_STATE, _("The account is not suspended."))
    before = snapshot(account)
    if open_ is not None:
        if when <= open_.start:
            raise validation(
                "at",
                _("Resume after the suspension started (%(start)s).")
                % {"start": open_.start.isoformat()},
            )
        _check_not_invoiced(account, when)
        open_.end = when
        open_.resume_reason = text
        open_.resumed_by = _user(actor)
        open_.save(update_fields=["end", "resume_reason", "resumed_by"])
    account.status = AccountStatus.ACTIVE
    account.save(update_fields=["status"])
    audit(
        actor=actor,
        verb="account_resume",
        obj=account,
        before=before,
        after={
            **snapshot(account),
            "suspension": _as_dict(open_) if open_ is not None else None,
            "at": when.isoformat(),
        },
    )
    _push_account(account)
    _emit(
        account,
        "account.resumed",
        {"account": account.code, "at": when.isoformat(), "reason": text, **(webhook_data or {})},
    )
    return open_
