"""The e-mail outbox against a real SMTP server: what arrives, failures, retries,
resend and dedup (issue #13, point 2)."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import utc
from tests.invoicing.conftest import add_cameras
from tests.invoicing.helpers import bill, retail, wholesale

ISSUE_AT = utc(2026, 4, 5, 12)


def _pdf_text(part: Any) -> str:
    reader = PdfReader(io.BytesIO(part.get_content()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _attachments(msg: Any) -> list[Any]:
    return [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]


@pytest.fixture
def billed(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """March 2026 of telenet billed as drafts; acme speaks Spanish and has two contacts."""
    import time_machine

    from cambill.core.access import SYSTEM
    from cambill.notifications.services import billing_contacts_set

    acme = world.accounts["acme"]
    acme.language = "es"
    acme.save(update_fields=["language"])
    t = world.clouds["telenet"]
    with time_machine.travel(utc(2026, 4, 5, 12), tick=False):
        add_cameras(world)
        bill(t, "2026-03", ISSUE_AT)
    billing_contacts_set(
        actor=SYSTEM, cloud=t, account=acme, emails=["ap@acme.test", "cfo@acme.test"]
    )
    billing_contacts_set(
        actor=SYSTEM, cloud=t, account=world.accounts["beta"], emails="b@beta.test"
    )
    return world


def _issue(inv: Any) -> Any:
    from cambill.core.access import SYSTEM
    from cambill.invoicing.services import invoice_issue

    return invoice_issue(actor=SYSTEM, invoice=inv, now=ISSUE_AT)


def test_issued_invoice_arrives_in_the_accounts_language_with_its_pdf(
    billed, smtp, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from cambill.notifications.models import Message

    t = billed.clouds["telenet"]
    with django_capture_on_commit_callbacks(execute=True):
        inv = _issue(retail(t, "2026-03", "acme"))
    assert inv.total == Decimal("25.91")
    msg = Message.objects.get(invoice=inv)
    assert msg.status == "sent", msg.last_error
    assert msg.attempts == 1 and msg.sent_at is not None
    assert len(smtp.received) == 1
    got = smtp.received[0]
    assert sorted(got.rcpt_tos) == ["ap@acme.test", "cfo@acme.test"]
    mail = got.message
    assert mail["Subject"] == f"Factura {inv.number} de Telenet"
    assert mail["Content-Language"] == "es"
    assert mail["To"] == "ap@acme.test, cfo@acme.test"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Hola ACME Logistics:" in body
    assert f"/clouds/telenet/invoices/{inv.pk}/" in body
    assert "25,91" in body  # Spanish money
    (pdf,) = _attachments(mail)
    assert pdf.get_filename() == f"{inv.number}.pdf"
    text = _pdf_text(pdf)
    assert inv.number in text
    assert "25,91" in text


def test_the_accounts_email_is_its_first_contact_and_wholesale_goes_to_the_cloud(
    billed, smtp, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from cambill.core.access import SYSTEM
    from cambill.notifications.services import billing_contacts_set

    t = billed.clouds["telenet"]
    billing_contacts_set(actor=SYSTEM, cloud=t, emails="noc@telenet.test\nbilling@telenet.test")
    with django_capture_on_commit_callbacks(execute=True):
        w = _issue(wholesale(t, "2026-03"))
    (got,) = smtp.received
    assert got.rcpt_tos == ["noc@telenet.test", "billing@telenet.test"]
    assert got.message["Subject"] == f"Wholesale invoice {w.number} for Telenet"
    (pdf,) = _attachments(got.message)
    text = _pdf_text(pdf)
    assert w.number in text and f"{w.total:.2f} USD" in text


def test_smtp_failure_is_kept_and_retried_with_backoff_then_sent(
    billed, smtp, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from cambill.notifications.models import Message
    from cambill.notifications.services import messages_deliver_due

    t = billed.clouds["telenet"]
    smtp.refuse = "550 5.1.1 Mailbox unavailable"
    with django_capture_on_commit_callbacks(execute=True):
        inv = _issue(retail(t, "2026-03", "beta"))
    msg = Message.objects.get(invoice=inv)
    assert msg.status == "failed"
    assert "550" in msg.last_error and "Mailbox unavailable" in msg.last_error
    assert msg.attempts == 1
    first_retry = msg.next_attempt_at
    assert first_retry is not None and first_retry == msg.last_attempt_at + timedelta(minutes=1)
    # Not due yet: nothing happens.
    assert messages_deliver_due(now=first_retry - timedelta(seconds=1)) == 0
    # Due, still failing: the next wait doubles.
    assert messages_deliver_due(now=first_retry) == 1
    msg.refresh_from_db()
    assert msg.attempts == 2 and msg.next_attempt_at == first_retry + timedelta(minutes=2)
    smtp.refuse = ""
    assert messages_deliver_due(now=msg.next_attempt_at) == 1
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.last_error == "" and msg.attempts == 3
    assert len(smtp.received) == 1


def test_a_queued_message_survives_a_crash_and_the_periodic_job_sends_it(billed, smtp):  # type: ignore[no-untyped-def]
    from cambill.notifications.models import Message
    from cambill.notifications.tasks import deliver_due

    t = billed.clouds["telenet"]
    inv = _issue(retail(t, "2026-03", "acme"))  # committed, but the process died before sending
    assert Message.objects.get(invoice=inv).status == "queued"
    assert smtp.received == []
    assert deliver_due.apply().result == 1
    assert Message.objects.get(invoice=inv).status == "sent"
    assert len(smtp.received) == 1


def test_the_same_event_queues_once(billed, smtp):  # type: ignore[no-untyped-def]
    from cambill.notifications import notify
    from cambill.notifications.models import Message

    t = billed.clouds["telenet"]
    inv = _issue(retail(t, "2026-03", "acme"))
    assert notify.invoice_issued(inv, now=ISSUE_AT) is None  # announced again
    assert notify.invoices_issued([inv.pk], now=ISSUE_AT) == 0  # and in a block
    assert Message.objects.filter(invoice=inv).count() == 1


def test_resend_sends_a_sent_message_again(billed, smtp, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from cambill.notifications.models import Message
    from cambill.notifications.services import message_resend

    t = billed.clouds["telenet"]
    with django_capture_on_commit_callbacks(execute=True):
        inv = _issue(retail(t, "2026-03", "acme"))
    msg = Message.objects.get(invoice=inv)
    with django_capture_on_commit_callbacks(execute=True):
        message_resend(actor=billed.actor("cadmin"), message=msg)
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.attempts == 2
    assert len(smtp.received) == 2
    assert smtp.received[1].message["Subject"] == smtp.received[0].message["Subject"]


def test_a_cloud_template_is_used_in_its_language_only(
    billed, smtp, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from cambill.notifications.services import template_preview, template_set

    t = billed.clouds["telenet"]
    template_set(
        actor=billed.actor("cadmin"),
        cloud=t,
        kind="invoice_issued",
        language="es",
        subject="Su factura {number} ({total})",
        body="Total {total}, vence {due_date}.",
    )
    subject, _body = template_preview(t, "invoice_issued", "es")
    assert subject == "Su factura TN-2026-000123 (25.91 USD)"
    with django_capture_on_commit_callbacks(execute=True):
        acme = _issue(retail(t, "2026-03", "acme"))  # Spanish
        beta = _issue(retail(t, "2026-03", "beta"))  # English: the default
    subjects = sorted(r.message["Subject"] for r in smtp.received)
    assert subjects == sorted(
        [f"Su factura {acme.number} (25,91 USD)", f"Invoice {beta.number} from Telenet"]
    )


def test_a_template_with_a_bad_placeholder_is_refused(billed):  # type: ignore[no-untyped-def]
    from cambill.core.errors import DomainError
    from cambill.notifications.models import Template
    from cambill.notifications.services import template_set

    t = billed.clouds["telenet"]
    with pytest.raises(DomainError):
        template_set(
            actor=billed.actor("cadmin"),
            cloud=t,
            kind="invoice_issued",
            language="en",
            subject="Invoice {number",
            body="x",
        )
    assert not Template.objects.exists()


def test_a_credit_note_is_mailed_with_the_corrected_invoice(
    billed, smtp, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from cambill.core.access import SYSTEM
    from cambill.invoicing.services import credit_note_create

    t = billed.clouds["telenet"]
    inv = _issue(retail(t, "2026-03", "beta"))
    with django_capture_on_commit_callbacks(execute=True):
        note = credit_note_create(actor=SYSTEM, invoice=inv, reason="Camera offline", now=ISSUE_AT)
    (got,) = smtp.received  # the invoice's own message is still queued (no commit then)
    assert got.message["Subject"] == f"Credit note {note.number} from Telenet"
    assert "Camera offline" in got.message.get_body(preferencelist=("plain",)).get_content()
    assert len(_attachments(got.message)) == 1


def test_a_payment_receipt_is_mailed(billed, smtp, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from cambill.core.access import SYSTEM
    from cambill.payments.services import payment_record

    t = billed.clouds["telenet"]
    inv = _issue(retail(t, "2026-03", "acme"))
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            actor=SYSTEM,
            cloud=t,
            account=billed.accounts["acme"],
            amount="25.91",
            received_at=utc(2026, 4, 10),
            reference="TRX-1",
            invoices=[inv],
            now=utc(2026, 4, 10),
        )
    (got,) = smtp.received
    assert got.message["Subject"] == "Pago recibido: 25,91 USD"
    body = got.message.get_body(preferencelist=("plain",)).get_content()
    assert inv.number in body and "TRX-1" in body


def test_every_kind_has_a_default_in_every_language() -> None:
    from cambill.core.languages import CODES
    from cambill.notifications.choices import Kind
    from cambill.notifications.defaults import DEFAULTS, PLACEHOLDERS, check

    for code in CODES:
        for kind in Kind.values:
            subject, body = DEFAULTS[code][kind]
            assert check(subject) is None and check(body) is None
            assert kind in PLACEHOLDERS
