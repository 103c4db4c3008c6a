"""Ledger postings of agents' commission (called by referrals): the commission
accrued on a period's invoices and its payout."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from cambill.clouds.models import Cloud

from . import ledger as L


def ledger_post_commission(
    *,
    cloud: Cloud,
    key: str,
    amount: Decimal,
    currency: str,
    description: str = "",
    agent_id: int | None = None,
    invoice: Any = None,
    now: datetime | None = None,
) -> None:
    """An agent's commission earned: Dr commission:expense / Cr the agent's
    payable (``commission:payable:agent:<id>``; the pooled ``commission:payable``
    when no agent is named). A clawback is the same journal with a negative
    amount, which ``ledger_post`` turns into the reversing sides. Idempotent by
    ``key``."""
    L.ledger_post(
        cloud_id=cloud.pk,
        key=f"commission:{key}",
        kind="commission",
        currency=currency,
        legs=[L.dr(L.COMMISSION_EXPENSE, amount), L.cr(L.commission_payable(agent_id), amount)],
        description=description,
        invoice=invoice,
        now=now,
    )


def ledger_post_commission_payout(
    *,
    cloud: Cloud,
    key: str,
    amount: Decimal,
    currency: str,
    description: str = "",
    agent_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Commission paid out to an agent: Dr the agent's payable / Cr cash."""
    L.ledger_post(
        cloud_id=cloud.pk,
        key=f"payout:{key}",
        kind="commission_payout",
        currency=currency,
        legs=[L.dr(L.commission_payable(agent_id), amount), L.cr(L.CASH, amount)],
        description=description,
        now=now,
    )
