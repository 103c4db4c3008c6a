"""Translations for labels defined in English outside the web layer (the
choices of the domain models and roles), so pages show them in the user's
language without the domain modules depending on translation.

``gettext_noop`` marks each label for ``makemessages``; ``tr`` and
``tr_choices`` look them up when a page is rendered.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

CHOICE_LABELS = [
    # accounts.roles.Role
    gettext_noop("Provider admin"),
    gettext_noop("Provider accountant"),
    gettext_noop("Provider manager"),
    gettext_noop("Cloud admin"),
    gettext_noop("Account manager"),
    gettext_noop("Cloud accountant"),
    gettext_noop("Subscriber"),
    gettext_noop("Referral agent"),
    # clouds: Proration, CloudStatus, AccountStatus, CameraStatus
    gettext_noop("Per local day"),
    gettext_noop("Per second"),
    gettext_noop("Active"),
    gettext_noop("Suspended"),
    gettext_noop("Closed"),
    gettext_noop("Disabled"),
    gettext_noop("Removed"),
    # catalog: ServiceKind, DiscountKind
    gettext_noop("Fixed (per camera-month)"),
    gettext_noop("Metered (from a meter)"),
    gettext_noop("Percent"),
    gettext_noop("Fixed amount"),
    # referrals
    gettext_noop("When the invoice is issued"),
    gettext_noop("When the invoice is paid"),
    gettext_noop("Accrual"),
    gettext_noop("Clawback"),
    # invoicing: InvoiceKind, InvoiceStatus, BillRunStatus, line kinds
    gettext_noop("Wholesale (provider to cloud)"),
    gettext_noop("Retail (cloud to subscriber)"),
    gettext_noop("Draft"),
    gettext_noop("Issued"),
    gettext_noop("Paid"),
    gettext_noop("Void"),
    gettext_noop("Pending"),
    gettext_noop("Running"),
    gettext_noop("Completed"),
    gettext_noop("Failed"),
    gettext_noop("Tariff"),
    gettext_noop("Service"),
    gettext_noop("Metered"),
    gettext_noop("Adjustment"),
    gettext_noop("Discount"),
    # usage.Aggregation (meters in the API browser and exports)
    gettext_noop("Sum"),
    gettext_noop("Maximum"),
    gettext_noop("Latest value"),
    gettext_noop("Unique count"),
    gettext_noop("Time-weighted average"),
    gettext_noop("Count"),
    # watcher: SuspendMode, SyncStatus, PushKind, PushStatus
    gettext_noop("Disable the account's streams"),
    gettext_noop("Disable the organization's users"),
    gettext_noop("Never run"),
    gettext_noop("OK"),
    gettext_noop("Account -> organization, suspension"),
    gettext_noop("Camera tariff -> stream preset"),
    gettext_noop("Done"),
    gettext_noop("Failed (will retry)"),
    # webhooks.DeliveryStatus
    gettext_noop("Succeeded"),
    gettext_noop("Failed (gave up)"),
]


def tr(label: Any) -> str:
    """The label in the active language (unchanged when it has no translation)."""
    if label is None or label == "":
        return ""
    return gettext(str(label))


tr_lazy = lazy(tr, str)


def tr_choices(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Choices whose labels are translated when the form is rendered."""
    return [(value, tr_lazy(label)) for value, label in choices]
