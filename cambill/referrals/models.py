"""Referral agents of a cloud."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q


class Agent(models.Model):
    """An outside agent who brings subscribers for a share of their revenue.

    Agents form a tree inside one cloud (``parent``); ``rate_percent`` overrides
    the programme's level-1 rate for this agent when set.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="agents")
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agent",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    rate_percent = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["cloud_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cloud", "code"], name="agent_code_unique_in_cloud"),
            models.CheckConstraint(
                condition=Q(rate_percent__isnull=True)
                | (Q(rate_percent__gte=Decimal(0)) & Q(rate_percent__lte=Decimal(100))),
                name="agent_rate_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.code
