"""The outbox's verbs: billing contacts, templates, queueing, sending, resending.

A business verb queues a message in its own transaction (``message_enqueue``):
the row is the promise. After commit the first attempt starts at once (a Celery
task; run in-process in the embedded default); a failure keeps the SMTP error,
and ``notifications.deliver_due`` (every minute, cambill/schedule.py) retries
with exponential backoff. A crash between commit and sending loses nothing: the
queued row is still due. The same event never queues twice (``dedup_key``).
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cambill.core import clock, languages
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import validation
from cambill.core.permissions import require

from . import defaults
from .choices import Kind, Status
from .models import BillingContact, Message, Template

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
MAX_CONTACTS = 10
SEND_TASK = "notifications.send"
# Filled when a password-reset message is sent (a fresh signed link each attempt).
RESET_URL = "{reset_url}"


# --- billing contacts ---------------------------------------------------------------


def account_contacts(account: Any) -> list[str]:
    """Where an account's billing mail goes: its billing contacts, else its e-mail,
    else its owner's."""
    # Through the relation, so a list that prefetched ``billing_contacts`` asks nothing.
    emails = [c.email for c in account.billing_contacts.all()]
    if emails:
        return emails
    fallback = account.email or getattr(account.owner, "email", "") or ""
    return [fallback] if fallback else []


def cloud_contacts(cloud: Any) -> list[str]:
    """Where the provider's wholesale mail to a cloud goes."""
    return list(
        BillingContact.objects.filter(cloud=cloud, account=None).values_list("email", flat=True)
    )


def _clean_emails(emails: Any) -> list[str]:
    if isinstance(emails, str):
        emails = [e for e in emails.replace(",", "\n").splitlines()]
    if not isinstance(emails, (list, tuple)):
        raise validation("billing_contacts", _("Give a list of e-mail addresses."))
    out: list[str] = []
    for raw in emails:
        email = str(raw).strip()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            raise validation(
                "billing_contacts", _("%(email)s is not a valid e-mail address.") % {"email": email}
            ) from None
        if email.lower() not in {e.lower() for e in out}:
            out.append(email)
    if len(out) > MAX_CONTACTS:
        raise validation(
            "billing_contacts", _("At most %(n)d billing contacts.") % {"n": MAX_CONTACTS}
        )
    return out


@transaction.atomic
def billing_contacts_set(
    *, actor: Actor, cloud: Any, account: Any = None, emails: Iterable[str] | str
) -> list[str]:
    """Replace the billing contacts of an account (or, with none, of the cloud)."""
    if account is not None:
        require(actor, "account.edit", account)
        if account.cloud_id != cloud.pk:
            raise validation("account", _("Not an account of this cloud."))
    else:
        require(actor, "payment.manage_wholesale", cloud)
    clean = _clean_emails(emails)
    before = (account_contacts if account is not None else cloud_contacts)(
        account if account is not None else cloud
    )
    BillingContact.objects.filter(cloud=cloud, account=account).delete()
    BillingContact.objects.bulk_create(
        BillingContact(cloud=cloud, account=account, email=e, position=i)
        for i, e in enumerate(clean)
    )
    audit(
        actor=actor,
        verb="billing_contacts_set",
        obj=account if account is not None else cloud,
        before={"billing_contacts": before},
        after={"billing_contacts": clean},
    )
    return clean


# --- templates -----------------------------------------------------------------------


def template_for(cloud: Any, kind: str, language: str) -> tuple[str, str]:
    """The cloud's own (subject, body) of ``kind`` in ``language``, else the default."""
    own = Template.objects.filter(cloud=cloud, kind=kind, language=language).first()
    if own is not None:
        return own.subject, own.body
    return defaults.default(kind, language)


def _check_kind_language(kind: str, language: str) -> None:
    if kind not in Kind.values:
        raise validation("kind", _("Unknown kind of message."))
    if language not in languages.CODES:
        raise validation("language", _("Unknown language."))


@transaction.atomic
def template_set(
    *, actor: Actor, cloud: Any, kind: str, language: str, subject: str, body: str
) -> Template | None:
    """Save the cloud's subject and body of one kind and language; blank both to go
    back to the default (returns None then)."""
    require(actor, "payment.configure", cloud)
    _check_kind_language(kind, language)
    subject, body = (subject or "").strip(), (body or "").replace("\r\n", "\n")
    now = clock.now()
    if not subject and not body.strip():
        Template.objects.filter(cloud=cloud, kind=kind, language=language).delete()
        audit(
            actor=actor,
            verb="notification_template_reset",
            obj=cloud,
            after={"kind": kind, "language": language},
            now=now,
        )
        return None
    if not subject:
        raise validation("subject", _("This field is required."))
    if not body.strip():
        raise validation("body", _("This field is required."))
    if kind == Kind.PASSWORD_RESET and RESET_URL not in body:
        raise validation(
            "body", _("Keep %(name)s in the body: it is the link.") % {"name": RESET_URL}
        )
    if len(subject) > 300:
        raise validation("subject", _("At most 300 characters."))
    for field, text in (("subject", subject), ("body", body)):
        bad = defaults.check(text)
        if bad is not None:
            raise validation(
                field,
                _("Not a valid placeholder: %(name)s. Write placeholders as {name}.")
                % {"name": bad},
            )
    tpl, _created = Template.objects.update_or_create(
        cloud=cloud,
        kind=kind,
        language=language,
        defaults={"subject": subject, "body": body, "updated_at": now},
    )
    audit(
        actor=actor,
        verb="notification_template_set",
        obj=cloud,
        after={"kind": kind, "language": language, "subject": subject},
        now=now,
    )
    return tpl


def template_preview(
    cloud: Any, kind: str, language: str, subject: str | None = None, body: str | None = None
) -> tuple[str, str]:
    """The subject and body filled with sample values (the editor's preview)."""
    own_subject, own_body = template_for(cloud, kind, language)
    from django.conf import settings

    base = str(getattr(settings, "CAMBILL_PUBLIC_URL", "")).rstrip("/")
    values = {
        **defaults.SAMPLE,
        "cloud_name": cloud.name,
        "portal_url": f"{base}/clouds/{cloud.slug}/invoices/",
        "reset_url": f"{base}/password/reset/MQ/sample-token/",
    }
    return (
        defaults.fill(own_subject if subject is None else subject, values),
        defaults.fill(own_body if body is None else body, values),
    )


# --- queueing ----------------------------------------------------------------------


def message_enqueue(
    *,
    cloud: Any,
    kind: str,
    dedup_key: str,
    to: list[str],
    language: str,
    values: dict[str, Any],
    account: Any = None,
    invoice: Any = None,
    user: Any = None,
    attachment: bytes | None = None,
    attachment_name: str = "",
    now: datetime | None = None,
) -> Message | None:
    """Queue one message in the caller's transaction; sending starts after commit.

    None when there is nobody to write to, or when this event already queued its
    message (``dedup_key``). ``cloud`` is None only for mail to provider staff."""
    to = [e for e in to if e]
    if not to:
        return None
    if Message.objects.filter(cloud=cloud, dedup_key=dedup_key).exists():
        return None
    now = clock.given(now)
    language = languages.supported(language)
    subject, body = template_for(cloud, kind, language)
    sender = cloud.name if cloud is not None else settings.CAMBILL_PROVIDER_NAME
    values = {"cloud_name": sender, **values}
    try:
        with transaction.atomic():
            msg = Message.objects.create(
                cloud=cloud,
                kind=kind,
                dedup_key=dedup_key[:200],
                account=account,
                to=to,
                subject=defaults.fill(subject, values).replace("\n", " ")[:300],
                body=defaults.fill(body, values),
                language=language,
                invoice=invoice,
                user=user,
                attachment=attachment,
                attachment_name=attachment_name,
                next_attempt_at=now,
                created_at=now,
            )
    except IntegrityError:  # queued meanwhile by a concurrent announcement
        return None
    pk = msg.pk
    transaction.on_commit(lambda: _start([pk]), robust=True)
    return msg


def _start(ids: list[int]) -> None:
    """Start the sending jobs after commit (by the task's registered name: the tasks
    import the services, never the other way round)."""
    from cambill.celery import app

    # Off while a batch builds history (the demo's months): the rows stay queued for
    # ``notifications.deliver_due``.
    if not getattr(settings, "CAMBILL_NOTIFICATIONS_SEND_ON_COMMIT", True):
        return
    if SEND_TASK not in app.tasks:
        app.loader.import_default_modules()
    task = app.tasks[SEND_TASK]
    for pk in ids:
        task.delay(pk)


# --- sending -----------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    return BACKOFF_BASE * (2 ** max(attempts - 1, 0))


def _pdf_of_invoice(invoice: Any) -> tuple[str, bytes]:
    from cambill.invoicing.pdf import pdf_filename, render_invoice_pdf
    from cambill.invoicing.selectors import credit_notes_of

    return pdf_filename(invoice), render_invoice_pdf(invoice, list(credit_notes_of(invoice)))


def _legal_xml_of_invoice(invoice: Any) -> tuple[str, bytes] | None:
    """The invoice's accepted legal e-invoice (stamped CFDI, DIAN document), if any."""
    from cambill.einvoice.printed import invoice_xml_attachment

    return invoice_xml_attachment(invoice)


def _reset_link(msg: Message) -> str:
    """A fresh signed link for the message's user (made now, never stored)."""
    from django.urls import reverse

    from cambill.core import reset_tokens

    user = msg.user
    if user is None or not user.is_active:
        raise ValueError("the user of this password-reset link is gone or deactivated")
    uid, token = reset_tokens.make(user)
    path = reverse("web:password_reset_confirm", kwargs={"uid": uid, "token": token})
    return str(getattr(settings, "CAMBILL_PUBLIC_URL", "")).rstrip("/") + path


def build_email(msg: Message) -> EmailMessage:
    body = msg.body
    if msg.kind == Kind.PASSWORD_RESET:
        body = body.replace(RESET_URL, _reset_link(msg))
    from cambill.branding.mail import from_address, html_body, sender_brand, text_body

    # The sender's branding: the provider's for its wholesale invoices, else the cloud's.
    wholesale = msg.invoice is not None and str(msg.invoice.kind) == "wholesale"
    brand = sender_brand(msg.cloud, wholesale=wholesale)
    email = EmailMultiAlternatives(
        subject=msg.subject,
        body=text_body(body, brand),
        from_email=from_address(settings.DEFAULT_FROM_EMAIL, brand),
        to=list(msg.to),
        headers={"Content-Language": msg.language, "X-Cambill-Message": str(msg.pk)},
    )
    email.attach_alternative(html_body(body, brand, msg.language), "text/html")
    if msg.invoice_id is not None:
        name, data = _pdf_of_invoice(msg.invoice)
        email.attach(name, data, "application/pdf")
        legal_xml = _legal_xml_of_invoice(msg.invoice)
        if legal_xml is not None:
            email.attach(legal_xml[0], legal_xml[1], "application/xml")
    elif msg.attachment:
        email.attach(
            msg.attachment_name or "attachment.pdf", bytes(msg.attachment), "application/pdf"
        )
    return email


def message_send(message_id: int, now: datetime | None = None) -> Message:
    """One attempt at one message (the task calls this). A message already sent,
    or not yet due, is left alone, so a duplicate job is harmless."""
    now = clock.given(now)
    with transaction.atomic():
        msg = (
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=message_id, status__in=[Status.QUEUED, Status.FAILED])
            .select_related("cloud", "user", "invoice", "invoice__cloud", "invoice__account")
            .first()
        )
        if msg is None or msg.next_attempt_at is None or msg.next_attempt_at > now:
            return Message.objects.get(pk=message_id)
        # Claimed before talking to the server: a concurrent worker skips it.
        msg.attempts += 1
        msg.last_attempt_at = now
        msg.next_attempt_at = now + backoff(msg.attempts)
        msg.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
    error = ""
    try:
        email = build_email(msg)
        email.connection = get_connection(fail_silently=False)
        email.send()
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        error = _smtp_error(exc)
    except Exception as exc:  # a rendering error must not lose the message either
        error = f"{type(exc).__name__}: {exc}"[:1000]
    if error:
        msg.status = Status.FAILED
        msg.last_error = error
        if msg.attempts >= MAX_ATTEMPTS:
            msg.next_attempt_at = None  # given up; "resend" queues it again
    else:
        msg.status = Status.SENT
        msg.last_error = ""
        msg.sent_at = now
        msg.next_attempt_at = None
    msg.save(update_fields=["status", "last_error", "next_attempt_at", "sent_at"])
    return msg


def _smtp_error(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{rcpt}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for rcpt, (code, msg) in exc.recipients.items()
        ]
        return ("SMTP recipients refused: " + "; ".join(parts))[:1000]
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"SMTP {exc.smtp_code} {text}"[:1000]
    return f"{type(exc).__name__}: {exc}"[:1000]


def messages_deliver_due(now: datetime | None = None, limit: int = 200) -> int:
    """Attempt every queued or failed message whose time has come; returns how many."""
    now = clock.given(now)
    ids = list(
        Message.objects.filter(status__in=[Status.QUEUED, Status.FAILED], next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        message_send(pk, now=now)
    return len(ids)


@transaction.atomic
def message_resend(*, actor: Actor, message: Message, now: datetime | None = None) -> Message:
    """Send a message again (a failed one, or a sent one the recipient lost)."""
    require(actor, "payment.manage", message.cloud)
    now = clock.given(now)
    msg = Message.objects.select_for_update().get(pk=message.pk)
    before = {"status": msg.status, "attempts": msg.attempts}
    msg.status = Status.QUEUED
    msg.next_attempt_at = now
    msg.save(update_fields=["status", "next_attempt_at"])
    audit(
        actor=actor,
        verb="notification_resend",
        obj=msg,
        before=before,
        after={"status": msg.status},
        now=now,
    )
    pk = msg.pk
    transaction.on_commit(lambda: _start([pk]), robust=True)
    return msg
