"""Two-factor sign-in pages: enrol an authenticator app, then enter its codes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View

from cambill.core.access import actor_for

from .. import security


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


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

    def page(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        ctx = {"form": form, "next": _next_url(request), "title": _("Two-factor sign-in")}
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not security.two_factor_required(request.user) or security.is_verified(request):
            return HttpResponseRedirect(_next_url(request))
        from django_otp import user_has_device

        if not user_has_device(request.user, confirmed=True):
            return HttpResponseRedirect(reverse("web:two_factor_enrol"))
        return self.page(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid() and security.verify_code(request, form.cleaned_data["code"]):
            return HttpResponseRedirect(_next_url(request))
        if form.is_valid():
            form.add_error("code", _("That code is not right. Enter the current code."))
        return self.page(request, form, status=400)


class TwoFactorEnrolView(LoginRequiredMixin, View):
    """Scan the QR code (drawn on the server) and confirm with a first code.

    Required for provider staff when ``CAMBILL_REQUIRE_2FA_FOR_STAFF`` is on;
    any other user may turn it on here for themselves.
    """

    template_name = "web/security/enrol.html"

    def page(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        from django_otp import user_has_device

        device = security.totp_device_pending(user=request.user)
        ctx = {
            "form": form,
            "next": _next_url(request),
            "title": _("Set up two-factor sign-in"),
            "qr_svg": security.qr_svg(device.config_url),
            "secret": security.secret_text(device),
            "enrolled": user_has_device(request.user, confirmed=True),
            "required": security.two_factor_required(request.user),
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            device = security.totp_device_pending(user=request.user)
            code = form.cleaned_data["code"].strip().replace(" ", "")
            if security.totp_device_confirm(
                actor=actor_for(request.user), device=device, token=code
            ):
                from django_otp import login as otp_login

                otp_login(request, device)
                messages.success(request, str(_("Two-factor sign-in is on.")))
                return HttpResponseRedirect(_next_url(request))
            form.add_error("code", _("That code is not right. Enter the current code."))
        return self.page(request, form, status=400)


__all__ = ["TwoFactorEnrolView", "TwoFactorVerifyView"]
