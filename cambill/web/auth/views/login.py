"""Signing in and out, the landing redirect, and each user's API tokens."""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django.views.i18n import set_language as django_set_language

from cambill.accounts.selectors import token_get, token_list
from cambill.accounts.services import api_token_create, api_token_revoke, user_update
from cambill.core import languages
from cambill.core.access import actor_for
from cambill.core.errors import DomainError
from cambill.web.auth.forms import LoginForm, TokenForm
from cambill.web.core.navigation import landing_url
from cambill.web.core.pages import ActorMixin, VerbFormPage


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Pages speak the user's language from the first one after signing in.
        remember_language(response, getattr(form.get_user(), "language", "") or "")
        return response


def remember_language(response: HttpResponse, language: str) -> None:
    """Set the language cookie (when ``language`` is one we speak), so the next
    page is already in it."""
    if languages.is_supported(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,
        )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, and the choice kept on the user so the next
    sign-in (on any device) opens in it."""
    response = django_set_language(request)
    # "pt-BR" or "pt_BR" from a hand-made form is kept as the stored "pt-br".
    language = languages.match(request.POST.get("language", ""))
    user = request.user
    if (
        user.is_authenticated
        and language is not None
        and getattr(user, "language", language) != language
    ):
        # The cookie is set anyway; keeping the choice on the profile is a nicety.
        with contextlib.suppress(DomainError):
            user_update(actor=actor_for(user), user=user, language=language)
    return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link could be fired by any page to sign you out."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, str(_("You have signed out.")))
        return response


class HomeView(ActorMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect(landing_url(self.actor))


class NoRoleView(ActorMixin, TemplateView):
    template_name = "web/no_role.html"
    title = _("No access yet")


class TokenListView(VerbFormPage):
    """List, create and revoke your own API tokens; a new secret is shown once.

    The secret is rendered in the answer to the POST itself (no redirect) so it
    never sits in a session or a flash message; the page is marked no-store.
    """

    template_name = "web/tokens.html"
    form_class = TokenForm
    title = _("My API tokens")
    secret: str | None = None

    def perform(self, form: Any) -> Any:
        token, self.secret = api_token_create(
            actor=self.actor, user=self.actor.user, name=form.cleaned_data["name"]
        )
        return token

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if self.secret is None:
            return response  # refused: the form with its errors
        messages.success(
            self.request, str(_("Token created. Copy the secret now: it is shown only once."))
        )
        page = self.render_to_response(self.get_context_data(form=TokenForm()))
        page["Cache-Control"] = "no-store"
        return page

    def get_success_url(self) -> str:
        return reverse("web:token_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["tokens"] = list(token_list(actor=self.actor))
        ctx["secret"] = self.secret
        return ctx


class TokenRevokeView(ActorMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = token_get(actor=self.actor, pk=pk)
        api_token_revoke(actor=self.actor, token=token)
        messages.success(request, str(_("Token %(prefix)s revoked.") % {"prefix": token.prefix}))
        return HttpResponseRedirect(reverse("web:token_list"))
