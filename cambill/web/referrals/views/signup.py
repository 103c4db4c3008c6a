"""The public sign-up page of an agent's referral link: ``/join/<cloud>/<code>/``.

Nobody is signed in here. The page finds the agent behind the link (an
unknown or deactivated one is the same "link not valid" page, with a 404),
and the form calls ``referral_signup``, which makes the account and its owner
login in one transaction, attributed to the agent. Submissions are limited
per client address (django-ratelimit, ``CAMBILL_SIGNUP_RATE``, default 10 an
hour) so the page cannot be used to flood a cloud with accounts; CSRF is the
site's middleware, as on every form.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.generic import FormView
from django_ratelimit.core import is_ratelimited

from cambill.core import languages
from cambill.core.errors import DomainError, NotFound
from cambill.referrals.signup import referral_agent_for_link, referral_signup
from cambill.web.core.pages import apply_domain_error
from cambill.web.referrals.forms import SignupForm

SIGNUP_RATE_GROUP = "cambill.referral-signup"


def signup_rate() -> str:
    return str(getattr(settings, "CAMBILL_SIGNUP_RATE", "10/h"))


def signup_limited(request: HttpRequest) -> bool:
    """Count this submission against the client's address; True once over the
    rate. Shared by the page and the API, so both draw on one allowance."""
    # Behind a proxy set RATELIMIT_IP_META_KEY; a request with no address at
    # all (a test client, a broken proxy) shares one "unknown" allowance.
    has_address = bool(
        request.META.get("REMOTE_ADDR") or getattr(settings, "RATELIMIT_IP_META_KEY", None)
    )
    return bool(
        is_ratelimited(
            request,
            group=SIGNUP_RATE_GROUP,
            key="ip" if has_address else (lambda group, req: "unknown"),
            rate=signup_rate(),
            method=["POST"],
            increment=True,
        )
    )


class JoinView(FormView):
    """Create a subscriber account through an agent's referral link."""

    template_name = "web/signup/join.html"
    form_class = SignupForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            self.agent = referral_agent_for_link(
                cloud_slug=kwargs["slug"], referral_code=kwargs["code"]
            )
        except NotFound:
            return render(request, "web/signup/unavailable.html", {}, status=404)
        self.cloud = self.agent.cloud
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        # A link may carry a coupon (``?coupon=CODE``), redeemed on the new account.
        return {
            "language": languages.supported(translation.get_language()),
            "coupon": self.request.GET.get("coupon", "")[:64],
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(agent=self.agent, cloud=self.cloud, title=gettext("Create your account"))
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if signup_limited(request):
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None, gettext("Too many sign-ups from your address. Please try again later.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        d = form.cleaned_data
        try:
            result = referral_signup(
                agent=self.agent,
                name=d["name"],
                email=d["email"],
                username=d["username"],
                password=d["password"],
                language=d["language"],
                accept_terms=d["accept_terms"],
                remote_addr=self.request.META.get("REMOTE_ADDR", ""),
                coupon=d.get("coupon") or "",
            )
        except NotFound:
            # Deactivated between the page and the submit.
            return render(self.request, "web/signup/unavailable.html", {}, status=404)
        except DomainError as e:
            apply_domain_error(form, e)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Your account %(account)s is ready. Sign in as %(username)s.")
            % {"account": result.account.name, "username": result.user.username},
        )
        response = HttpResponseRedirect(reverse("web:login"))
        # The login page (and what follows) opens in the language just chosen.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            d["language"],
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response
