"""The e-mail outbox: who receives a cloud's billing mail, what it says, every message."""

from __future__ import annotations

from django.db import models

from .choices import Kind, Status


class BillingContact(models.Model):
    """One address that receives billing mail: of an account (its invoices,
    receipts, reminders) or, with no account, of the cloud itself (the provider's
    wholesale invoices). ``position`` orders them; the first is the main one."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(
        "clouds.Account",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="billing_contacts",
    )
    email = models.EmailField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["cloud", "account"])]

    def __str__(self) -> str:
        return self.email


class Template(models.Model):
    """A cloud's own subject and body of one kind of message in one language;
    without one the default in ``defaults.py`` is used."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    language = models.CharField(max_length=8)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "kind", "language"], name="notification_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.language}"


class Message(models.Model):
    """One e-mail in the outbox, written in the business event's transaction.

    ``dedup_key`` (unique per cloud) makes the same event queue once however often
    it is announced. A queued row survives a crash: the periodic job sends every
    message whose ``next_attempt_at`` has come. An invoice's PDF is rendered at send
    time from ``invoice``; other attachments are stored in ``attachment``.

    A password-reset link is addressed to ``user`` and made at send time (the
    stored body keeps ``{reset_url}``), so no live secret sits in the outbox; a
    provider staff member's has no ``cloud``."""

    cloud = models.ForeignKey(
        "clouds.Cloud", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    dedup_key = models.CharField(max_length=200)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    account = models.ForeignKey(
        "clouds.Account", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    language = models.CharField(max_length=8, default="en")
    invoice = models.ForeignKey(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment = models.BinaryField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "dedup_key"], name="notification_dedup")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}"
