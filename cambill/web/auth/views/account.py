"""The signed-in user's own account (name, e-mail, language, password, and links
to its second factor and API tokens), and the public password-reset pages:
"forgot password?" and the page a reset link opens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import user_has_device
from django_ratelimit.core import is_ratelimited

from cambill.accounts import two_factor
from cambill.accounts.password_reset import (
    BadLink,
    password_reset_complete,
    password_reset_request,
    password_reset_user,
)
from cambill.accounts.selectors import token_list
from cambill.accounts.services import user_update
from cambill.core import reset_tokens
from cambill.core.errors import DomainError
from cambill.web.auth.forms import (
    ForgotPasswordForm,
    NewPasswordForm,
    PasswordChangeForm,
    ProfileForm,
)
from cambill.web.auth.views.login import remember_language
from cambill.web.core.pages import VerbFormPage, apply_domain_error

PROFILE = ("first_name", "last_name", "email", "language")


class MyAccountView(VerbFormPage):
    """Your own details; your password, second factor and tokens one click away."""

    template_name = "web/security/my_account.html"
    form_class = ProfileForm
    title = _("My account")
    success_message = _("Your details are saved.")

    def get_initial(self) -> dict[str, Any]:
        return {k: getattr(self.actor.user, k) for k in PROFILE}

    def perform(self, form: Any) -> Any:
        me = self.actor.user
        changed = {k: v for k, v in form.cleaned_data.items() if v != getattr(me, k)}
        return user_update(actor=self.actor, user=me, **changed) if changed else me

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if response.status_code == 302:  # saved: the next page speaks the language chosen
            remember_language(response, form.cleaned_data.get("language", ""))
        return response

    def get_success_url(self) -> str:
        return reverse("web:my_account")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        me = self.actor.user
        ctx["person"] = me
        ctx["two_factor_on"] = user_has_device(me, confirmed=True)
        ctx["two_factor_required"] = two_factor.two_factor_required(me)
        ctx["recovery_left"] = two_factor.recovery_codes_left(me)
        ctx["tokens_active"] = token_list(actor=self.actor).filter(revoked_at__isnull=True).count()
        return ctx


class PasswordChangeView(VerbFormPage):
    """Your own password, with the current one. Your other sessions end; this one stays."""

    form_class = PasswordChangeForm
    title = _("Change your password")
    success_message = _("Your password is changed. Your other sessions are signed out.")
    submit_label = _("Change password")
    error_aliases = {"password": "new_password1"}

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        user = user_update(
            actor=self.actor,
            user=self.actor.user,
            password=data["new_password1"],
            current_password=data["current_password"],
        )
        update_session_auth_hash(self.request, user)
        return user

    def get_success_url(self) -> str:
        return reverse("web:my_account")

    def default_cancel_url(self) -> str | None:
        return reverse("web:my_account")


# --- forgot password? (public) ---------------------------------------------------

RESET_RATE_GROUP = "cambill.password-reset"


def reset_limited(request: HttpRequest, *, email: str = "") -> bool:
    """Count this request against the client's address (and the e-mail asked
    for); True once over ``CAMBILL_PASSWORD_RESET_RATE`` (default 5 an hour)."""
    rate = str(getattr(settings, "CAMBILL_PASSWORD_RESET_RATE", "5/h"))
    has_address = bool(
        request.META.get("REMOTE_ADDR") or getattr(settings, "RATELIMIT_IP_META_KEY", None)
    )
    keys: list[Any] = ["ip" if has_address else (lambda group, req: "unknown")]
    if email:
        keys.append(lambda group, req: "email:" + email.strip().lower())
    limited = False
    for key in keys:
        limited = (
            bool(
                is_ratelimited(
                    request,
                    group=RESET_RATE_GROUP,
                    key=key,
                    rate=rate,
                    method=["POST"],
                    increment=True,
                )
            )
            or limited
        )
    return limited


def _no_leak(response: HttpResponse) -> HttpResponse:
    # The link's token is in the address: never cache the page nor send it on as Referer.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


class ForgotPasswordView(FormView):
    """Ask for a reset link by e-mail. The answer is the same whether or not a
    user has that address (no user enumeration)."""

    template_name = "web/security/password_forgot.html"
    form_class = ForgotPasswordForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Forgot your password?")
        return ctx

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        if reset_limited(self.request, email=email):
            form.add_error(None, _("Too many requests. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        password_reset_request(email=email)
        messages.info(
            self.request,
            str(
                _(
                    "If an active user has that e-mail address, a link to choose a new "
                    "password is on its way. It works once, for %(hours)d hours."
                )
                % {"hours": reset_tokens.valid_hours()}
            ),
        )
        return HttpResponseRedirect(reverse("web:login"))


class PasswordResetConfirmView(FormView):
    """The page a reset link opens: choose a new password, once."""

    template_name = "web/security/password_reset.html"
    form_class = NewPasswordForm
    person: Any = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.uid, self.token = kwargs["uid"], kwargs["token"]
        try:
            self.person = password_reset_user(uid=self.uid, token=self.token)
        except BadLink:
            self.person = None
        return super().dispatch(request, *args, **kwargs)

    def bad_link(self) -> HttpResponse:
        ctx = {"title": _("Choose a new password"), "bad_link": True}
        return _no_leak(render(self.request, self.template_name, ctx, status=400))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Choose a new password")
        ctx["person"] = self.person
        return ctx

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.person is None:
            return self.bad_link()
        return _no_leak(super().get(request, *args, **kwargs))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if reset_limited(request):
            return self.bad_link()
        if self.person is None:
            return self.bad_link()
        return _no_leak(super().post(request, *args, **kwargs))

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            password_reset_complete(
                uid=self.uid, token=self.token, password=form.cleaned_data["new_password1"]
            )
        except BadLink:
            return self.bad_link()
        except DomainError as e:
            apply_domain_error(form, e, {"password": "new_password1"})
            return self.form_invalid(form)
        messages.success(self.request, str(_("Your password is set. Sign in with it.")))
        return HttpResponseRedirect(reverse("web:login"))
