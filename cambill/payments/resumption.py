"""Dunning's records and the resumption of an account once nothing is owed.

Below the payment verbs: ``payment_record`` calls ``dunning_check_resume`` after a
payment, and the dunning run (``dunning.py``, above the verbs) records through
``_record``. This module never imports ``services`` or ``dunning``
(docs/decisions/0014).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from cambill.clouds.models import Account, AccountStatus, Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.core.audit import audit, snapshot
from cambill.invoicing.models import Invoice

from .ledger import account_balance
from .models import DunningEvent


def _record(
    account: Account,
    kind: str,
    at: datetime,
    invoice: Invoice | None = None,
    day: int | None = None,
    detail: str = "",
) -> DunningEvent | None:
    try:
        with transaction.atomic():
            ev = DunningEvent.objects.create(
                cloud_id=account.cloud_id,
                account=account,
                invoice=invoice,
                kind=kind,
                day=day,
                detail=detail[:300],
                at=at,
            )
    except IntegrityError:
        return None  # already done for this invoice and day
    audit(actor=SYSTEM, verb=f"dunning_{kind}", obj=ev, after=snapshot(ev))
    return ev


def _emit(cloud: Cloud, type_: str, data: dict[str, Any]) -> None:
    from cambill.webhooks.services import webhook_emit

    webhook_emit(cloud=cloud, type=type_, data=data)


def _suspended_by_dunning(account: Account) -> bool:
    last = (
        DunningEvent.objects.filter(account=account, kind__in=["suspended", "resumed"])
        .order_by("-at", "-id")
        .first()
    )
    return last is not None and last.kind == "suspended"


@transaction.atomic
def dunning_check_resume(*, account: Account, now: datetime | None = None) -> bool:
    """Resume an account dunning suspended once nothing is owed any more."""
    from cambill.clouds.services import account_resume

    now = clock.given(now)
    account = Account.objects.get(pk=account.pk)
    if account.status != AccountStatus.SUSPENDED or not _suspended_by_dunning(account):
        return False
    if account_balance(account) > 0:
        return False
    account_resume(
        actor=SYSTEM,
        account=account,
        at=_resume_at(account, now),
        reason="Balance settled",
        webhook_data={"reason": "paid"},
    )
    _record(account, "resumed", now, detail="Balance settled")
    return True


def _resume_at(account: Account, now: datetime) -> datetime | None:
    """``now``, unless it is not after the open suspension's start (a payment
    dated before the dunning run that suspended) or in the future: then the
    resumption is dated by the clock."""
    from cambill.clouds.models import AccountSuspension

    open_ = AccountSuspension.objects.filter(account=account, end__isnull=True).first()
    if open_ is not None and now <= open_.start:
        return None
    return None if now > clock.now() else now
