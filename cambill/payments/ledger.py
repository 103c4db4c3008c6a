"""The append-only double-entry ledger: posting journals and deriving balances.

Every journal balances (debits == credits) or nothing is written; a journal's
``key`` is unique per cloud, so posting the same fact twice is a no-op. Nothing
here updates or deletes a line: a correction is a new journal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum

from cambill.core import clock
from cambill.core.errors import DomainError, ErrorCode

from .models import LedgerEntry, LedgerLine

ZERO = Decimal(0)

CASH = "cash"
REVENUE_RETAIL = "revenue:retail"
TAX_RETAIL = "tax:retail"
PAYABLE_PROVIDER = "payable:provider"
PREPAID_PROVIDER = "prepaid:provider"
COST_WHOLESALE = "cost:wholesale"
TAX_WHOLESALE = "tax:wholesale"
COMMISSION_EXPENSE = "commission:expense"
COMMISSION_PAYABLE = "commission:payable"


def receivable(account_id: int | None) -> str:
    assert account_id is not None, "a retail posting needs its account"
    return f"receivable:account:{account_id}"


def commission_payable(agent_id: int | None) -> str:
    """What the cloud owes one referral agent (credit balance) until paid out."""
    return COMMISSION_PAYABLE if agent_id is None else f"{COMMISSION_PAYABLE}:agent:{agent_id}"


def credit_code(account_id: int | None) -> str:
    assert account_id is not None, "a retail posting needs its account"
    return f"credit:account:{account_id}"


@dataclass(frozen=True)
class Leg:
    """One side of a journal before it is written."""

    code: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    account_id: int | None = None


def dr(code: str, amount: Decimal, account_id: int | None = None) -> Leg:
    return Leg(code=code, debit=Decimal(amount), account_id=account_id)


def cr(code: str, amount: Decimal, account_id: int | None = None) -> Leg:
    return Leg(code=code, credit=Decimal(amount), account_id=account_id)


class UnbalancedJournal(DomainError):
    def __init__(self, debit: Decimal, credit: Decimal):
        super().__init__(
            ErrorCode.CONFLICT, f"A journal must balance: debits {debit} != credits {credit}."
        )


@transaction.atomic
def ledger_post(
    *,
    cloud_id: int,
    key: str,
    kind: str,
    currency: str,
    legs: Iterable[Leg],
    description: str = "",
    invoice: Any = None,
    payment: Any = None,
    now: datetime | None = None,
) -> LedgerEntry | None:
    """Write one balanced journal; return None when ``key`` was already posted.

    Zero legs are dropped (a 0 % tax line says nothing); a negative leg flips
    side, so callers can post signed amounts (a discount) without branching.
    """
    clean: list[Leg] = []
    for leg in legs:
        d, c = leg.debit - leg.credit, ZERO
        if d < 0:
            d, c = ZERO, -d
        if d == 0 and c == 0:
            continue
        clean.append(Leg(code=leg.code, debit=d, credit=c, account_id=leg.account_id))
    total_dr = sum((x.debit for x in clean), ZERO)
    total_cr = sum((x.credit for x in clean), ZERO)
    if total_dr != total_cr:
        raise UnbalancedJournal(total_dr, total_cr)
    if not clean:
        return None
    if LedgerEntry.objects.filter(cloud_id=cloud_id, key=key).exists():
        return None
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                cloud_id=cloud_id,
                key=key,
                kind=kind,
                currency=currency,
                description=description[:300],
                invoice=invoice,
                payment=payment,
                posted_at=now or clock.now(),
            )
    except IntegrityError:
        return None  # posted concurrently by someone else: same fact, same journal
    LedgerLine.objects.bulk_create(
        [
            LedgerLine(
                cloud_id=cloud_id,
                entry=entry,
                account_id=x.account_id,
                code=x.code,
                debit=x.debit,
                credit=x.credit,
            )
            for x in clean
        ]
    )
    return entry


# --- balances -----------------------------------------------------------------


def code_balance(cloud_id: int, code: str) -> Decimal:
    """Debits minus credits of one ledger account."""
    agg = LedgerLine.objects.filter(cloud_id=cloud_id, code=code).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    return (agg["d"] or ZERO) - (agg["c"] or ZERO)


def account_balance(account: Any) -> Decimal:
    """What a subscriber account owes its cloud (negative: the account has credit)."""
    return code_balance(account.cloud_id, receivable(account.pk)) + code_balance(
        account.cloud_id, credit_code(account.pk)
    )


def account_credit(account: Any) -> Decimal:
    """Money received from the account and not applied to any invoice yet."""
    return -code_balance(account.cloud_id, credit_code(account.pk))


def agent_payable(agent: Any) -> Decimal:
    """What the cloud owes a referral agent in commission not yet paid out."""
    return -code_balance(agent.cloud_id, commission_payable(agent.pk))


def cloud_balance_to_provider(cloud: Any) -> Decimal:
    """What the cloud owes the provider (negative: the cloud has prepaid)."""
    return -code_balance(cloud.pk, PAYABLE_PROVIDER) - code_balance(cloud.pk, PREPAID_PROVIDER)


def trial_balance(cloud_id: int) -> dict[str, Decimal]:
    """Debits minus credits per ledger account of a cloud (sums to zero)."""
    rows = (
        LedgerLine.objects.filter(cloud_id=cloud_id)
        .values("code")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by("code")
    )
    return {r["code"]: (r["d"] or ZERO) - (r["c"] or ZERO) for r in rows}


def ledger_post_many(*, cloud_id: int, kind: str, posts: list[dict[str, Any]]) -> int:
    """Write many balanced journals of one cloud at once (a bulk issue): each
    post is the keyword arguments of :func:`ledger_post` but ``cloud_id`` and
    ``kind``. Keys already posted are skipped, as ``ledger_post`` does; the
    caller holds the rows the keys belong to (the invoices), so nobody posts
    them meanwhile. Returns the number of journals written."""
    ready: list[tuple[dict[str, Any], list[Leg]]] = []
    for post in posts:
        clean: list[Leg] = []
        for leg in post["legs"]:
            d, c = leg.debit - leg.credit, ZERO
            if d < 0:
                d, c = ZERO, -d
            if d == 0 and c == 0:
                continue
            clean.append(Leg(code=leg.code, debit=d, credit=c, account_id=leg.account_id))
        total_dr = sum((x.debit for x in clean), ZERO)
        total_cr = sum((x.credit for x in clean), ZERO)
        if total_dr != total_cr:
            raise UnbalancedJournal(total_dr, total_cr)
        if clean:
            ready.append((post, clean))
    if not ready:
        return 0
    keys = [p["key"] for p, _ in ready]
    done = set(
        LedgerEntry.objects.filter(cloud_id=cloud_id, key__in=keys).values_list("key", flat=True)
    )
    ready = [(p, legs) for p, legs in ready if p["key"] not in done]
    entries = LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                cloud_id=cloud_id,
                key=p["key"],
                kind=kind,
                currency=p["currency"],
                description=p.get("description", "")[:300],
                invoice=p.get("invoice"),
                payment=p.get("payment"),
                posted_at=p.get("now") or clock.now(),
            )
            for p, _ in ready
        ]
    )
    LedgerLine.objects.bulk_create(
        [
            LedgerLine(
                cloud_id=cloud_id,
                entry=entry,
                account_id=x.account_id,
                code=x.code,
                debit=x.debit,
                credit=x.credit,
            )
            for entry, (_, legs) in zip(entries, ready, strict=True)
            for x in legs
        ],
        batch_size=2000,
    )
    return len(entries)
