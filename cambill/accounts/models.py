"""Users and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import Role


class User(AbstractUser):
    """A person who logs in. Its ``role`` is its level of access; cloud-level
    users also have a ``clouds.Membership`` naming their cloud (and account)."""

    role = models.CharField(max_length=32, choices=Role.choices)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")

    def __str__(self) -> str:
        return self.username


class ApiToken(models.Model):
    """A per-user API token. Only a SHA-256 of the secret is stored: the token
    is shown once at creation, and a stolen database does not leak it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} token {self.prefix}"
