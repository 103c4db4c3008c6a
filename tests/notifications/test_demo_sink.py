"""The demo's SMTP sink keeps what the outbox delivers; the demo's history is settled."""

from __future__ import annotations

from pathlib import Path

from django.core.mail import EmailMessage, get_connection

from cambill_sandbox.smtp_sink import SmtpSink

from .conftest import free_port


def test_the_demo_sink_receives_and_keeps_a_copy(tmp_path: Path) -> None:
    port = free_port()
    sink = SmtpSink("127.0.0.1", port, tmp_path / "mail").start()
    try:
        conn = get_connection(
            "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port
        )
        EmailMessage("Hello", "Body", "a@x.test", ["b@y.test"], connection=conn).send()
    finally:
        sink.stop()
    assert sink.count == 1
    (eml,) = (tmp_path / "mail").iterdir()
    assert b"Subject: Hello" in eml.read_bytes()
