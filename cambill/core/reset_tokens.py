"""Password-reset links: a signed token per user that expires and works once.

Django's ``PasswordResetTokenGenerator`` signs the user's id, password hash,
last sign-in and e-mail with a timestamp: setting a new password changes the
hash, so a used link is dead; so is one older than ``CAMBILL_PASSWORD_RESET_HOURS``
(default 24). Ours also signs ``is_active``, so a link sent before a
deactivation never opens the account.

Here, in the core, because both the outbox (which makes the link when it sends
the message, so no live token is ever stored) and the accounts verbs (which
check it) need it, and neither imports the other for it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

DEFAULT_HOURS = 24


def valid_hours() -> int:
    return int(getattr(settings, "CAMBILL_PASSWORD_RESET_HOURS", DEFAULT_HOURS))


class ResetTokens(PasswordResetTokenGenerator):
    key_salt = "cambill.core.reset_tokens.ResetTokens"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{int(bool(user.is_active))}"

    def check_token(self, user: Any, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        # Django's own limit is PASSWORD_RESET_TIMEOUT (3 days); ours is shorter.
        try:
            ts = base36_to_int(str(token).split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - ts <= valid_hours() * 3600


tokens = ResetTokens()


def make(user: Any) -> tuple[str, str]:
    """The ``(uid, token)`` pair of a new link for ``user``."""
    return urlsafe_base64_encode(force_bytes(user.pk)), tokens.make_token(user)


def user_pk(uid: str) -> int | None:
    """The user id a link's ``uid`` names, or None when it is not one."""
    try:
        return int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        return None


def check(user: Any, token: str) -> bool:
    return bool(user is not None and user.is_active and tokens.check_token(user, token))
