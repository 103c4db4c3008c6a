"""The verbs of the collections page: remind now, confirm or dismiss a suspension.

Each runs in one transaction and writes its audit row under the person who acted.
A reminder sent by hand goes through the e-mail outbox like the dunning run's
(the dunning reminder template, in the account's language) and is sent at most
once per account and local day of the cloud, however often it is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from cambill.clouds.models import Account, AccountStatus, AccountSuspension, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.display import person_name
from cambill.core.errors import DomainError, ErrorCode, NotFound, validation
from cambill.core.permissions import can, require
from cambill.core.validation import check_text

from ..models import DunningEvent, DunningPolicy
from ..resumption import _record
from .rules import DISMISSED, dismissed_invoice_ids, dunning_days, open_invoices, suspension_due

# One request reminds at most this many accounts (a page of the collections list is 25).
MAX_ACCOUNTS = 500
REASON_MAX_LENGTH = 300


class ReminderStatus:
    SENT = "sent"
    ALREADY_SENT = "already_sent"  # one was sent by hand earlier the same local day
    NOTHING_OVERDUE = "nothing_overdue"
    NO_CONTACT = "no_contact"  # no billing contact to write to


@dataclass
class ReminderResult:
    account: Account
    status: str
    invoice: Any = None
    amount: Decimal | None = None
    message: Any = None


def _local_day(cloud: Cloud, now: datetime) -> tuple[datetime, datetime, Any]:
    tz = ZoneInfo(cloud.timezone)
    today = now.astimezone(tz).date()
    start = datetime.combine(today, time(0), tzinfo=tz)
    end = datetime.combine(today + timedelta(days=1), time(0), tzinfo=tz)
    return start, end, today


def _codes(accounts: Any) -> list[str]:
    if (
        not isinstance(accounts, list | tuple)
        or not accounts
        or any(not isinstance(c, str) or not c or len(c) > 64 for c in accounts)
    ):
        raise validation("accounts", _("Give a list of account codes."))
    if len(accounts) > MAX_ACCOUNTS:
        raise validation(
            "accounts",
            _("At most %(max)s accounts at a time.") % {"max": MAX_ACCOUNTS},
        )
    return list(dict.fromkeys(accounts))


def _accounts(actor: Actor, cloud: Cloud, codes: Sequence[str], action: str) -> list[Account]:
    """The named accounts, all or nothing: an unknown code and one outside the
    actor's reach are refused alike, before anything is written."""
    found = {
        a.code: a
        for a in Account.objects.select_for_update()
        .select_related("cloud")
        .filter(cloud=cloud, code__in=list(codes))
        .order_by("pk")
    }
    missing = [c for c in codes if c not in found or not can(actor, action, found[c])]
    if missing:
        raise validation(
            "accounts",
            _("No such account: %(codes)s.") % {"codes": ", ".join(sorted(missing))},
        )
    return [found[c] for c in codes]


def _user_name(actor: Actor) -> str:
    """Who did it, by name (the login when the person has no name)."""
    return person_name(getattr(actor, "user", None))


def _event(
    account: Account, invoice: Any, kind: str, day: int, detail: str, now: datetime
) -> DunningEvent:
    """A dunning record of what a person did (the account's dunning history shows it)."""
    return DunningEvent.objects.create(
        cloud_id=account.cloud_id,
        account=account,
        invoice=invoice,
        kind=kind,
        day=day,
        detail=detail[:300],
        at=now,
    )


@transaction.atomic
def collections_remind(
    *, actor: Actor, cloud: Cloud, accounts: Any, now: datetime | None = None
) -> list[ReminderResult]:
    """Send each named account a dunning reminder now, for its oldest overdue
    invoice, unless one was already sent by hand this local day."""
    from cambill.notifications import notify

    if not can(actor, "collections.view", cloud):
        raise NotFound("cloud")
    require(actor, "collections.remind")
    now = clock.given(now)
    codes = _codes(accounts)
    targets = _accounts(actor, cloud, codes, "collections.remind")
    start, end, today = _local_day(cloud, now)
    tz = ZoneInfo(cloud.timezone)
    overdue: dict[int, tuple[Any, Decimal]] = {}
    for inv, left in open_invoices(cloud, [a.pk for a in targets]):
        assert inv.due_at is not None and inv.account_id is not None
        if inv.due_at.astimezone(tz).date() < today:
            overdue.setdefault(inv.account_id, (inv, left))  # the oldest comes first
    results = []
    for account in targets:
        if DunningEvent.objects.filter(
            account=account, kind="manual", at__gte=start, at__lt=end
        ).exists():
            results.append(ReminderResult(account, ReminderStatus.ALREADY_SENT))
            continue
        if account.pk not in overdue:
            results.append(ReminderResult(account, ReminderStatus.NOTHING_OVERDUE))
            continue
        inv, left = overdue[account.pk]
        days = (today - inv.due_at.astimezone(tz).date()).days
        msg = notify.dunning_reminder(
            account,
            inv,
            day=days,
            open_amount=left,
            now=now,
            dedup_key=f"account:{account.pk}:reminder-now:{today.isoformat()}",
        )
        if msg is None:
            results.append(ReminderResult(account, ReminderStatus.NO_CONTACT, inv, left))
            continue
        event = _event(
            account, inv, "manual", days, f"{left} {inv.currency} ({_user_name(actor)})", now
        )
        _cover_reached_reminders(account, inv, now)
        audit(
            actor=actor,
            verb="collections_remind",
            obj=account,
            after={
                "event": event.pk,
                "invoice": inv.number,
                "days_overdue": days,
                "amount": str(left),
                "message": msg.pk,
                "language": msg.language,
            },
            now=now,
        )
        results.append(ReminderResult(account, ReminderStatus.SENT, inv, left, msg))
    return results


def _cover_reached_reminders(account: Account, invoice: Any, now: datetime) -> None:
    """The policy's reminders this invoice has reached count as sent by the one sent
    by hand, so the next dunning run does not mail the same reminder again and the
    page's next step moves on to the next reminder day."""
    policy = DunningPolicy.objects.filter(cloud_id=account.cloud_id, enabled=True).first()
    if policy is None:
        return
    days = dunning_days(invoice, now)
    for d in policy.reminder_days:
        if d <= days:
            _record(account, "reminder", now, invoice, d, "covered by a reminder sent by hand")


def _due_for(account: Account, now: datetime) -> list[tuple[Any, Decimal, int]]:
    policy = DunningPolicy.objects.filter(cloud_id=account.cloud_id, enabled=True).first()
    if policy is None or account.status != AccountStatus.ACTIVE:
        return []
    due = suspension_due(
        open_invoices(account.cloud, [account.pk]),
        suspend_after_days=policy.suspend_after_days,
        now=now,
        dismissed=dismissed_invoice_ids(account.cloud),
    )
    return due.get(account.pk, [])


def _lock_queued(actor: Actor, account: Account, now: datetime) -> tuple[Account, list[Any]]:
    if not can(actor, "collections.view", account.cloud):
        raise NotFound("account")
    require(actor, "collections.suspend", account)
    account = Account.objects.select_for_update().select_related("cloud").get(pk=account.pk)
    due = _due_for(account, now)
    if not due:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            _("Account %(code)s is not in the suspension queue.") % {"code": account.code},
        )
    return account, due


@transaction.atomic
def suspension_confirm(
    *, actor: Actor, account: Account, now: datetime | None = None
) -> AccountSuspension:
    """Suspend an account of the queue now, as the dunning run would have: the
    same dated fact (``account_suspend``), and a dunning record so that paying
    what is owed resumes it."""
    from cambill.clouds.services import account_suspend

    now = clock.given(now)
    account, due = _lock_queued(actor, account, now)
    inv, _left, days = due[0]
    suspension = account_suspend(
        actor=actor,
        account=account,
        at=min(now, clock.now()),
        reason=f"{inv.number} {days} days overdue",
        webhook_data={"invoice": inv.number, "days_overdue": days},
    )
    detail = f"{inv.number} {days} days overdue, confirmed by {_user_name(actor)}"
    event = _event(account, inv, "suspended", days, detail, now)
    audit(
        actor=actor,
        verb="suspension_confirm",
        obj=account,
        after={"event": event.pk, "invoice": inv.number, "days_overdue": days},
        now=now,
    )
    return suspension


@transaction.atomic
def suspension_dismiss(
    *, actor: Actor, account: Account, reason: Any = "", now: datetime | None = None
) -> list[DunningEvent]:
    """Keep an account of the queue active: the invoices that brought it there
    never suspend it (a later invoice reaching the suspension day brings it back)."""
    now = clock.given(now)
    text = check_text(reason or "", "reason", max_length=REASON_MAX_LENGTH, required=False)
    account, due = _lock_queued(actor, account, now)
    detail = text or f"dismissed by {_user_name(actor)}"
    events = [_event(account, inv, DISMISSED, days, detail, now) for inv, _left, days in due]
    audit(
        actor=actor,
        verb="suspension_dismiss",
        obj=account,
        after={"invoices": [inv.number for inv, _l, _d in due], "reason": text},
        now=now,
    )
    return events
