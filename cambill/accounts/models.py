"""Users and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac

from .roles import Role


class User(AbstractUser):
    """A person who logs in. Its ``role`` is its level of access; cloud-level
    users also have a ``clouds.Membership`` naming their cloud (and account)."""

    role = models.CharField(max_length=32, choices=Role.choices)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    # Raised when the user is deactivated: every session signed in before stops
    # at its next request, and stays dead if the user is reactivated.
    session_epoch = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django checks this hash on every request and flushes a session whose
        # stored hash differs (as after a password change). Epoch 0 keeps
        # Django's own value, so sessions from before this field stay valid.
        value = self.password if not self.session_epoch else f"{self.password}:{self.session_epoch}"
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


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
