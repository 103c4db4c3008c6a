"""Outbound webhooks: a cloud's endpoints, the events it emitted, every delivery."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

EVENT_TYPES = [
    "invoice.issued",
    "invoice.paid",
    "invoice.voided",
    "payment.succeeded",
    "payment.failed",
    "account.suspended",
    "account.resumed",
    "camera.tariff_changed",
    "bill_run.completed",
]


class WebhookEndpoint(models.Model):
    """A URL of the operator's that receives the events it subscribed to,
    signed with its secret (write-only: shown once, never returned)."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=100)
    events = models.JSONField(default=list)
    description = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class WebhookEvent(models.Model):
    """Something that happened in a cloud, with the JSON body every endpoint gets."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    uid = models.UUIDField(default=uuid.uuid4, unique=True)
    type = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.uid}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed (gave up)")


class WebhookDelivery(models.Model):
    """One event to one endpoint: its attempts, last answer and next retry time."""

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default="pending")
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.IntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    replay_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_id} -> {self.endpoint_id} {self.status}"
