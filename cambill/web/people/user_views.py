"""Managing one user (a provider admin: anyone; a cloud admin: its cloud's
users): edit, deactivate, reactivate, and send a password-reset link. The
buttons sit on the user's page (``web:user_detail``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from cambill.accounts.password_reset import password_reset_send
from cambill.accounts.selectors import may_manage, user_get
from cambill.accounts.services import user_deactivate, user_reactivate, user_update
from cambill.core.errors import DomainError, Forbidden
from cambill.web.core.pages import ActorMixin, VerbFormPage
from cambill.web.people.forms import UserEditForm

EDITABLE = ("first_name", "last_name", "email", "language", "role")


class ManagedUserMixin(ActorMixin):
    action = "user.manage"
    person: Any

    def resolve(self, **kwargs: Any) -> None:
        # Out of scope: 404 like a missing user; in scope but not managed (yourself): 403.
        self.person = user_get(actor=self.actor, username=kwargs["username"])
        if not may_manage(self.actor, self.person):
            raise Forbidden(
                str(_("You do not manage this user; your own details are on My account."))
            )

    def detail_url(self) -> str:
        return reverse("web:user_detail", args=[self.person.username])


class UserEditView(ManagedUserMixin, VerbFormPage):
    form_class = UserEditForm
    success_message = _("User saved.")

    def get_title(self) -> Any:
        return _("Edit user %(user)s") % {"user": self.person.username}

    def form_extra_kwargs(self) -> dict[str, Any]:
        return {"actor": self.actor, "person": self.person}

    def get_initial(self) -> dict[str, Any]:
        return {k: getattr(self.person, k) for k in EDITABLE}

    def perform(self, form: Any) -> Any:
        changed = {
            k: v
            for k, v in form.cleaned_data.items()
            if k in EDITABLE and v != getattr(self.person, k)
        }
        if changed:
            return user_update(actor=self.actor, user=self.person, **changed)
        return self.person

    def get_success_url(self) -> str:
        return self.detail_url()

    def default_cancel_url(self) -> str | None:
        return self.detail_url()


class UserActionView(ManagedUserMixin, View):
    """One POST button on the user's page: the verb, a message, back to the page."""

    done: Any = ""

    def verb(self) -> Any:
        raise NotImplementedError

    def post(self, request: HttpRequest, username: str) -> HttpResponse:
        try:
            self.verb()
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, str(self.done % {"user": self.person.username}))
        return HttpResponseRedirect(self.detail_url())


class UserDeactivateView(UserActionView):
    done = _("%(user)s is deactivated: its sessions and API tokens no longer work.")

    def verb(self) -> Any:
        return user_deactivate(actor=self.actor, user=self.person)


class UserReactivateView(UserActionView):
    done = _("%(user)s is active again. Its old API tokens stay revoked.")

    def verb(self) -> Any:
        return user_reactivate(actor=self.actor, user=self.person)


class UserPasswordResetView(UserActionView):
    done = _("A password-reset link for %(user)s is on its way.")

    def verb(self) -> Any:
        return password_reset_send(actor=self.actor, user=self.person)
