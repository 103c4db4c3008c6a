"""Security of the pages: login throttling and two-factor sign-in.

* ``ThrottleBackend`` is django-axes' ``AxesStandaloneBackend`` (first in
  ``AUTHENTICATION_BACKENDS``): it refuses a locked-out username+address pair
  before the password is even checked. ``authenticate()`` calls without a
  request (a shell, ``Client.login`` in tests) have nothing to throttle by and
  are let through to the next backend instead of raising.
* ``lockout_response`` answers a locked-out sign-in with the sign-in page and a
  clear message (HTTP 429), never an error page.
* ``TwoFactorMiddleware`` sends a signed-in user who must use a second factor
  (provider staff when ``CAMBILL_REQUIRE_2FA_FOR_STAFF``, and anyone who turned
  it on for themselves) to enrolment or to code entry before any other page.
* The rules and writes of two-factor (enrolment, recovery codes, an admin's
  reset) are in ``cambill.accounts.two_factor``; this module keeps the page
  side (the middleware, marking a session verified, the QR code).
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from cambill.accounts import two_factor


class ThrottleBackend(AxesStandaloneBackend):
    """AxesStandaloneBackend that ignores calls without a request."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The sign-in page again, with the lockout explained (429 Too Many Requests)."""
    minutes = round(float(getattr(settings, "AXES_COOLOFF_TIME", 0.25) or 0) * 60)
    message = _(
        "Too many failed sign-ins for this user from your address. "
        "Try again in %(minutes)d minutes, or ask an administrator to unlock you."
    ) % {"minutes": minutes}
    return render(
        request,
        "web/login.html",
        {
            "form": AuthenticationForm(request),
            "lockout_message": message,
            "next": request.POST.get("next", "") if request.method == "POST" else "",
        },
        status=429,
    )


# --- two-factor -------------------------------------------------------------

# The rules and writes live in the domain (cambill.accounts.two_factor); the
# names stay importable from here for the pages.
two_factor_required = two_factor.two_factor_required
totp_device_pending = two_factor.totp_device_pending
totp_device_confirm = two_factor.totp_device_confirm
DEVICE_NAME = two_factor.DEVICE_NAME


def is_verified(request: HttpRequest) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def bearer_request(request: HttpRequest) -> bool:
    """Does the request carry ``Authorization: Bearer ...``? Then the API
    authenticates it by that token alone (valid, or refused with 401) and
    never falls back to the session cookie."""
    scheme = request.headers.get("Authorization", "").split(None, 1)[:1]
    return bool(scheme) and scheme[0].lower() == "bearer"


# Reachable before the second factor: signing in and out, the two-factor pages
# themselves, the language switcher and static files. (Enrolment refuses an
# already-enrolled user who has not passed the second factor, see its view.)
_OPEN_URL_NAMES = ("web:login", "web:logout", "web:two_factor", "web:two_factor_enrol")
_OPEN_PREFIXES = ("/static/", "/i18n/", "/favicon")


def two_factor_refusal() -> JsonResponse:
    return JsonResponse(
        {
            "code": "forbidden",
            "message": _("Two-factor verification is required for this session."),
            "fields": {},
        },
        status=403,
    )


class TwoFactorMiddleware:
    """After the password, unverified users who need a second factor get only
    the enrolment / code pages (pages redirect; session API calls get 403).

    Only a bearer token skips the check on the API: any other request with a
    session is checked whatever headers it carries (DRF would otherwise fall
    back to the session for, say, a ``Basic`` header)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and getattr(user, "is_authenticated", False)
            and not is_verified(request)
            and not self._open(request.path)
            and two_factor_required(user)
        ):
            if request.path.startswith("/api/"):
                if bearer_request(request):
                    # A token call: the session plays no part in it.
                    return self.get_response(request)
                return two_factor_refusal()
            name = (
                "web:two_factor"
                if user_has_device(user, confirmed=True)
                else "web:two_factor_enrol"
            )
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(name)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        if path.startswith(_OPEN_PREFIXES):
            return True
        return any(path == reverse(name) for name in _OPEN_URL_NAMES)


def verify_code(request: HttpRequest, token: str) -> bool:
    """Check an app code or a recovery code and mark the session verified."""
    device = two_factor.verify_code(user=request.user, token=token)
    if device is None:
        return False
    otp_login(request, device)
    return True


def qr_svg(data: str) -> str:
    """The provisioning URL as an inline SVG drawn here (no external service)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(data, image_factory=SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    # Drop the XML prolog and the namespace declarations: inline in HTML the
    # parser puts <svg> in its namespace by itself.
    svg = svg[svg.index("<svg") :]
    return re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)


def secret_text(device: TOTPDevice) -> str:
    """The shared secret in base32, grouped by four, for typing in by hand."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


# --- API docs under the Content-Security-Policy -------------------------------


def _csp_hashes(html: str, tag: str) -> list[str]:
    """CSP source expressions for the inline ``<tag>`` bodies of a page."""
    import hashlib

    out = []
    for attrs, body in re.findall(rf"<{tag}([^>]*)>(.*?)</{tag}>", html, re.S):
        if "src=" in attrs or not body.strip():
            continue
        digest = hashlib.sha256(body.encode()).digest()
        out.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return out


def api_docs_view() -> Callable[..., HttpResponse]:
    """Swagger UI for /api/v1/docs/ under the strict policy.

    drf-spectacular renders the UI's init script and a few style rules inline.
    Rather than allowing inline code, this one view adds the SHA-256 hashes of
    exactly those blocks to its own policy (what csp's ``csp_update`` decorator
    does, with hashes computed from the rendered page, since the script
    embeds the schema URL). Every other page keeps the global policy.
    """
    from drf_spectacular.views import SpectacularSwaggerView

    view = SpectacularSwaggerView.as_view(url_name="api:schema")

    def docs(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        html = response.content.decode(response.charset or "utf-8")
        update = {
            "script-src": _csp_hashes(html, "script"),
            "style-src": _csp_hashes(html, "style"),
        }
        response._csp_update = {k: v for k, v in update.items() if v}  # type: ignore[attr-defined]
        return response

    return docs
