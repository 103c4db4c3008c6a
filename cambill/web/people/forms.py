"""Forms of the people pages: provider staff and cloud users, agents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cambill.accounts.roles import CLOUD_ROLES, PROVIDER_ROLES, Role
from cambill.accounts.selectors import grantable_roles
from cambill.clouds.selectors import account_list
from cambill.core import languages
from cambill.core.validation import PASSWORD_MAX_LENGTH
from cambill.referrals.selectors import agent_list
from cambill.web.core.forms import (
    CODE_HELP,
    ActorForm,
    choice_field,
    decimal_field,
)
from cambill.web.core.labels import tr_choices


class UserForm(ActorForm):
    """A new login user (provider staff here, cloud users in ``CloudUserForm``)."""

    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    role = forms.ChoiceField(label=_("Role"))
    email = forms.EmailField(label=_("E-mail"), required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=languages.CHOICES)

    roles: Any = sorted(PROVIDER_ROLES)

    def setup(self) -> None:
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = tr_choices((r.value, r.label) for r in Role if r in self.roles)


class AgentForm(ActorForm):
    code = forms.CharField(label=_("Code"), max_length=64, help_text=CODE_HELP)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    parent = choice_field(_("Parent agent"), empty=_("(top level)"))
    rate_percent = decimal_field(
        _("Commission rate %"), required=False, help_text=_("Blank: the programme's level-1 rate.")
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def setup(self) -> None:
        qs = agent_list(actor=self.actor, cloud=self.cloud)
        if self.initial.get("code"):
            del self.fields["code"]
            qs = qs.exclude(code=self.initial["code"])
        else:
            del self.fields["active"]
        self.set_queryset("parent", qs)


class CloudUserForm(UserForm):
    """A login for a cloud: staff, a subscriber user of an account, or an agent's user."""

    roles = CLOUD_ROLES
    account = choice_field(_("Account (subscriber users)"))
    agent = choice_field(_("Agent (agent users)"))

    def setup(self) -> None:
        super().setup()
        self.set_queryset("account", account_list(actor=self.actor, cloud=self.cloud))
        free_agents = agent_list(actor=self.actor, cloud=self.cloud).filter(user__isnull=True)
        self.set_queryset("agent", free_agents)


class UserEditForm(ActorForm):
    """Someone else's name, e-mail, language and (within its family) role."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=languages.CHOICES)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        self.person = person
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        roles = grantable_roles(self.actor, self.person)
        if len(roles) < 2:
            del self.fields["role"]
            return
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = tr_choices((r.value, r.label) for r in roles)
        role.help_text = _("Only the roles you may give this user are offered.")
