"""The notification tests' SMTP server: the shared one of ``tests/smtp_sink.py``."""

from tests.smtp_sink import Received, SmtpSink, free_port, smtp

__all__ = ["Received", "SmtpSink", "free_port", "smtp"]
