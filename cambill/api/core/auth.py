"""Authentication for the API: ``Authorization: Bearer <token>``, then the
session of the pages, which must have passed the second factor its user needs.

Order matters: a request that carries a Bearer header is decided by the token
alone (valid, or 401), never by the cookie that may come with it.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions


def speak_the_users_language(request: Any, user: Any) -> None:
    """A client that names no language (no ``Accept-Language``) is answered in
    its user's language: error messages, choice labels. The codes never change."""
    if request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return  # LocaleMiddleware already chose the language the client asked for
    from cambill.core import languages

    code = languages.match(getattr(user, "language", None))
    if code:
        translation.activate(code)
        request.LANGUAGE_CODE = code


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, str] | None:
        """The token's user, and as ``request.auth`` the token's public prefix
        (what rate limits count by)."""
        from cambill.accounts.services import TOKEN_PREFIX, token_user

        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0].lower() != "bearer":
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after 'Bearer'."))
        user = token_user(parts[1])
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        speak_the_users_language(request, user)
        return user, parts[1][len(TOKEN_PREFIX) :].split("_", 1)[0]

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="cambill"'


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication (with its CSRF check), refusing with 403 a
    session that has not passed the second factor its user needs, whatever
    other headers the request carries."""

    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        from cambill.accounts.two_factor import two_factor_required

        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        verified = getattr(user, "is_verified", None)
        if two_factor_required(user) and not (verified is not None and verified()):
            raise exceptions.PermissionDenied(
                _("Two-factor verification is required for this session.")
            )
        return result


def verified_session(request: Any) -> bool:
    """Was this API request authenticated by a (two-factor checked) session,
    rather than by a token?"""
    return isinstance(getattr(request, "successful_authenticator", None), SessionAuthentication)


class VerifiedSessionScheme(SessionScheme):
    target_class = "cambill.api.core.auth.SessionAuthentication"


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "cambill.api.core.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer"}
