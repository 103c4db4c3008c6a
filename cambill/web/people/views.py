"""A cloud's referral agents and login users."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.accounts.selectors import cloud_user_list
from cambill.accounts.services import user_create
from cambill.referrals.selectors import agent_get, agent_list
from cambill.referrals.services import agent_create, agent_update
from cambill.web.core.pages import CloudFormPage, CloudListPage
from cambill.web.people.filters import AgentFilter, UserFilter
from cambill.web.people.forms import AgentForm, CloudUserForm
from cambill.web.people.tables import AgentTable, UserTable


class AgentListView(CloudListPage):
    action = "agent.view"
    title = _("Referral agents")
    table_class = AgentTable
    filterset_class = AgentFilter

    def rows(self) -> Any:
        return (
            agent_list(actor=self.actor, cloud=self.cloud)
            .annotate(n_accounts=Count("accounts"))
            .order_by("code")
        )

    def get_actions(self) -> Any:
        return [
            self.button(
                _("New agent"), reverse("web:agent_create", args=[self.cloud.slug]), "agent.manage"
            )
        ]


class AgentFormMixin:
    form_class: Any = AgentForm

    def get_success_url(self) -> str:
        return reverse("web:agent_list", args=[self.cloud.slug])  # type: ignore[attr-defined]

    default_cancel_url = get_success_url


class AgentCreateView(AgentFormMixin, CloudFormPage):
    action = "agent.manage"
    title = _("New agent")
    success_message = _("Agent created.")

    def perform(self, form: Any) -> Any:
        d = dict(form.cleaned_data)
        return agent_create(
            actor=self.actor, cloud=self.cloud, code=d.pop("code"), name=d.pop("name"), **d
        )


class AgentEditView(AgentFormMixin, CloudFormPage):
    action = "agent.manage"
    success_message = _("Agent saved.")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.object = agent_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])

    def get_title(self) -> Any:
        return _("Edit agent %(code)s") % {"code": self.object.code}

    def get_initial(self) -> dict[str, Any]:
        a = self.object
        return {
            "code": a.code,
            "name": a.name,
            "email": a.email,
            "parent": a.parent,
            "rate_percent": a.rate_percent,
            "active": a.active,
        }

    def perform(self, form: Any) -> Any:
        return agent_update(actor=self.actor, agent=self.object, **form.cleaned_data)


class CloudUserListView(CloudListPage):
    action = "user.view"
    title = _("Users")
    table_class = UserTable
    filterset_class = UserFilter

    def rows(self) -> Any:
        return cloud_user_list(actor=self.actor, cloud=self.cloud).order_by("username")

    def get_actions(self) -> Any:
        return [
            self.button(
                _("New user"), reverse("web:user_create", args=[self.cloud.slug]), "user.manage"
            )
        ]


class CloudUserCreateView(CloudFormPage):
    action = "user.manage"
    title = _("New user")
    form_class = CloudUserForm
    success_message = _("User created.")

    def perform(self, form: Any) -> Any:
        return user_create(actor=self.actor, cloud=self.cloud, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("web:user_list", args=[self.cloud.slug])

    default_cancel_url = get_success_url
