"""API rate limits: one budget per token (or per signed-in user) and one per
client address, both counted in the cache (set CACHE_URL so all workers share
them). Rates come from settings at each request (``CAMBILL_API_RATE_TOKEN``,
``CAMBILL_API_RATE_ADDRESS``), so an operator changes them by environment and
tests can lower them. Going over answers 429 in the error shape
(``{"code": "throttled", ...}``) with ``Retry-After``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class _SettingsRateThrottle(SimpleRateThrottle):
    setting = ""

    def get_rate(self) -> str | None:
        return getattr(settings, self.setting, None) or None

    def allow_request(self, request: Any, view: Any) -> bool:
        # Read the rate now, not at construction, so a changed setting applies.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class TokenRateThrottle(_SettingsRateThrottle):
    """Per API token (each token its own budget), or per user for a session."""

    scope = "token"
    setting = "CAMBILL_API_RATE_TOKEN"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None  # the address budget covers anonymous calls
        from .auth import BearerTokenAuthentication

        if isinstance(request.successful_authenticator, BearerTokenAuthentication):
            ident = f"token:{request.auth}"
        else:
            ident = f"user:{user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(_SettingsRateThrottle):
    """Per client address (``REMOTE_ADDR``, or ``X-Forwarded-For`` behind
    ``NUM_PROXIES`` trusted proxies), whoever is calling."""

    scope = "address"
    setting = "CAMBILL_API_RATE_ADDRESS"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
