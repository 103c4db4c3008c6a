"""A stable text dump of the demo's data, for comparing two runs.

Rows are written in primary-key order (so the order of creation is compared
too) but by natural keys (codes, usernames), never by raw ids. Left out:
``User.date_joined``/``last_login`` (Django stamps them with the wall clock)
and audit rows' contents beyond verb, object and time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _rows(label: str, qs: Any, fields: list[str]) -> Iterator[str]:
    for row in qs.order_by("pk").values_list(*fields):
        yield label + " " + " | ".join(_fmt(v) for v in row)


def dump_lines(include_audit: bool = True) -> list[str]:
    from cambill.accounts.models import User
    from cambill.catalog.models import (
        AccountDiscount,
        CloudAllowedTariff,
        CloudServicePrice,
        Service,
        ServicePrice,
        TariffComponent,
        TariffPlan,
    )
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud, Membership
    from cambill.core.models import AuditEntry
    from cambill.invoicing.models import Invoice, InvoiceLine
    from cambill.referrals.models import Agent

    out: list[str] = []
    out += _rows("service", Service.objects, ["code", "name", "kind", "unit", "preset_settings"])
    out += _rows(
        "price", ServicePrice.objects, ["service__code", "currency", "amount", "valid_from"]
    )
    out += _rows(
        "user",
        User.objects,
        ["username", "role", "email", "first_name", "last_name", "language", "password"],
    )
    out += _rows(
        "tariff",
        TariffPlan.objects,
        ["cloud__slug", "code", "name", "currency", "price", "created_at"],
    )
    out += _rows(
        "component",
        TariffComponent.objects,
        ["tariff__cloud__slug", "tariff__code", "service__code", "quantity"],
    )
    out += _rows(
        "cloud",
        Cloud.objects,
        [
            "slug",
            "name",
            "currency",
            "timezone",
            "discount_percent",
            "tax_percent",
            "wholesale_tax_percent",
            "trial_until",
            "manager__username",
            "legal_name",
            "tax_id",
            "address",
            "created_at",
        ],
    )
    out += _rows("allowed", CloudAllowedTariff.objects, ["cloud__slug", "tariff__code"])
    out += _rows(
        "cloud_price",
        CloudServicePrice.objects,
        ["cloud__slug", "service__code", "currency", "amount", "valid_from"],
    )
    out += _rows(
        "membership", Membership.objects, ["user__username", "cloud__slug", "account__code"]
    )
    out += _rows(
        "agent",
        Agent.objects,
        [
            "cloud__slug",
            "code",
            "name",
            "email",
            "user__username",
            "parent__code",
            "rate_percent",
            "created_at",
        ],
    )
    out += _rows(
        "account",
        Account.objects,
        [
            "cloud__slug",
            "code",
            "name",
            "email",
            "owner__username",
            "account_manager__username",
            "referral_agent__code",
            "trial_until",
            "status",
            "language",
            "legal_name",
            "tax_id",
            "address",
            "created_at",
        ],
    )
    out += _rows(
        "discount",
        AccountDiscount.objects,
        ["account__code", "kind", "value", "valid_from", "valid_to"],
    )
    out += _rows(
        "camera",
        Camera.objects,
        ["cloud__slug", "code", "title", "account__code", "status", "created_at"],
    )
    out += _rows(
        "period",
        CameraTariffPeriod.objects,
        ["cloud__slug", "camera__code", "account__code", "tariff__code", "valid_from", "valid_to"],
    )
    out += _rows(
        "invoice",
        Invoice.objects,
        [
            "cloud__slug",
            "account__code",
            "kind",
            "status",
            "number",
            "period",
            "net",
            "tax",
            "total",
        ],
    )
    out += _rows(
        "line",
        InvoiceLine.objects,
        ["invoice__number", "position", "description", "quantity", "unit_price", "amount"],
    )
    out += _money_rows()
    if include_audit:
        out += _rows(
            "audit", AuditEntry.objects, ["at", "actor_repr", "verb", "object_type", "object_repr"]
        )
    return out


def _money_rows() -> list[str]:
    """What the demo's months collected, mailed and paid out (``collect.py``)."""
    from cambill.notifications.models import Message
    from cambill.payments.models import BankLine, ChargeAttempt, DunningEvent, Payment
    from cambill.referrals.models import Payout

    out: list[str] = []
    out += _rows(
        "payment",
        Payment.objects,
        [
            "cloud__slug",
            "account__code",
            "kind",
            "method",
            "amount",
            "received_at",
            "reference",
            "external_id",
            "created_at",
        ],
    )
    out += _rows(
        "charge",
        ChargeAttempt.objects,
        ["invoice__number", "number", "status", "intent_id", "amount", "created_at"],
    )
    out += _rows(
        "bank_line",
        BankLine.objects,
        ["cloud__slug", "date", "amount", "payer_name", "reference", "status", "invoice__number"],
    )
    out += _rows(
        "dunning",
        DunningEvent.objects,
        ["account__code", "invoice__number", "kind", "day", "at"],
    )
    out += _rows(
        "message",
        Message.objects,
        ["cloud__slug", "kind", "to", "language", "subject", "status", "created_at", "sent_at"],
    )
    out += _rows(
        "payout", Payout.objects, ["cloud__slug", "agent__code", "period", "amount", "paid_on"]
    )
    return out
