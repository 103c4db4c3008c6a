"""What each business event mails, and to whom (called inside the event's transaction).

Invoicing announces through its domain events (``subscriptions.py``); payments
and referrals call these functions from their verbs. Each message carries a
``dedup_key`` naming the event, so an event announced twice queues one message.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import pgettext

from cambill.core import languages
from cambill.core.display import period_key_text
from cambill.core.languages import babel_locale
from cambill.core.money import format_money

from .choices import Kind
from .models import Message
from .services import account_contacts, cloud_contacts, message_enqueue


def public_url(path: str) -> str:
    base = str(getattr(settings, "CAMBILL_PUBLIC_URL", "http://127.0.0.1:8000")).rstrip("/")
    return base + path


def _url(name: str, **kwargs: Any) -> str:
    try:
        return public_url(reverse(name, kwargs=kwargs))
    except NoReverseMatch:
        return public_url("/")


def _date(value: datetime | None, cloud: Any, lang: str) -> str:
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(cloud.timezone)).date()
    return format_date(local, format="medium", locale=babel_locale(lang))


def _money(amount: Any, currency: str, lang: str) -> str:
    return format_money(Decimal(amount), currency, lang)


def invoice_issued(invoice: Any, *, now: datetime) -> Message | None:
    """A retail invoice to the account's billing contacts; a wholesale one to the cloud's."""
    cloud = invoice.cloud
    wholesale = invoice.account_id is None
    lang = languages.supported(invoice.language if wholesale else invoice.account.language)
    values = {
        "number": invoice.number,
        "total": _money(invoice.total, invoice.currency, lang),
        "due_date": _date(invoice.due_at, cloud, lang),
        "period": period_key_text(invoice.period, lang),  # "March 2026", in the reader's words
        "portal_url": _url("web:invoice_detail", slug=cloud.slug, pk=invoice.pk),
    }
    if wholesale:
        values["provider_name"] = invoice.issuer_name
        return message_enqueue(
            cloud=cloud,
            kind=Kind.WHOLESALE_INVOICE,
            dedup_key=f"invoice:{invoice.pk}:issued",
            to=cloud_contacts(cloud),
            language=lang,
            values=values,
            invoice=invoice,
            now=now,
        )
    account = invoice.account
    values["account_name"] = account.name
    return message_enqueue(
        cloud=cloud,
        kind=Kind.INVOICE_ISSUED,
        dedup_key=f"invoice:{invoice.pk}:issued",
        to=account_contacts(account),
        language=lang,
        values=values,
        account=account,
        invoice=invoice,
        now=now,
    )


def invoices_issued(invoice_ids: list[int], *, now: datetime) -> int:
    from cambill.invoicing.models import Invoice

    # One query for the block's contacts, not one per invoice (bulk issue of thousands).
    block = (
        Invoice.objects.filter(pk__in=invoice_ids)
        .select_related("cloud", "account", "account__owner")
        .prefetch_related("account__billing_contacts")
    )
    return sum(1 for inv in block.order_by("id") if invoice_issued(inv, now=now))


def credit_note_created(note: Any, *, now: datetime) -> Message | None:
    invoice = note.invoice
    cloud = invoice.cloud
    account = invoice.account
    lang = languages.supported(invoice.language if account is None else account.language)
    values = {
        "account_name": account.name if account is not None else cloud.name,
        "number": note.number,
        "invoice_number": invoice.number,
        "total": _money(note.total, note.currency, lang),
        "reason": note.reason,
        "portal_url": _url("web:invoice_detail", slug=cloud.slug, pk=invoice.pk),
    }
    to = account_contacts(account) if account is not None else cloud_contacts(cloud)
    return message_enqueue(
        cloud=cloud,
        kind=Kind.CREDIT_NOTE,
        dedup_key=f"credit_note:{note.pk}",
        to=to,
        language=lang,
        values=values,
        account=account,
        invoice=invoice,
        now=now,
    )


def _receipt_values(payment: Any, lang: str) -> dict[str, str]:
    """What a receipt says of a payment: amount, day, reference, invoices it paid."""
    numbers = [
        a.invoice.number
        for a in payment.allocations.select_related("invoice").all()
        if a.invoice.number and a.amount > 0
    ]
    return {
        "amount": _money(payment.amount, payment.currency, lang),
        "received_date": _date(payment.received_at, payment.cloud, lang),
        "reference": payment.reference or "-",
        "invoices": ", ".join(numbers) or "-",
    }


def payment_receipt(payment: Any, *, now: datetime) -> Message | None:
    """A receipt for money a subscriber paid (retail payments only)."""
    account = payment.account
    if account is None:
        return None
    cloud = payment.cloud
    lang = languages.supported(account.language)
    values = {
        **_receipt_values(payment, lang),
        "account_name": account.name,
        "portal_url": _url("web:account_detail", slug=cloud.slug, code=account.code),
    }
    return message_enqueue(
        cloud=cloud,
        kind=Kind.PAYMENT_RECEIPT,
        dedup_key=f"payment:{payment.pk}:receipt",
        to=account_contacts(account),
        language=lang,
        values=values,
        account=account,
        now=now,
    )


def wholesale_receipt(payment: Any, *, now: datetime) -> Message | None:
    """A receipt for money a cloud paid the provider, to the cloud's billing
    contacts, in the language of the provider's invoices."""
    if payment.account_id is not None:
        return None
    cloud = payment.cloud
    lang = languages.supported(getattr(settings, "CAMBILL_PROVIDER_INVOICE_LANGUAGE", "en"))
    values = {
        **_receipt_values(payment, lang),
        "cloud_name": cloud.name,
        "provider_name": settings.CAMBILL_PROVIDER_NAME,
        "portal_url": _url("web:wholesale_invoices", slug=cloud.slug),
    }
    return message_enqueue(
        cloud=cloud,
        kind=Kind.WHOLESALE_RECEIPT,
        dedup_key=f"payment:{payment.pk}:receipt",
        to=cloud_contacts(cloud),
        language=lang,
        values=values,
        now=now,
    )


def payment_failed(
    invoice: Any,
    *,
    amount: Any,
    error: str,
    requires_action: bool,
    key: str,
    now: datetime,
) -> Message | None:
    """A card charge of a retail invoice that did not go through (declined, or the
    bank wants the cardholder to authenticate): pay it in the portal. ``key``
    names the charge attempt, so one attempt is announced once."""
    account = invoice.account
    cloud = invoice.cloud
    lang = languages.supported(account.language)
    if requires_action:
        with translation.override(lang):
            reason = pgettext("e-mail", "your bank asks you to confirm the payment.")
    else:
        reason = error or "-"
    values = {
        "account_name": account.name,
        "number": invoice.number,
        "amount": _money(amount, invoice.currency, lang),
        "reason": reason,
        "portal_url": _url("web:account_detail", slug=cloud.slug, code=account.code),
    }
    return message_enqueue(
        cloud=cloud,
        kind=Kind.PAYMENT_FAILED,
        dedup_key=f"{key}:failed",
        to=account_contacts(account),
        language=lang,
        values=values,
        account=account,
        invoice=invoice,
        now=now,
    )


def dunning_reminder(
    account: Any,
    invoice: Any,
    *,
    day: int,
    open_amount: Any,
    now: datetime,
    dedup_key: str | None = None,
) -> Message | None:
    """``dedup_key``: a reminder sent by hand names its own event (account and day)."""
    cloud = invoice.cloud
    lang = languages.supported(account.language)
    values = {
        "account_name": account.name,
        "number": invoice.number,
        "amount": _money(open_amount, invoice.currency, lang),
        "due_date": _date(invoice.due_at, cloud, lang),
        "days_overdue": str(day),
        "portal_url": _url("web:invoice_detail", slug=cloud.slug, pk=invoice.pk),
    }
    return message_enqueue(
        cloud=cloud,
        kind=Kind.DUNNING_REMINDER,
        dedup_key=dedup_key or f"invoice:{invoice.pk}:reminder:{day}",
        to=account_contacts(account),
        language=lang,
        values=values,
        account=account,
        invoice=invoice,
        now=now,
    )


def agent_statement(
    agent: Any,
    *,
    period: str,
    total: Any,
    currency: str,
    pdf: bytes,
    filename: str,
    language: str,
    now: datetime,
) -> Message | None:
    cloud = agent.cloud
    lang = languages.supported(language)
    to = [agent.email or getattr(agent.user, "email", "") or ""]
    values = {
        "agent_name": agent.name,
        "period": period_key_text(period, lang),
        "total": _money(total, currency, lang),
        "portal_url": _url("web:home"),
    }
    return message_enqueue(
        cloud=cloud,
        kind=Kind.AGENT_STATEMENT,
        dedup_key=f"agent:{agent.pk}:statement:{period}",
        to=to,
        language=lang,
        values=values,
        attachment=pdf,
        attachment_name=filename,
        now=now,
    )


def password_reset(user: Any, *, cloud: Any, now: datetime) -> Message | None:
    """A password-reset link to a user's own e-mail, in the user's language. The
    link itself is made when the message is sent (``{reset_url}`` stays in the
    stored body), so the outbox never holds a live token."""
    from cambill.core import reset_tokens

    lang = languages.supported(user.language)
    values = {
        "user_name": user.get_full_name() or user.username,
        "username": user.username,
        "valid_hours": str(reset_tokens.valid_hours()),
    }
    return message_enqueue(
        cloud=cloud,
        kind=Kind.PASSWORD_RESET,
        # Each request is a message of its own (a user may ask twice).
        dedup_key=f"user:{user.pk}:password_reset:{now.isoformat()}",
        to=[user.email],
        language=lang,
        values=values,
        user=user,
        now=now,
    )
