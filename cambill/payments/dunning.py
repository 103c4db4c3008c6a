"""Dunning: reminders, card retries, suspension and resumption of overdue accounts.

``dunning_run(cloud, now)`` is idempotent and can run as often as wanted (the
schedule runs it hourly): each reminder and each card retry is recorded once
per invoice and day (a unique constraint), a suspension only when the account
is active, a resumption only for an account dunning itself suspended. With the
cloud's ``suspension_mode = confirm`` the run suspends nobody: the accounts wait
in the collections page's suspension queue for a person to confirm or dismiss.
Days overdue count whole days since the invoice's due date.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from cambill.clouds.models import Account, AccountStatus, Cloud, SuspensionMode
from cambill.core import clock
from cambill.core.access import SYSTEM, Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import validation
from cambill.core.permissions import require
from cambill.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

from .collections.rules import dismissed_invoice_ids
from .gateways.config import stripe_config
from .gateways.scheduling import autopay_accounts, start_charge_after_commit
from .models import ChargeAttempt, DunningEvent, DunningPolicy
from .resumption import _record, dunning_check_resume


def _days(values: Any) -> list[int]:
    if not isinstance(values, list) or any(
        not isinstance(v, int) or isinstance(v, bool) or v < 0 or v > 365 for v in values
    ):
        raise validation("reminder_days", gettext("A list of whole days between 0 and 365."))
    return sorted(set(values))


@transaction.atomic
def dunning_policy_set(
    *,
    actor: Actor,
    cloud: Cloud,
    reminder_days: list[int],
    suspend_after_days: int | None,
    enabled: bool = True,
) -> DunningPolicy:
    """Set when a cloud reminds (days after due) and when it suspends."""
    require(actor, "payment.configure", cloud)
    days = _days(reminder_days)
    if suspend_after_days is not None and (
        not isinstance(suspend_after_days, int) or not 0 < suspend_after_days <= 365
    ):
        raise validation("suspend_after_days", gettext("Whole days between 1 and 365, or empty."))
    policy, _ = DunningPolicy.objects.select_for_update().get_or_create(
        cloud=cloud, defaults={"updated_at": clock.now()}
    )
    before = snapshot(policy)
    policy.reminder_days = days
    policy.suspend_after_days = suspend_after_days
    policy.enabled = bool(enabled)
    policy.updated_at = clock.now()
    policy.save()
    audit(actor=actor, verb="dunning_policy_set", obj=policy, before=before, after=snapshot(policy))
    return policy


def _send_reminder(
    account: Account, invoice: Invoice, day: int, open_amount: Any, now: datetime
) -> None:
    """Queue the reminder in the outbox, in this run's transaction (a rolled-back run
    mails nobody; a crash after commit loses nothing)."""
    from cambill.notifications import notify

    notify.dunning_reminder(account, invoice, day=day, open_amount=open_amount, now=now)


@transaction.atomic
def dunning_run(*, cloud: Cloud, now: datetime | None = None) -> dict[str, int]:
    """Remind, retry cards, suspend and resume for one cloud at ``now``."""
    from cambill.clouds.services import account_suspend

    from .services import invoice_open_amount

    now = clock.given(now)
    stats = {"reminders": 0, "retries": 0, "suspended": 0, "resumed": 0}
    policy = DunningPolicy.objects.filter(cloud=cloud, enabled=True).first()
    if policy is None:
        return stats
    overdue = (
        Invoice.objects.filter(
            cloud=cloud, kind=InvoiceKind.RETAIL, status=InvoiceStatus.ISSUED, due_at__lt=now
        )
        .select_related("account", "account__owner", "account__cloud")
        .order_by("due_at", "id")
    )
    to_suspend: dict[int, tuple[Account, Invoice, int]] = {}
    # Invoices a person dismissed from the suspension queue never suspend.
    dismissed = dismissed_invoice_ids(cloud)
    for inv in overdue:
        open_amount = invoice_open_amount(inv)
        account = inv.account
        if open_amount <= 0 or account is None or inv.due_at is None:
            continue
        days = (now - inv.due_at).days
        reached = [d for d in policy.reminder_days if d <= days]
        if reached:
            # Only the latest reminder reached is mailed; earlier ones a late run
            # skipped are recorded so they are never sent afterwards.
            for d in reached[:-1]:
                _record(account, "reminder", now, inv, d, "skipped (a later one was due)")
            d = reached[-1]
            if _record(account, "reminder", now, inv, d, f"{open_amount} {inv.currency}"):
                _send_reminder(account, inv, d, open_amount, now)
                stats["reminders"] += 1
            if retry_charge(inv, day=d, now=now):
                stats["retries"] += 1
        if (
            policy.suspend_after_days is not None
            and days >= policy.suspend_after_days
            and inv.pk not in dismissed
        ):
            to_suspend.setdefault(account.pk, (account, inv, days))
    if cloud.suspension_mode == SuspensionMode.CONFIRM:
        # A person confirms each suspension from the collections page's queue
        # (cambill.payments.collections), which lists exactly these accounts.
        to_suspend = {}
    for account, inv, days in to_suspend.values():
        if account.status != AccountStatus.ACTIVE:
            continue
        # The same dated fact as a suspension by hand (it also emits account.suspended).
        account_suspend(
            actor=SYSTEM,
            account=account,
            at=min(now, clock.now()),  # a suspension is never dated in the future
            reason=f"{inv.number} {days} days overdue",
            webhook_data={"invoice": inv.number, "days_overdue": days},
        )
        _record(account, "suspended", now, inv, days, f"{inv.number} {days} days overdue")
        stats["suspended"] += 1
    for account in Account.objects.filter(cloud=cloud, status=AccountStatus.SUSPENDED):
        if dunning_check_resume(account=account, now=now):
            stats["resumed"] += 1
    return stats


def retry_charge(invoice: Invoice, *, day: int, now: datetime) -> bool:
    """Dunning day reached: retry a failed card charge once for this day, dated ``now``."""
    if stripe_config(invoice.cloud_id) is None:
        return False
    last = ChargeAttempt.objects.filter(invoice=invoice).order_by("-number").first()
    if last is None or last.status != "failed":
        return False
    # Only on the default card of an account that autopays (a card the bank wants
    # authenticated, ``requires_action``, waits for its holder in the portal).
    if invoice.account_id is None or not autopay_accounts({invoice.account_id}):
        return False
    account = invoice.account
    if account is None:
        return False
    if _record(account, "retry", now, invoice, day, f"attempt {last.number + 1}") is None:
        return False
    start_charge_after_commit(invoice, now)
    return True


def dunning_events(*, account: Account) -> Any:
    return DunningEvent.objects.filter(account=account).select_related("invoice")
