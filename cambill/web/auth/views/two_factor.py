"""Two-factor sign-in pages: enrol an authenticator app (and get recovery
codes), enter its codes (or a recovery code), make new recovery codes, and a
provider admin's reset of someone's second factor on the user's page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_otp import login as otp_login
from django_otp import user_has_device

from cambill.accounts import two_factor
from cambill.accounts.selectors import may_manage, user_get
from cambill.core.access import actor_for
from cambill.web.auth.forms import CodeForm, VerifyForm
from cambill.web.core import security
from cambill.web.core.pages import ActorMixin, DetailPage


def _codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    """New recovery codes, in the answer to the POST that made them (never in
    the session or a flash message), not cached: shown this once."""
    ctx = {"title": _("Your recovery codes"), "codes": codes, "next": next_url}
    response = render(request, "web/security/recovery_codes.html", ctx)
    response["Cache-Control"] = "no-store"
    return response


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("web:home")


class TwoFactorVerifyView(LoginRequiredMixin, View):
    """After the password: the current code of the user's authenticator."""

    template_name = "web/security/two_factor.html"

    def page(self, request: HttpRequest, form: VerifyForm, status: int = 200) -> HttpResponse:
        ctx = {"form": form, "next": _next_url(request), "title": _("Two-factor sign-in")}
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not security.two_factor_required(request.user) or security.is_verified(request):
            return HttpResponseRedirect(_next_url(request))

        if not user_has_device(request.user, confirmed=True):
            return HttpResponseRedirect(reverse("web:two_factor_enrol"))
        return self.page(request, VerifyForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = VerifyForm(request.POST)
        if form.is_valid() and security.verify_code(request, form.cleaned_data["code"]):
            return HttpResponseRedirect(_next_url(request))
        if form.is_valid():
            form.add_error(
                "code",
                _("That code is not right. Enter the current code or an unused recovery code."),
            )
        return self.page(request, form, status=400)


class TwoFactorEnrolView(LoginRequiredMixin, View):
    """Scan the QR code (drawn on the server) and confirm with a first code.

    Required for provider staff when ``CAMBILL_REQUIRE_2FA_FOR_STAFF`` is on;
    any other user may turn it on here for themselves. Someone who already has
    a second factor reaches this page only after passing it this session (a
    code or a recovery code): the password alone never replaces it.
    """

    template_name = "web/security/enrol.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if (
            user.is_authenticated
            and user_has_device(user, confirmed=True)
            and not security.is_verified(request)
        ):
            query = urlencode({"next": _next_url(request)})
            return HttpResponseRedirect(f"{reverse('web:two_factor')}?{query}")
        return super().dispatch(request, *args, **kwargs)

    def page(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        device = security.totp_device_pending(user=request.user)
        ctx = {
            "form": form,
            "next": _next_url(request),
            "title": _("Set up two-factor sign-in"),
            "qr_svg": security.qr_svg(device.config_url),
            "secret": security.secret_text(device),
            "enrolled": two_factor.has_authenticator(request.user),
            "required": security.two_factor_required(request.user),
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            device = security.totp_device_pending(user=request.user)
            codes = two_factor.totp_device_confirm(
                actor=actor_for(request.user), device=device, token=form.cleaned_data["code"]
            )
            if codes is not None:
                device.refresh_from_db()
                otp_login(request, device)
                messages.success(request, str(_("Two-factor sign-in is on.")))
                return _codes_page(request, codes, _next_url(request))
            form.add_error("code", _("That code is not right. Enter the current code."))
        return self.page(request, form, status=400)


class RecoveryCodesView(LoginRequiredMixin, View):
    """How many recovery codes are left, and a fresh set on demand (the old
    ones stop working). Behind the second factor like every other page."""

    template_name = "web/security/recovery_codes.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not two_factor.has_authenticator(request.user):
            return HttpResponseRedirect(reverse("web:two_factor_enrol"))
        ctx = {
            "title": _("Recovery codes"),
            "left": two_factor.recovery_codes_left(request.user),
            "next": _next_url(request),
        }
        return render(request, self.template_name, ctx)

    def post(self, request: HttpRequest) -> HttpResponse:
        if not two_factor.has_authenticator(request.user) or not security.is_verified(request):
            return HttpResponseRedirect(reverse("web:two_factor_enrol"))
        codes = two_factor.recovery_codes_regenerate(
            actor=actor_for(request.user), user=request.user
        )
        messages.success(request, str(_("New recovery codes made; the old ones no longer work.")))
        return _codes_page(request, codes, _next_url(request))


class UserDetailView(DetailPage):
    """One user (in the viewer's scope): role, cloud and second factor; whoever
    manages it edits, deactivates or reactivates it and sends it a password-reset
    link here; a provider admin can reset its second factor."""

    action = "user.view"
    template_name = "web/security/user_detail.html"

    def resolve(self, **kwargs: Any) -> None:
        self.object = user_get(actor=self.actor, username=kwargs["username"])

    def get_title(self) -> Any:
        return self.object.username

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.object
        ctx["person"] = user
        ctx["membership"] = getattr(user, "membership", None)
        ctx["two_factor_on"] = user_has_device(user, confirmed=True)
        ctx["recovery_left"] = two_factor.recovery_codes_left(user)
        ctx["may_reset"] = self.actor.can("user.two_factor_reset")
        ctx["may_manage"] = may_manage(self.actor, user)
        return ctx


class TwoFactorResetView(ActorMixin, View):
    """A provider admin turns off someone's second factor (audited)."""

    action = "user.two_factor_reset"

    def post(self, request: HttpRequest, username: str) -> HttpResponse:
        user = user_get(actor=self.actor, username=username)
        had = two_factor.two_factor_reset(actor=self.actor, user=user)
        if had:
            text = _("Two-factor sign-in of %(user)s is reset: they enrol again at next sign-in.")
        else:
            text = _("%(user)s had no second factor; nothing to reset.")
        messages.success(request, str(text % {"user": user.username}))
        return HttpResponseRedirect(reverse("web:user_detail", args=[user.username]))


__all__ = [
    "RecoveryCodesView",
    "TwoFactorEnrolView",
    "TwoFactorResetView",
    "TwoFactorVerifyView",
    "UserDetailView",
]
